from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "masthead.demo"
    label = "demo"
    verbose_name = "Demo newsroom"

    def ready(self) -> None:
        from masthead.core.scheduled_jobs import scheduled_job_register
        from masthead.demo.live import demo_live_feed

        # The demo's still-live coverage moves while `make run` serves it (DEMO_LIVE_FEED).
        scheduled_job_register(name="demo-live-feed", run=demo_live_feed)
