from django.apps import AppConfig


class MembershipConfig(AppConfig):
    name = "masthead.membership"
    label = "membership"
    verbose_name = "Membership: tiers, members, gifts, campaigns"
