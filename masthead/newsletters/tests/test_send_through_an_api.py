"""Sending through an e-mail provider's HTTP API (Anymail's Postmark backend, against a local
fake of Postmark's API): a message the API refuses is that message's failure, not an outage
that stops the send; an API that is away is one, and the send resumes when it is back."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from masthead.newsletters import editions, sending
from masthead.newsletters.models import Delivery
from masthead.newsletters.sending import SendOutcome
from masthead.newsletters.tests.builders import edition_make, subscribed

pytestmark = pytest.mark.django_db

READERS = ["ann@example.org", "bad-address@example.org", "odd@example.org", "zoe@example.org"]


class FakePostmark:
    """POST /email as Postmark answers it: 200 with a MessageID, 422 for an address it finds
    invalid or a message it cannot take ("odd@"), 503 for everything while `down`."""

    def __init__(self):
        self.received: list[str] = []
        self.down = False
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                message = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                to = message["To"]
                if fake.down:
                    self.answer(503, {"ErrorCode": 500, "Message": "Service unavailable"})
                elif to.startswith("bad-address"):
                    self.answer(
                        422, {"ErrorCode": 300, "Message": f"Invalid 'To' address: '{to}'."}
                    )
                elif to.startswith("odd"):
                    self.answer(422, {"ErrorCode": 300, "Message": "Invalid metadata content."})
                else:
                    fake.received.append(to)
                    self.answer(
                        200,
                        {
                            "To": to,
                            "MessageID": f"id-{len(fake.received)}",
                            "SubmittedAt": "2026-12-02T10:00:00Z",
                            "ErrorCode": 0,
                            "Message": "OK",
                        },
                    )

            def answer(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def postmark(settings):
    fake = FakePostmark()
    settings.EMAIL_BACKEND = "anymail.backends.postmark.EmailBackend"
    settings.ANYMAIL = {
        **settings.ANYMAIL,
        "POSTMARK_SERVER_TOKEN": "test-server-token",
        "POSTMARK_API_URL": f"http://127.0.0.1:{fake.server.server_port}/",
    }
    yield fake
    fake.server.shutdown()


@pytest.fixture
def edition(briefing, stories):
    for address in READERS:
        subscribed(address, briefing)
    edition = edition_make(briefing, articles=stories)
    editions.edition_start(edition=edition)
    return edition


def status_of(address: str) -> tuple[str, str]:
    delivery = Delivery.objects.get(email=address)
    return delivery.status, delivery.error


def test_messages_the_api_refuses_are_theirs_alone_and_the_rest_go_out(postmark, edition):
    assert sending.edition_send_run(edition_id=edition.pk) != SendOutcome.INTERRUPTED
    assert sorted(postmark.received) == ["ann@example.org", "zoe@example.org"]
    assert status_of("ann@example.org")[0] == "sent"
    status, error = status_of("bad-address@example.org")
    assert status == "failed" and "rejected or invalid" in error  # never worth a retry
    status, error = status_of("odd@example.org")
    assert status == "queued" and error.startswith("422")  # tried again later, then given up


def test_an_api_that_is_away_interrupts_the_send_until_it_is_back(postmark, edition):
    postmark.down = True
    assert sending.edition_send_run(edition_id=edition.pk) == SendOutcome.INTERRUPTED
    assert Delivery.objects.filter(status="queued", attempts=0).count() == len(READERS)
    postmark.down = False
    sending.edition_send_run(edition_id=edition.pk)
    assert sorted(postmark.received) == ["ann@example.org", "zoe@example.org"]
