"""Small builders for membership tests, and a stand-in for Stripe's HTTP API."""

import json
import threading
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl

import stripe
from django.utils import timezone

from masthead.membership import checkouts, status_machine
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
    checkout = checkouts.checkout_start(
        kind=Checkout.Kind.SUBSCRIPTION,
        email=email,
        provider="demo",
        tier=tier,
        interval=interval,
    )
    return demo.checkout_confirm(checkout=checkout, at=at)


def stripe_event(
    event_type: str, obj: dict, *, event_id: str, created: int, signed_at: int | None = None
) -> tuple[bytes, str]:
    """A webhook body and its Stripe-Signature header, signed by Stripe's own library."""
    return stripe_signed(
        {
            "id": event_id,
            "object": "event",
            "type": event_type,
            "created": created,
            "livemode": False,
            "api_version": "2025-10-29",
            "data": {"object": obj},
        },
        signed_at=signed_at,
    )


def stripe_signed(body, *, signed_at: int | None = None) -> tuple[bytes, str]:
    """Any JSON body with a true Stripe-Signature header (signed now unless `signed_at`)."""
    payload = json.dumps(body)
    header = stripe.WebhookSignature.generate_signature_header(
        payload,
        WEBHOOK_SECRET,
        timestamp=int(timezone.now().timestamp()) if signed_at is None else signed_at,
    )
    return payload.encode(), header


