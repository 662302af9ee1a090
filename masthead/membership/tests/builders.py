"""Small builders for membership tests, and a stand-in for Stripe's HTTP API."""

import json
import threading
from datetime import timedelta
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl

import stripe
from django.utils import timezone

from masthead.membership import services
from masthead.membership.models import Campaign, Checkout, Tier
from masthead.membership.providers import demo

WEBHOOK_SECRET = "whsec_test_only"


def tier_make(slug="supporter", monthly="5.00", yearly="50.00", **extra) -> Tier:
    return Tier.objects.create(
        slug=slug,
        name=extra.pop("name", slug.capitalize()),
        monthly_price=Decimal(monthly),
        yearly_price=Decimal(yearly),
        **extra,
    )


def campaign_make(goal=25_000, counts=Campaign.Counts.ACTIVE, **extra) -> Campaign:
    now = timezone.now()
    return Campaign.objects.create(
        title=extra.pop("title", "25,000 members"),
        goal=goal,
        counts=counts,
        starts_at=extra.pop("starts_at", now - timedelta(days=10)),
        deadline=extra.pop("deadline", now + timedelta(days=30)),
        call_to_action=extra.pop(
            "call_to_action", "help us reach 25,000 members by the end of 2026"
        ),
        **extra,
    )


def member_join(email: str, tier: Tier, *, interval="month", at=None):
    """A reader who joined through the demo provider's checkout."""
    checkout = services.checkout_start(
        kind=Checkout.Kind.SUBSCRIPTION,
        email=email,
        provider="demo",
        tier=tier,
        interval=interval,
    )
    return demo.checkout_confirm(checkout=checkout, at=at)


def stripe_event(event_type: str, obj: dict, *, event_id: str, created: int) -> tuple[bytes, str]:
    """A webhook body and its Stripe-Signature header, signed by Stripe's own library."""
    payload = json.dumps(
        {
            "id": event_id,
            "object": "event",
            "type": event_type,
            "created": created,
            "livemode": False,
            "api_version": "2025-10-29",
            "data": {"object": obj},
        }
    )
    header = stripe.WebhookSignature.generate_signature_header(
        payload, WEBHOOK_SECRET, timestamp=int(timezone.now().timestamp())
    )
    return payload.encode(), header


class FakeStripe:
    """Stripe's HTTP API on loopback: records each request, answers like Stripe would."""

    def __init__(self):
        self.requests: list[tuple[str, str, dict]] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                form = dict(parse_qsl(self.rfile.read(length).decode()))
                fake.requests.append(("POST", self.path, form))
                body = fake.answer(self.path, form)
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Request-Id", "req_test")
                self.end_headers()
                self.wfile.write(json.dumps(body).encode())

            do_DELETE = do_POST

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def answer(self, path: str, form: dict) -> dict:
        if path == "/v1/checkout/sessions":
            return {
                "id": "cs_test_1",
                "object": "checkout.session",
                "url": "https://checkout.stripe.test/c/pay/cs_test_1",
            }
        if path == "/v1/billing_portal/sessions":
            return {
                "id": "bps_1",
                "object": "billing_portal.session",
                "url": "https://billing.stripe.test/p/session/bps_1",
            }
        if path.startswith("/v1/subscriptions/"):
            return {"id": path.rsplit("/", 1)[-1], "object": "subscription", "status": "active"}
        return {"error": {"message": f"unexpected {path}"}}

    def paths(self) -> list[str]:
        return [path for _, path, _ in self.requests]

    def close(self):
        self.server.shutdown()
        self.server.server_close()
