"""Start-up checks of the membership settings (`manage.py check --deploy`)."""

from django.core.checks import Error, Tags, register

from masthead.membership import payments


@register(Tags.security, deploy=True)
def payments_provider_check(app_configs, **kwargs) -> list[Error]:
    if not payments.demo_by_default():
        return []
    return [
        Error(
            "No payment provider is configured: the demo provider would take sign-ups, "
            "gifts and donations without moving any money.",
            hint="Set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET (or their _FILE), or set "
            "PAYMENTS_PROVIDER=demo to run a demonstration on purpose.",
            id="masthead.E001",
        )
    ]
