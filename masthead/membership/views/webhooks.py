import logging

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from masthead.membership.providers import stripe as stripe_provider

log = logging.getLogger(__name__)
MAX_BODY = 512 * 1024


@csrf_exempt  # authenticated by Stripe's signature instead
@require_POST
def stripe_webhook(request):
    if not settings.STRIPE_WEBHOOK_SECRET:
        return HttpResponse("Stripe is not configured here.", status=404)
    if len(request.body) > MAX_BODY:
        return HttpResponseBadRequest("Too large for a Stripe event.")
    try:
        outcome = stripe_provider.webhook_receive(
            payload=request.body, signature=request.headers.get("Stripe-Signature", "")
        )
    except stripe_provider.WebhookMalformed as error:
        # Stripe sent it, so it is ours to read: an error (and to Sentry) with the event's id
        # to find it in Stripe's dashboard; the payload, which names readers, is not logged.
        log.error("Stripe webhook malformed, not applied: %s", error, exc_info=True)
        return HttpResponseBadRequest(f"Malformed: {error}")
    except stripe_provider.WebhookRejected as error:
        log.warning("Stripe webhook rejected: %s", error)
        return HttpResponseBadRequest(f"Rejected: {error}")
    return HttpResponse(outcome, content_type="text/plain")
