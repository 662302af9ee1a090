"""The shipped nginx site (`masthead nginx_config`), started as written in front of the app:
static files and media are nginx's, anonymous pages come from its micro-cache, nothing
personal is ever stored, and a publish shows within two seconds."""

import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.core.management import call_command

from masthead.newsroom.tests import builders
from masthead.operations.nginx import nginx_folder_write, nginx_site

# The live server reads committed data; serialized_rollback brings back what migrations made.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str, **headers) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - loopback
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return (
                response.status,
                {k.lower(): v for k, v in response.headers.items()},
                (response.read()),
            )
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


@pytest.fixture
def nginx(live_server, tmp_path):
    """nginx with the site as `masthead nginx_config` writes it, before the test's app."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(binary).exists():
        if os.environ.get("CI") == "true":
            pytest.fail("nginx is missing (apt-get install nginx)")
        pytest.skip("nginx is missing (apt-get install nginx)")
    port = _free_port()
    site = nginx_site(
        upstreams=[live_server.url.removeprefix("http://")],
        listen=f"127.0.0.1:{port}",
        cache_dir=str(tmp_path / "cache"),
    )
    nginx_folder_write(folder=tmp_path, site=site)
    process = subprocess.Popen(  # noqa: S603 - the system's nginx, the shipped site
        [binary, "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path)],
        stderr=subprocess.PIPE,
    )
    address = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if process.poll() is not None:
                pytest.fail(f"nginx did not start: {process.stderr.read().decode()}")
            time.sleep(0.05)
    yield address
    process.terminate()
    process.wait(timeout=10)


def test_anonymous_pages_come_from_the_micro_cache_and_a_publish_shows_within_two_seconds(
    nginx, newsroom
):
    story = builders.article_make(section=newsroom["news"], title="Ferry timetable changes")
    status, headers, first = get(f"{nginx}{story.url}")
    assert status == 200 and headers["x-cache-status"] == "MISS"
    status, headers, again = get(f"{nginx}{story.url}")
    assert headers["x-cache-status"] == "HIT" and again == first
    assert b"Ferry timetable changes" in again
    # Readers who take gzip have their own copy (the app's page cache compresses it).
    for expected in ("MISS", "HIT"):
        _, headers, _ = get(f"{nginx}{story.url}", **{"Accept-Encoding": "gzip"})
        assert headers["x-cache-status"] == expected
    get(f"{nginx}/")
    published = time.monotonic()
    builders.article_make(section=newsroom["news"], title="Harbour bridge reopens")
    while b"Harbour bridge reopens" not in get(f"{nginx}/")[2]:
        assert time.monotonic() - published < 2, "the story is not on the home page in 2 s"
        time.sleep(0.05)
    # However long since anyone asked, no copy older than a second is served.
    get(f"{nginx}/")
    time.sleep(2.5)
    builders.article_make(section=newsroom["news"], title="Night buses return")
    _, headers, body = get(f"{nginx}/")
    assert b"Night buses return" in body, headers.get("x-cache-status")


def test_nothing_personal_is_stored(nginx, newsroom):
    story = builders.article_make(section=newsroom["news"], title="Council votes on rents")
    for _ in range(2):  # a reader who is signed in (or has a message waiting) is passed by
        _, headers, _ = get(f"{nginx}{story.url}", Cookie="sessionid=someone")
        assert headers["x-cache-status"] == "BYPASS"
    _, headers, _ = get(f"{nginx}{story.url}", Cookie="messages=x")
    assert headers["x-cache-status"] == "BYPASS"
    # What a signed-in reader got was not kept for the next anonymous one.
    assert get(f"{nginx}{story.url}")[1]["x-cache-status"] == "MISS"
    # A page that sets a cookie or that the app does not mark public: fetched each time.
    for path in ("/join/", "/account/sign-in/", "/admin/login/"):
        for _ in range(2):
            _, headers, _ = get(f"{nginx}{path}")
            assert headers.get("x-cache-status") in ("MISS", "EXPIRED", None), path
            assert "public" not in headers.get("cache-control", ""), path


def test_static_files_and_media_are_nginxs(nginx, settings):
    static = Path(settings.STATIC_ROOT)
    static.mkdir(parents=True, exist_ok=True)
    (static / "nginx-test.css").write_text("body { color: #222; }")
    status, headers, body = get(f"{nginx}/static/nginx-test.css")
    assert status == 200 and body == b"body { color: #222; }"
    assert "immutable" in headers["cache-control"] and "x-cache-status" not in headers
    media = Path(settings.MEDIA_ROOT) / "nginx-test"
    media.mkdir(parents=True, exist_ok=True)
    (media / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a photo")
    (media / "report.pdf").write_bytes(b"%PDF-1.4")
    (media / "captions.vtt").write_text("WEBVTT\n")
    _, headers, _ = get(f"{nginx}/media/nginx-test/photo.jpg")
    assert headers["content-type"] == "image/jpeg" and "content-disposition" not in headers
    assert "sandbox" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    _, headers, _ = get(f"{nginx}/media/nginx-test/report.pdf")
    assert headers["content-disposition"] == "attachment"
    status, headers, body = get(f"{nginx}/media/nginx-test/captions.vtt")
    assert status == 200 and headers["content-type"] == "text/vtt" and body == b"WEBVTT\n"
    assert "sandbox" in headers["content-security-policy"]


def test_the_command_writes_the_site_for_this_installation(settings, capsys, monkeypatch):
    monkeypatch.setenv("PORT", "8123")
    call_command("nginx_config")
    assert "server 127.0.0.1:8123;" in capsys.readouterr().out  # where `masthead serve` is
    call_command("nginx_config", "--server-name", "news.example.org", "--upstream", "10.0.0.5:8000")
    site = capsys.readouterr().out
    assert "server_name news.example.org;" in site and "server 10.0.0.5:8000;" in site
    assert f"alias {settings.STATIC_ROOT}/;" in site
    assert f"client_max_body_size {settings.ADMIN_REQUEST_MAX_MB}m;" in site


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--upstream", "10.0.0.5:80; } server { listen 9999"),
        ("--upstream", "10.0.0.5"),
        ("--server-name", "news.example.org; root /"),
        ("--listen", "80 default_server; include /etc/passwd"),
        ("--cache-dir", "relative/cache"),
    ],
)
def test_a_value_nginx_would_misread_is_refused_clearly(option, value):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match=f"{option} .* write it as"):
        call_command("nginx_config", option, value)
