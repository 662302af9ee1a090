"""Live coverage benchmark: thousands of readers keeping a live page open, polling its updates
endpoint at the page's interval with their ETag, while an editor adds an update every ten
seconds; and the endpoint beside nginx serving a file of the same size.

Run by `make bench` on SQLite (var/bench) and on PostgreSQL + Redis (masthead_bench):

    python bench/live.py [--readers 5000] [--seconds 60] [--every 10]

It measures, in one run on this machine:
- from "update saved" (the editor's transaction committed) to "seen" by each polling reader
  (the first answer of theirs that holds it): p50, p95 and max over every reader and update,
  and the first reader's;
- the readers' requests per second, and how many were 304s;
- the endpoint of one app server (one worker) under wrk, unchanged (304 to a matching
  If-None-Match) and in full (200), beside nginx serving a static copy of the same bytes
  (200 and 304): req/s and the ratio;
- a live page with 2,000 updates beside one with 20: the size of its HTML and of its poll
  answer, and its render time with nothing stored (in-process, fragments warm).

The readers connect to nginx, which proxies to two app servers (one worker each, the page
cache on, sharing the database and the cache), as the page benchmark's scale-out set-up.
Needs wrk and nginx. Results go to bench/results/live-<database>.json.
"""

import argparse
import asyncio
import json
import os
import random
import re
import statistics
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

import bootstrap

bootstrap.django_setup()
ROOT = bootstrap.ROOT

import pages  # noqa: E402 - the page benchmark's servers, nginx and wrk
from archive import seed  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from masthead.live import services  # noqa: E402
from masthead.live.models import LivePage, LiveUpdate  # noqa: E402
from masthead.newsroom.models import ArticleAuthor, SectionPage  # noqa: E402
from masthead.people.models import AuthorPage  # noqa: E402

HOST = pages.HOST
# Thousands of readers hold a connection each: nginx takes them, as in production, and keeps
# a few to the two app servers behind it (pages.py's scale-out set-up, one worker each).
pages.NGINX_CONF = pages.NGINX_CONF.replace(
    "events {{ worker_connections 1024; }}",
    "worker_rlimit_nofile 20000;\nevents {{ worker_connections 8192; }}",
)
_NEWEST = re.compile(rb'"updates":\[\{"id":(\d+)')


def live_page_ensure(*, slug: str, updates: int) -> LivePage:
    """A live page under News with this many updates, made once per database."""
    page = LivePage.objects.filter(slug=slug).first()
    if page is None:
        news = SectionPage.objects.live().filter(slug="news", locale__language_code="en").first()
        author = AuthorPage.objects.live().filter(locale=news.locale).first()
        page = LivePage(
            title=f"Benchmark live coverage ({updates} updates)",
            slug=slug,
            standfirst="A live page for the benchmark.",
            summary="<p>What we know so far.</p>",
            body="[]",
            locale=news.locale,
        )
        page.authors = [ArticleAuthor(author=author, sort_order=0)]
        news.add_child(instance=page)
        page.save_revision().publish()
    have = page.updates.count()
    if have < updates:
        start = timezone.now() - timedelta(minutes=updates)
        LiveUpdate.objects.bulk_create(
            LiveUpdate(
                page=page,
                published_at=start + timedelta(minutes=n),
                title=f"Update {n}" if n % 5 == 0 else "",
                body=f"<p>The gauge reads {4 + n % 200 / 100:.2f} m at reading {n}.</p>",
                key_event=n % 250 == 0,
            )
            for n in range(have, updates)
        )
        services.page_changed(page=page)
    if connection.vendor == "postgresql":
        # As autovacuum would after so many rows: without statistics the planner takes the
        # page's 2,000 updates for one and sorts them all instead of reading the index.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE live_liveupdate")
    return page


