from django.apps import AppConfig


class MembershipConfig(AppConfig):
    name = "masthead.membership"
    label = "membership"
    verbose_name = "Membership: tiers, members, gifts, campaigns"

    def ready(self) -> None:
        from masthead.core.pagecache.signals import pages_show
        from masthead.core.scheduled_jobs import scheduled_job_register
        from masthead.membership import (
            checks,  # noqa: F401 - registers the deploy check
            jobs,
            queries,
        )
        from masthead.newsroom.reading import members_policy_set
        from masthead.staff.role_names import MEMBERSHIP_MANAGERS
        from masthead.staff.roles import managing, roles_grant

        # The drive banner, the tiers and the join button are on every page.
        pages_show(
            "membership.Campaign",
            "membership.CampaignWording",
            "membership.Tier",
            "membership.MembershipSettings",
        )
        scheduled_job_register(name="membership", run=jobs.due_run)
        members_policy_set(queries.reader_is_member)  # who reads members-only stories
        roles_grant(
            role=MEMBERSHIP_MANAGERS,
            permissions=[
                *managing("membership", "member", "tier", "campaign", "gift", "label"),
                "membership.view_payment",
                "membership.change_membershipsettings",
            ],
        )
