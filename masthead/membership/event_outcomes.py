"""What an event from a payment provider did to our members: recorded on its WebhookEvent,
answered to the provider as the webhook's body, and shown in the demo's renewal message."""

from enum import StrEnum


class EventOutcome(StrEnum):
    """One value per way an event can end; the values are what people read in the admin."""

    # The event itself
    ALREADY_PROCESSED = "already processed"  # a replay: its id is recorded
    IGNORED_KIND = "not an event we act on"
    # Checkouts
    CHECKOUT_COMPLETED = "checkout completed"
    CHECKOUT_EXPIRED = "checkout expired"
    NOT_OUR_CHECKOUT = "not one of our checkouts"
    PAYMENT_CLEARING = "waiting for the payment to clear"  # bank debits settle later
    # Subscriptions
    STATUS_SET = "member status set"
    STATUS_NOT_MAPPED = "subscription status not mapped"
    NOT_ACTIVE_YET = "subscription not active yet"
    UNKNOWN_SUBSCRIPTION = "unknown subscription"
    OUT_OF_ORDER = "older than the state we hold: ignored"
    # Schedules (a change waiting for the renewal)
    PENDING_CHANGE_DROPPED = "pending change dropped"
    SCHEDULE_RELEASED = "schedule released"
    UNKNOWN_SCHEDULE = "not a schedule we hold"
    # Invoices
    PAYMENT_RECORDED = "payment recorded"
    PAYMENT_ALREADY_RECORDED = "payment already recorded"
    PERIOD_EXTENDED = "nothing charged: period extended"  # a $0 invoice
    PAST_DUE = "past due"
    NOT_ACTIVE_UNCHANGED = "member not active: unchanged"
