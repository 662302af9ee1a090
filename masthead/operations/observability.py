"""Errors to Sentry when SENTRY_DSN is set (called from settings, before Django starts)."""


def sentry_init(dsn: str, *, environment: str, traces_sample_rate: float, release: str) -> None:
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        integrations=[DjangoIntegration()],
        environment=environment,
        release=release or None,
        traces_sample_rate=traces_sample_rate,
        # Readers' identities, cookies, form data and query strings stay here, and so do
        # local variables (a view's `email`, a request's query string): stack traces keep
        # their source lines.
        data_collection={
            "user_info": False,
            "cookies": {"mode": "off"},
            "http_bodies": [],
            "url_query_params": {"mode": "off"},
            "stack_frame_variables": False,
        },
    )
