"""Structured logs in production and errors to Sentry: the real sentry-sdk, sending to a
stand-in for Sentry's HTTP API on loopback."""

import gzip
import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import brotli
import pytest
import sentry_sdk
from django.urls import path

from masthead.operations.observability import sentry_init

SCRIPT = (
    "import logging, logging.config, masthead.settings as s; "
    "logging.config.dictConfig(s.LOGGING); "
    "logging.getLogger('masthead.test').warning('Story %s published', 42)"
)


def test_production_logs_are_one_json_object_a_line():
    env = {**os.environ, "SECRET_KEY": "x" * 50, "DEBUG": "false"}
    env.pop("LOG_FORMAT", None)
    result = subprocess.run(  # noqa: S603 - our interpreter, our settings
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=True
    )
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert line["message"] == "Story 42 published"
    assert line["level"] == "WARNING" and line["logger"] == "masthead.test" and line["time"]


def test_development_logs_stay_plain_lines():
    env = {**os.environ, "DEBUG": "true", "LOG_FORMAT": "text"}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=True
    )
    assert "WARNING masthead.test: Story 42 published" in result.stderr


class FakeSentry(BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "br":
            body = brotli.decompress(body)
        FakeSentry.received.append((self.path, body))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


def broken_view(request):
    raise RuntimeError("the printing press jammed")


urlpatterns = [path("broken/", broken_view)]


@pytest.fixture
def sentry():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeSentry)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    FakeSentry.received = []
    dsn = f"http://public-key@127.0.0.1:{server.server_port}/7"
    sentry_init(dsn, environment="test", traces_sample_rate=0, release="")
    yield FakeSentry.received
    sentry_sdk.get_client().close()
    sentry_sdk.init()  # no DSN: off again
    server.shutdown()


@pytest.mark.urls(__name__)
def test_an_error_reaches_sentry_without_the_readers_data(client, sentry, db):
    client.raise_request_exception = False
    response = client.get(
        "/broken/?email=reader@example.org", headers={"cookie": "sessionid=secret-session"}
    )
    assert response.status_code == 500
    sentry_sdk.flush(timeout=5)
    assert sentry, "nothing reached the Sentry stand-in"
    address, envelope = sentry[0]
    assert address == "/api/7/envelope/"
    text = envelope.decode()
    assert "the printing press jammed" in text and "RuntimeError" in text
    assert "secret-session" not in text  # no cookies
    assert "reader@example.org" not in text  # no query strings
