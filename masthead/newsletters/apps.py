from django.apps import AppConfig


class NewslettersConfig(AppConfig):
    name = "masthead.newsletters"
    label = "newsletters"
    verbose_name = "Newsletters"

    def ready(self) -> None:
        from masthead.core.pagecache.signals import pages_show
        from masthead.core.scheduled_jobs import scheduled_job_register
        from masthead.live import actions as live_actions
        from masthead.membership.account_parts import account_part_register
        from masthead.newsletters import alerts, jobs, queries, services, signal_handlers  # noqa: F401
        from masthead.staff.role_names import EDITORS, MEMBERSHIP_MANAGERS
        from masthead.staff.roles import managing, roles_grant

        pages_show("newsletters.Newsletter")  # the sign-up boxes on pages
        scheduled_job_register(name="newsletters", run=jobs.due_run)
        # Editors write and send editions; membership managers look after the lists.
        roles_grant(
            role=EDITORS,
            permissions=[
                *managing("newsletters", "newsletter", "edition"),
                "newsletters.send_edition",
                "newsletters.view_subscriber",
            ],
        )
        roles_grant(
            role=MEMBERSHIP_MANAGERS,
            permissions=[
                *managing("newsletters", "subscriber", "suppression"),
                "newsletters.view_newsletter",
            ],
        )
        # A key event or a breaking item can go out as an edition.
        live_actions.update_link_register(name="newsletter", link=alerts.update_link)
        live_actions.breaking_link_register(name="newsletter", link=alerts.breaking_link)
        # A reader's account export holds their subscriptions; deleting it forgets them.
        account_part_register(
            name="newsletters",
            export=lambda email: queries.subscriptions_data(email=email),
            forget=lambda email: services.subscriber_forget(email=email),
        )
