"""E-mail providers report bounces, complaints and unsubscribes through django-anymail's
tracking webhooks; each one lands here and goes to the services."""

from anymail.signals import tracking
from django.dispatch import receiver

from masthead.newsletters import queries, services
from masthead.newsletters.models import Suppression

SUPPRESSING = {
    "bounced": Suppression.Reason.BOUNCED,
    "complained": Suppression.Reason.COMPLAINED,
    "rejected": Suppression.Reason.REJECTED,
}


@receiver(tracking, dispatch_uid="newsletters_tracking")
def provider_event(sender, event, esp_name, **kwargs):
    if not event.recipient:
        return
    if event.event_type in SUPPRESSING:
        detail = f"{esp_name}: {event.description or event.mta_response or event.event_type}"
        services.suppression_add(
            email=event.recipient, reason=SUPPRESSING[event.event_type], detail=detail
        )
    elif event.event_type == "unsubscribed":
        subscriber = queries.subscriber_for_email(event.recipient)
        if subscriber:
            services.unsubscribe(subscriber=subscriber)
