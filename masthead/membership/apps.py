from django.apps import AppConfig


class MembershipConfig(AppConfig):
    name = "masthead.membership"
    label = "membership"
    verbose_name = "Membership: tiers, members, gifts, campaigns"

    def ready(self) -> None:
        from masthead.membership import checks  # noqa: F401 - registers the deploy check