def sizes_and_renders(small: LivePage, large: LivePage) -> dict:
    """HTML and poll answer sizes, and cold render times, at 20 and 2,000 updates."""
    client = Client()
    result = {}
    for name, page in (("20 updates", small), ("2000 updates", large)):
        client.get(page.url)  # fragments and site lookups warm, as after the first reader
        timings = []
        for _ in range(15):
            started = time.perf_counter()
            response = client.get(page.url)
            timings.append((time.perf_counter() - started) * 1000)
        poll = client.get(f"{page.url}updates/")
        result[name] = {
            "html_bytes": len(response.content),
            "poll_bytes": len(poll.content),
            "render_p50_ms": round(statistics.median(timings), 2),
        }
    return result


class Readers:
    """Simulated readers, each a keep-alive connection polling with its ETag."""

    def __init__(self, *, count: int, path: str, interval: float):
        self.count, self.path, self.interval = count, path, interval
        self.seen: dict[int, list[float]] = {}  # update id -> when each reader first saw it
        self.requests = self.not_modified = self.errors = 0
        self.stop = False

    async def reader(self, number: int) -> None:
        await asyncio.sleep(random.random() * self.interval)  # noqa: S311 - not a secret
        etag, newest = "", 0
        try:
            reader, writer = await asyncio.open_connection(HOST, pages.PORTS["proxy"])
        except OSError:
            self.errors += 1
            return
        while not self.stop:
            request = f"GET {self.path} HTTP/1.1\r\nHost: {HOST}\r\nAccept: application/json\r\n"
            if etag:
                request += f"If-None-Match: {etag}\r\n"
            writer.write((request + "\r\n").encode())
            try:
                head = await reader.readuntil(b"\r\n\r\n")
                status = int(head[9:12])
                length = 0
                for line in head.split(b"\r\n")[1:]:
                    name, _, value = line.partition(b":")
                    lowered = name.lower()
                    if lowered == b"content-length":
                        length = int(value)
                    elif lowered == b"etag":
                        etag = value.strip().decode()
                body = await reader.readexactly(length) if length else b""
            except (OSError, asyncio.IncompleteReadError, ValueError):
                self.errors += 1
                return
            now = time.time()
            self.requests += 1
            if status == 304:
                self.not_modified += 1
            elif status == 200:
                match = _NEWEST.search(body)
                if match and int(match[1]) != newest:
                    newest = int(match[1])
                    self.seen.setdefault(newest, []).append(now)
            else:
                self.errors += 1
            await asyncio.sleep(self.interval)
        writer.close()

    async def run(self, seconds: float) -> None:
        tasks = [asyncio.create_task(self.reader(n)) for n in range(self.count)]
        await asyncio.sleep(seconds)
        self.stop = True
        await asyncio.gather(*tasks, return_exceptions=True)