class FakeStripe:
    """Stripe's HTTP API on loopback: records each request, answers like Stripe would."""

    def __init__(self):
        self.requests: list[tuple[str, str, dict]] = []
        self.status = 200  # set to 500, 503… for Stripe having a bad day
        self.delay = 0.0  # seconds before each answer (a client's timeout)
        # What Stripe holds, for the endpoints that change subscriptions (subscription_add).
        self.subscriptions: dict[str, dict] = {}
        self.prices: dict[str, dict] = {}
        self.schedules: dict[str, dict] = {}
        self.customers: dict[str, str] = {}  # e-mail → customer id (GET /v1/customers)
        self.decline = False  # the member's card is declined: invoices stay open
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                form = dict(parse_qsl(self.rfile.read(length).decode()))
                path, _, query = self.path.partition("?")
                form |= dict(parse_qsl(query))
                fake.requests.append((self.command, path, form))
                time.sleep(fake.delay)
                status, body = fake.status, fake.answer(path, form, method=self.command)
                if isinstance(body, tuple):
                    status, body = body
                if fake.status >= 400:
                    body = {"error": {"type": "api_error", "message": "Stripe is unwell"}}
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Request-Id", "req_test")
                self.end_headers()
                self.wfile.write(json.dumps(body).encode())

            do_DELETE = do_GET = do_POST

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def answer(self, path: str, form: dict, method: str = "POST") -> dict | tuple[int, dict]:
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
        if path == "/v1/prices":
            return self._prices(form) if method == "GET" else self._price_create(form)
        if path == "/v1/invoices/create_preview":
            return self._preview(form)
        if path.startswith("/v1/subscription_schedules"):
            return self._schedule(path, form)
        if path == "/v1/subscriptions" and method == "GET":
            found = [
                sub
                for sub in self.subscriptions.values()
                if sub["customer"] == form.get("customer")
                and (form.get("status") == "all" or sub["status"] != "canceled")
            ]
            return {"object": "list", "data": found, "has_more": False, "url": path}
        if path == "/v1/customers" and method == "GET":
            found = [
                {"id": ref, "object": "customer", "email": email}
                for email, ref in self.customers.items()
                if email == form.get("email")
            ]
            return {"object": "list", "data": found, "has_more": False, "url": path}
        if path.startswith("/v1/subscriptions/"):
            sub_id = path.rsplit("/", 1)[-1]
            if sub_id not in self.subscriptions:
                if method == "GET":
                    return 404, _stripe_error(f"No such subscription: '{sub_id}'")
                return {"id": sub_id, "object": "subscription", "status": "active"}
            if method == "POST":
                return self._subscription_update(sub_id, form)
            return self.subscriptions[sub_id]
        return {"error": {"message": f"unexpected {path}"}}

    # Subscriptions, prices, previews and schedules, as Stripe's API reference has them ------

    def subscription_add(
        self,
        sub_id="sub_1",
        *,
        amount=500,
        interval="month",
        currency="usd",
        start=None,
        end=None,
        customer="cus_1",
        status="active",
        created=None,
    ) -> dict:
        """A subscription as Checkout leaves it: one item, its price made inline (naming no
        tier), the current period on the item (API 2025-03 and later)."""
        now = timezone.now()
        start = start or int(now.timestamp())
        end = end or int(status_machine.period_after(now, interval).timestamp())
        price = self._price_put(
            id=f"price_checkout_{len(self.prices) + 1}",
            unit_amount=amount,
            currency=currency,
            interval=interval,
            metadata={},
        )
        item = {
            "id": "si_1",
            "object": "subscription_item",
            "price": price,
            "quantity": 1,
            "current_period_start": start,
            "current_period_end": end,
        }
        self.subscriptions[sub_id] = {
            "id": sub_id,
            "object": "subscription",
            "status": status,
            "created": created or start,
            "customer": customer,
            "cancel_at_period_end": False,
            "items": {"object": "list", "data": [item]},
            "latest_invoice": None,
            "pending_update": None,
            "schedule": None,
        }
        return self.subscriptions[sub_id]

    def _price_put(self, *, id, unit_amount, currency, interval, metadata, lookup_key=None):
        self.prices[id] = {
            "id": id,
            "object": "price",
            "active": True,
            "currency": currency,
            "unit_amount": unit_amount,
            "recurring": {"interval": interval, "interval_count": 1},
            "lookup_key": lookup_key,
            "metadata": metadata,
            "product": f"prod_{id}",
        }
        return self.prices[id]

    def _prices(self, form: dict) -> dict:
        keys = {value for key, value in form.items() if key.startswith("lookup_keys[")}
        found = [p for p in self.prices.values() if p["lookup_key"] in keys and p["active"]]
        return {"object": "list", "data": found[: int(form.get("limit", 10))], "has_more": False}

    def _price_create(self, form: dict) -> dict:
        return self._price_put(
            id=f"price_{len(self.prices) + 1}",
            unit_amount=int(form["unit_amount"]),
            currency=form["currency"],
            interval=form["recurring[interval]"],
            metadata=_sub_dict(form, "metadata"),
            lookup_key=form.get("lookup_key"),
        )

    def _due(self, sub: dict, price: dict, at: int) -> int:
        """Stripe's proration, to the second: the unused part of the old price is credited; the
        new price is charged for the rest of the period, or in full from `at` when the
        interval changes (a new period starts then)."""
        item = sub["items"]["data"][0]
        start, end = item["current_period_start"], item["current_period_end"]
        left = min(max((end - at) / (end - start), 0), 1)
        unused = round(item["price"]["unit_amount"] * left)
        if price["recurring"]["interval"] == item["price"]["recurring"]["interval"]:
            return max(round(price["unit_amount"] * left) - unused, 0)
        return max(price["unit_amount"] - unused, 0)

    def _preview(self, form: dict) -> dict | tuple[int, dict]:
        sub = self.subscriptions.get(form.get("subscription", ""))
        price = self.prices.get(form.get("subscription_details[items][0][price]", ""))
        if sub is None or price is None:
            return 400, _stripe_error("No such subscription or price")
        at = int(form.get("subscription_details[proration_date]") or time.time())
        due = self._due(sub, price, at)
        return {"id": "upcoming_in", "object": "invoice", "amount_due": due, "total": due}

    def _subscription_update(self, sub_id: str, form: dict) -> dict | tuple[int, dict]:
        sub = self.subscriptions[sub_id]
        if "cancel_at_period_end" in form:
            if sub["schedule"]:
                return 400, _stripe_error(
                    f"The subscription is managed by the subscription schedule "
                    f"`{sub['schedule']}`, and updating any cancelation behavior directly is "
                    f"not allowed. Please update the schedule instead."
                )
            sub["cancel_at_period_end"] = form["cancel_at_period_end"] == "true"
        if "items[0][price]" not in form:
            return sub
        item, price = sub["items"]["data"][0], self.prices[form["items[0][price]"]]
        at = int(form.get("proration_date") or time.time())
        due = self._due(sub, price, at)
        invoice = {
            "id": f"in_change_{len(self.requests)}",
            "object": "invoice",
            "amount_due": due,
            "amount_paid": 0 if self.decline else due,
            "currency": price["currency"],
            "status": "open" if self.decline else "paid",
            "hosted_invoice_url": f"https://invoice.stripe.test/i/in_change_{len(self.requests)}",
        }
        if self.decline:  # pending_if_incomplete: nothing changes until the invoice is paid
            sub["pending_update"] = {"subscription_items": [{"id": item["id"], "price": price}]}
        else:
            if price["recurring"]["interval"] != item["price"]["recurring"]["interval"]:
                moment = datetime.fromtimestamp(at, tz=UTC)
                item["current_period_start"] = at
                item["current_period_end"] = int(
                    status_machine.period_after(moment, price["recurring"]["interval"]).timestamp()
                )
            item["price"] = price
        expanded = form.get("expand[0]") == "latest_invoice"
        sub["latest_invoice"] = invoice if expanded else invoice["id"]
        return sub

    def _schedule(self, path: str, form: dict) -> dict | tuple[int, dict]:
        parts = path.removeprefix("/v1/subscription_schedules").strip("/").split("/")
        if parts == [""]:  # create, from the subscription as it stands
            sub = self.subscriptions[form["from_subscription"]]
            if sub["schedule"]:
                return 400, _stripe_error(
                    "You cannot migrate a subscription that is already attached to a schedule: "
                    f"`{sub['schedule']}`."
                )
            item = sub["items"]["data"][0]
            phase = {
                "start_date": item["current_period_start"],
                "end_date": item["current_period_end"],
                "items": [{"price": item["price"]["id"], "quantity": 1}],
            }
            schedule_id = f"sub_sched_{len(self.schedules) + 1}"
            self.schedules[schedule_id] = {
                "id": schedule_id,
                "object": "subscription_schedule",
                "status": "active",
                "subscription": sub["id"],
                "released_subscription": None,
                "end_behavior": "release",
                "current_phase": {"start_date": phase["start_date"], "end_date": phase["end_date"]},
                "phases": [phase],
            }
            sub["schedule"] = schedule_id
            return self.schedules[schedule_id]
        schedule = self.schedules.get(parts[0])
        if schedule is None:
            return 404, _stripe_error(f"No such subscription_schedule: '{parts[0]}'")
        if schedule["status"] != "active":
            return 400, _stripe_error(
                f"You cannot update a subscription schedule that is currently in the "
                f"`{schedule['status']}` status."
            )
        if parts[1:] == ["release"]:
            sub = self.subscriptions[schedule["subscription"]]
            schedule |= {"status": "released", "released_subscription": sub["id"]}
            schedule["subscription"], sub["schedule"] = None, None
            return schedule
        schedule["end_behavior"] = form.get("end_behavior", schedule["end_behavior"])
        schedule["phases"] = _sub_list(form, "phases")
        return schedule

    def paths(self) -> list[str]:
        return [path for _, path, _ in self.requests]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def _stripe_error(message: str) -> dict:
    return {"error": {"type": "invalid_request_error", "message": message}}


def _sub_dict(form: dict, name: str) -> dict:
    """`name[key]=value` fields of a Stripe request, as a dict."""
    prefix = f"{name}["
    return {
        key[len(prefix) : -1]: value
        for key, value in form.items()
        if key.startswith(prefix) and key.endswith("]") and "[" not in key[len(prefix) : -1]
    }


def _sub_list(form: dict, name: str) -> list[dict]:
    """`name[0][key]...=value` fields of a Stripe request, as a list of flat dicts keyed by
    the rest of each field's name (`items[0][price]`)."""
    found: dict[int, dict] = {}
    for key, value in form.items():
        if key.startswith(f"{name}["):
            index, _, rest = key[len(name) + 1 :].partition("]")
            head, _, tail = rest.removeprefix("[").partition("]")
            found.setdefault(int(index), {})[head + tail] = value
    return [found[index] for index in sorted(found)]
