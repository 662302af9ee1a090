"""The e-mail providers' tracking webhooks (bounces, complaints, unsubscribes), routed only
where they can tell the provider from anyone else.

django-anymail's own views accept unauthenticated calls when no secret is configured (with a
warning), so anyone could suppress subscribers. Here a provider's webhook answers only when
anymail will check something: the shared basic-auth secret (ANYMAIL_WEBHOOK_SECRET) or the
provider's signature key (ANYMAIL_MAILGUN_WEBHOOK_SIGNING_KEY, …). Otherwise, and for a
provider anymail does not know, it answers 404.
"""

import logging

from anymail import urls as anymail_urls
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

log = logging.getLogger(__name__)
_SUFFIX = "_tracking_webhook"

# provider ("mailgun", "postmark", …) -> anymail's tracking view class
TRACKING_VIEWS = {
    pattern.name.removesuffix(_SUFFIX): pattern.callback.view_class
    for pattern in anymail_urls.urlpatterns
    if pattern.name and pattern.name.endswith(_SUFFIX)
}


def tracking_authenticated(view_class) -> bool:
    """Whether anymail's view, as configured now, checks who is calling."""
    try:
        view = view_class()
    except ImproperlyConfigured:  # a signing key the provider's view cannot do without
        return False
    return bool(getattr(view, "basic_auth", None)) or not getattr(
        view, "warn_if_no_basic_auth", True
    )


def tracking_provider() -> str | None:
    """The provider of the mail backend in use ("mailgun" for anymail.backends.mailgun…)
    when its tracking webhook answers here, so that bounces and complaints are reported."""
    module = settings.EMAIL_BACKEND.removeprefix("anymail.backends.")
    provider = module.partition(".")[0] if module != settings.EMAIL_BACKEND else ""
    view_class = TRACKING_VIEWS.get(provider)
    return provider if view_class and tracking_authenticated(view_class) else None


@csrf_exempt  # authenticated by the provider's signature or the basic-auth secret instead
def esp_tracking(request: HttpRequest, provider: str) -> HttpResponse:
    view_class = TRACKING_VIEWS.get(provider)
    if view_class is None:
        raise Http404("No such e-mail provider.")
    if not tracking_authenticated(view_class):
        log.warning(
            "%s tracking webhook refused: set ANYMAIL_WEBHOOK_SECRET or the provider's "
            "signing key to receive its events",
            provider,
        )
        raise Http404("This provider's webhook is not configured here.")
    return view_class.as_view()(request)