def editor_posts(*, page: LivePage, every: float, until: float, saved: dict) -> None:
    """An update every `every` seconds; when each was saved (committed)."""
    editor = get_user_model().objects.filter(is_superuser=True).first()
    try:
        time.sleep(every)
        number = 0
        while time.monotonic() < until - every / 2:
            number += 1
            fields = services.UpdateFields(body=f"<p>Benchmark update {number}.</p>")
            update = services.update_post(page=page, user=editor, fields=fields)
            saved[update.pk] = time.time()
            time.sleep(every)
    finally:
        connection.close()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def wrk_with(address: str, *, seconds: int, connections: int, headers: list[str]) -> dict:
    import shutil
    import subprocess

    command = [shutil.which("wrk"), "-t2", f"-c{connections}", f"-d{seconds}s", "--latency"]
    for header in headers:
        command += ["-H", header]
    output = subprocess.run(  # noqa: S603 - wrk with our arguments
        [*command, address], capture_output=True, text=True, check=True
    ).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:  # a rate of error pages measures nothing
        raise RuntimeError(f"{address}: {errors[1]} answers were errors under load")
    return {"requests_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--readers", type=int, default=5000)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--every", type=float, default=10.0)
    options = parser.parse_args()
    if missing := pages.tools_missing():
        sys.exit(f"SKIPPED: bench/live.py needs {' and '.join(missing)}")

    seed(0)
    small = live_page_ensure(slug="bench-live-20", updates=20)
    large = live_page_ensure(slug="bench-live-2000", updates=2000)
    database = connection.vendor
    result: dict = {"database": database, "poll_seconds": settings.LIVE_POLL_SECONDS}
    result["sizes"] = sizes_and_renders(small, large)
    print(json.dumps(result["sizes"], indent=2))

    with tempfile.TemporaryDirectory() as work:
        servers = pages.Servers(Path(work))
        os.environ["WEB_WORKERS"] = "1"
        try:
            servers.app("a", page_cache=True)
            servers.app("b", page_cache=True)
            poll_path = f"{large.url}updates/"
            body = pages.fetch(pages.url("a", poll_path))[2]
            html = Path(work) / "html"
            html.mkdir(exist_ok=True)
            (html / "poll.html").write_bytes(body)  # the same bytes, as a static file
            servers.nginx()

            interval = settings.LIVE_POLL_SECONDS
            readers = Readers(count=options.readers, path=poll_path, interval=interval)
            saved: dict[int, float] = {}
            until = time.monotonic() + options.seconds
            editor = threading.Thread(
                target=editor_posts,
                kwargs={"page": large, "every": options.every, "until": until, "saved": saved},
            )
            editor.start()
            started = time.monotonic()
            asyncio.run(readers.run(options.seconds))
            elapsed = time.monotonic() - started
            editor.join()

            seen = {pk: moments for pk, moments in readers.seen.items() if pk in saved}
            delays = [when - saved[pk] for pk, moments in seen.items() for when in moments]
            firsts = [min(moments) - saved[pk] for pk, moments in seen.items()]
            per_update = [len(readers.seen.get(pk, [])) for pk in saved]
            result["readers"] = {
                "readers": options.readers,
                "seconds": options.seconds,
                "updates_posted": len(saved),
                "readers_who_saw_each_update_min": min(per_update) if per_update else 0,
                "requests_per_s": round(readers.requests / elapsed, 1),
                "not_modified_share": round(readers.not_modified / max(1, readers.requests), 4),
                "errors": readers.errors,
                "saved_to_seen_p50_s": round(statistics.median(delays), 3) if delays else None,
                "saved_to_seen_p95_s": round(percentile(delays, 0.95), 3) if delays else None,
                "saved_to_seen_max_s": round(max(delays), 3) if delays else None,
                "first_reader_p95_s": round(percentile(firsts, 0.95), 3) if firsts else None,
            }
            print(json.dumps(result["readers"], indent=2))

            etag = pages.fetch(pages.url("a", poll_path))[1]["etag"]
            static_etag = pages.fetch(pages.url("static", "/poll.html"))[1]["etag"]
            poll, static = pages.url("a", poll_path), pages.url("static", "/poll.html")
            runs = {
                "poll 304 (unchanged)": (poll, [f"If-None-Match: {etag}"]),
                "nginx 304 (same file)": (static, [f"If-None-Match: {static_etag}"]),
                "poll 200 (in full)": (poll, []),
                "nginx 200 (same bytes)": (static, []),
            }
            measured = {
                name: wrk_with(address, seconds=10, connections=64, headers=headers)
                for name, (address, headers) in runs.items()
            }
            measured["ratio 304 to nginx"] = round(
                measured["poll 304 (unchanged)"]["requests_per_s"]
                / measured["nginx 304 (same file)"]["requests_per_s"],
                3,
            )
            measured["ratio 200 to nginx"] = round(
                measured["poll 200 (in full)"]["requests_per_s"]
                / measured["nginx 200 (same bytes)"]["requests_per_s"],
                3,
            )
            measured["poll_bytes"] = len(body)
            result["endpoint"] = measured
            print(json.dumps(measured, indent=2))
        finally:
            servers.stop()

    bootstrap.RESULTS.mkdir(parents=True, exist_ok=True)
    out = bootstrap.RESULTS / f"live-{database}.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"results: {out}")


if __name__ == "__main__":
    main()
