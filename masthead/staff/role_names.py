"""The names of the newsroom's roles (the Wagtail groups that staff/roles.py keeps), apart
from the models so that settings.py can check TWO_FACTOR_REQUIRED_FOR against them."""

CONTRIBUTORS = "Contributors"
EDITORS = "Editors"
MEMBERSHIP_MANAGERS = "Membership managers"
GROUPS = (CONTRIBUTORS, EDITORS, MEMBERSHIP_MANAGERS)
# Superusers: not a group, but a role a setting can name.
ADMINISTRATORS = "administrators"
