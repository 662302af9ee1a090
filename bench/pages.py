"""Page-serving benchmark: the production server under wrk, next to nginx serving the same
article as a static file, and the time from publishing a story to seeing it on the home page
while the site is under load.

Run by `make bench` on SQLite (var/bench) and on PostgreSQL + Redis (masthead_bench):

    python bench/pages.py [--articles 10000] [--seconds 10] [--connections 32]

It starts, on loopback:
- two app servers (`masthead serve`, page cache on) sharing the database and the cache,
  and nginx in front of both (the scale-out set-up);
- one app server with the page cache off (cold renders);
- nginx serving a saved copy of the article page (the ceiling).

The ceiling and the warm article are measured turn about, three runs each; the middle run
of each is reported, with all three.

Needs wrk and nginx (Debian packages `wrk` and `nginx-light`). Results go to
bench/results/pages-<database>-<articles>.json.
"""

import argparse
import contextlib
import http.cookiejar
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import bootstrap

bootstrap.django_setup()
ROOT = bootstrap.ROOT

from archive import seed  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402

from masthead.core.pagecache.generation import pages_changed  # noqa: E402
from masthead.newsroom.models import ArticlePage, SectionPage  # noqa: E402
from masthead.operations.nginx import nginx_folder_write, nginx_site  # noqa: E402

HOST = "127.0.0.1"
PORTS = {"a": 8101, "b": 8102, "cold": 8103, "proxy": 8090, "static": 8091}
EDITOR = ("bench-editor", "bench-editor-password")
# Beside the shipped site: nginx serving the saved article as a file (the ceiling).
STATIC_SERVER = """
    server {{
        listen {host}:{static};
        root {dir}/html;
    }}
"""


def tools_missing() -> list[str]:
    return [tool for tool in ("wrk", "nginx") if not shutil.which(tool)]


def url(port: str, path: str) -> str:
    return f"http://{HOST}:{PORTS[port]}{path}"


def fetch(address: str, *, data: dict | None = None, opener=None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(  # noqa: S310 - loopback addresses we built
        address, data=urllib.parse.urlencode(data).encode() if data is not None else None
    )
    try:
        with (opener or urllib.request.build_opener()).open(request, timeout=30) as response:
            return response.status, _lower(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, _lower(error.headers), error.read()


def _lower(headers) -> dict:
    return {name.lower(): value for name, value in headers.items()}


def wait_up(address: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            fetch(address)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{address} did not come up")


class Servers:
    """The app servers and nginx, stopped together whatever happens."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.processes: list[subprocess.Popen] = []

    def app(self, name: str, *, page_cache: bool) -> None:
        env = {
            **os.environ,
            "PORT": str(PORTS[name]),
            "HOST": HOST,
            "ALLOWED_HOSTS": f"{HOST},localhost",
            "PAGE_CACHE": "true" if page_cache else "false",
            "LOG_LEVEL": "WARNING",
            "STATIC_MANIFEST": "true",  # hashed, compressed static files, as in production
        }
        log = (self.workdir / f"app-{name}.log").open("w")
        self.processes.append(
            subprocess.Popen(  # noqa: S603 - our own command
                [str(ROOT / ".venv" / "bin" / "masthead"), "serve"],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )
        wait_up(url(name, "/healthz"))

    def nginx(self) -> None:
        (self.workdir / "html").mkdir(parents=True, exist_ok=True)
        # nginx's workers may run as another user: they must read the page.
        for path in (self.workdir, self.workdir / "html", *(self.workdir / "html").iterdir()):
            path.chmod(0o755)
        site = nginx_site(
            upstreams=[f"{HOST}:{PORTS['a']}", f"{HOST}:{PORTS['b']}"],
            listen=f"{HOST}:{PORTS['proxy']}",
            cache_dir=str(self.workdir / "cache"),
        )
        conf = nginx_folder_write(
            folder=self.workdir,
            site=site,
            workers=os.cpu_count() or 1,
            servers=STATIC_SERVER.format(dir=self.workdir, host=HOST, **PORTS),
        )
        self.processes.append(
            subprocess.Popen(  # noqa: S603 - the system's nginx, the shipped site
                [shutil.which("nginx"), "-c", str(conf), "-p", str(self.workdir)],
                start_new_session=True,
            )
        )
        wait_up(url("static", "/"))

    def stop(self) -> None:
        for process in self.processes:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(address: str, *, seconds: int, connections: int, threads: int = 2) -> dict:
    """req/s, p50 and p99 (ms) from one wrk run."""
    output = subprocess.run(  # noqa: S603 - wrk with our arguments
        [
            shutil.which("wrk"),
            f"-t{min(threads, connections)}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            address,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rows = re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
    latency = {percent: float(value) * _UNITS[unit] for percent, value, unit in rows}
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:  # a rate of error pages measures nothing
        raise RuntimeError(f"{address}: {errors[1]} answers were errors under load")
    return {
        "requests_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1]),
        "p50_ms": round(latency["50"], 2),
        "p99_ms": round(latency["99"], 2),
        "connections": connections,
    }


def first_renders(address: str, samples: int) -> dict:
    """A page rendered with nothing cached at all: each request follows a publish (the
    generation bump that empties the page cache and the shared fragments)."""
    timings = []
    for _ in range(samples):
        pages_changed()
        started = time.perf_counter()
        status, _, _ = fetch(address)
        timings.append((time.perf_counter() - started) * 1000)
        if status != 200:
            raise RuntimeError(f"{address} answered {status}")
    return {"p50_ms": round(statistics.median(timings), 2), "max_ms": round(max(timings), 2)}


LIGHTHOUSE = ROOT / "bench" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def lighthouse(address: str, workdir: Path) -> dict:
    """Lighthouse's mobile audit (its default: a mid-range phone on a slow 4G link, simulated)
    in Debian's Chromium: category scores out of 100 and the page-speed metrics."""
    if not LIGHTHOUSE.exists() or not Path(CHROMIUM).exists():
        return {"skipped": "needs `npm ci --prefix bench/lighthouse` and Debian's chromium"}
    report = workdir / "lighthouse.json"
    for _attempt in range(3):  # a trace Chromium failed to record is worth another go
        finished = _lighthouse_run(address, report)
        if finished.returncode == 0 or "Please run Lighthouse again" not in finished.stderr:
            break
    if finished.returncode:
        raise RuntimeError(f"Lighthouse failed on {address}:\n{finished.stderr[-2000:]}")
    data = json.loads(report.read_text())
    audits = data["audits"]
    return {
        **{name: round(category["score"] * 100) for name, category in data["categories"].items()},
        "largest_contentful_paint_ms": round(audits["largest-contentful-paint"]["numericValue"]),
        "total_blocking_time_ms": round(audits["total-blocking-time"]["numericValue"]),
        "cumulative_layout_shift": round(audits["cumulative-layout-shift"]["numericValue"], 3),
    }


def _lighthouse_run(address: str, report: Path) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - the pinned Lighthouse, our arguments
        [
            str(LIGHTHOUSE),
            address,
            "--quiet",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
            "--only-categories=performance,accessibility,best-practices,seo",
            "--output=json",
            f"--output-path={report}",
        ],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        capture_output=True,
        text=True,
    )


def editor_session(port: str):
    """Signed in to the admin of one app server, as an editor would be."""
    user, password = EDITOR
    User = get_user_model()
    editor = User.objects.filter(username=user).first() or User(username=user, is_superuser=True)
    editor.is_staff = editor.is_superuser = True
    editor.set_password(password)
    editor.save()
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    fetch(url(port, "/admin/login/"), opener=opener)
    token = next(cookie.value for cookie in jar if cookie.name == "csrftoken")
    status, _, _ = fetch(
        url(port, "/admin/login/"),
        data={"username": user, "password": password, "csrfmiddlewaretoken": token},
        opener=opener,
    )
    if not any(cookie.name == "sessionid" for cookie in jar):
        raise RuntimeError(f"admin sign-in failed ({status})")
    # Signing in rotates the CSRF token.
    return opener, next(cookie.value for cookie in jar if cookie.name == "csrftoken")


def publish_to_visible(*, opener, token, number: int) -> tuple[float, float]:
    """Publish a draft through app server A's admin; seconds until B's home page lists it,
    and the home page through the shipped nginx site (its micro-cache)."""
    section = SectionPage.objects.live().filter(locale__language_code="en").first()
    title = f"Bench breaking story {number} {time.time_ns()}"
    draft = ArticlePage(
        title=title,
        slug=f"bench-breaking-{time.time_ns()}",
        standfirst="A story published while the site is under load.",
        body=json.dumps([{"type": "paragraph", "value": "<p>Breaking.</p>"}]),
        live=False,
    )
    section.add_child(instance=draft)
    draft.save_revision()
    query = urllib.parse.urlencode({"id": draft.pk, "next": "/admin/"})
    status, _, _ = fetch(
        url("a", f"/admin/bulk/wagtailcore/page/publish/?{query}"),
        data={"csrfmiddlewaretoken": token, "include_descendants": ""},
        opener=opener,
    )
    published = time.monotonic()
    if status >= 400:
        raise RuntimeError(f"publishing through the admin failed ({status})")
    seen: dict[str, float] = {}
    while time.monotonic() - published < 30:
        for where in ("b", "proxy"):
            if where not in seen and title.encode() in fetch(url(where, "/"))[2]:
                seen[where] = time.monotonic() - published
        if len(seen) == 2:
            return seen["b"], seen["proxy"]
        time.sleep(0.02)
    raise RuntimeError(f"the published story did not reach the home page ({seen})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--articles", type=int, default=int(os.environ.get("BENCH_PAGE_ARTICLES", 10_000))
    )
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    if missing := tools_missing():
        print(
            f"SKIPPED: the page benchmark needs {' and '.join(missing)} "
            "(apt-get install wrk nginx-light)"
        )
        return
    seed(args.articles)
    subprocess.run(  # noqa: S603 - our own command
        [str(ROOT / ".venv" / "bin" / "masthead"), "collectstatic", "--no-input", "-v0"],
        env={**os.environ, "STATIC_MANIFEST": "true"},
        check=True,
    )
    total = ArticlePage.objects.live().count()
    # The newest story the newsroom wrote (not one an earlier run published while under load).
    article = (
        ArticlePage.objects.live()
        .filter(locale__language_code="en")
        .exclude(slug__startswith="bench-breaking-")
        .latest("first_published_at")
    )
    paths = {
        "article": article.url,
        "home": "/",
        "News Feed page 50": "/news-feed/?page=50",
        "search": "/search/?q=tram+extension",
        "RSS feed": "/feeds/rss.xml",
    }
    workdir = Path(tempfile.mkdtemp(prefix="masthead-bench-"))
    servers = Servers(workdir)
    results = {
        "database": connection.vendor,
        "cache": "redis" if settings.REDIS_URL else "in-process (locmem)",
        "articles": total,
        "workers_per_server": int(os.environ.get("WEB_WORKERS", os.cpu_count() or 1)),
        "wrk": {},
    }
    try:
        servers.app("a", page_cache=True)
        servers.app("b", page_cache=True)
        servers.app("cold", page_cache=False)
        status, _, body = fetch(url("a", paths["article"]))
        if status != 200:
            raise RuntimeError(f"the article answered {status}")
        (workdir / "html").mkdir(parents=True, exist_ok=True)
        (workdir / "html" / "article.html").write_bytes(body)
        servers.nginx()
        if fetch(url("static", "/article.html"))[::2] != (200, body):
            raise RuntimeError("nginx does not serve the saved article")
        runs = {
            "nginx static file (ceiling)": url("static", "/article.html"),
            "warm article": url("a", paths["article"]),
            "warm article via the shipped nginx site": url("proxy", paths["article"]),
            **{f"warm {name}": url("a", path) for name, path in paths.items()},
            "cold article (page cache off)": url("cold", paths["article"]),
        }
        for address in runs.values():
            for _ in range(20):  # every worker fills its cache, renditions are made
                fetch(address)
        # The ceiling and the warm article (from the app, and through nginx) are measured turn
        # about, three times each, and the middle run of each is kept: a single run of either
        # swings by a tenth here.
        ceiling_and_article = list(runs)[:3]
        order = [*ceiling_and_article * 3, *list(runs)[3:]]
        measured: dict[str, list[dict]] = {}
        for name in order:
            figures = wrk(runs[name], seconds=args.seconds, connections=args.connections)
            measured.setdefault(name, []).append(figures)
        for name, address in runs.items():
            ranked = sorted(measured[name], key=lambda run: run["requests_per_s"])
            _, headers, _ = fetch(address)
            figures = {
                **ranked[len(ranked) // 2],
                "x_cache": headers.get("x-cache-status") or headers.get("x-cache", "-"),
                "runs": [round(run["requests_per_s"]) for run in measured[name]],
            }
            results["wrk"][name] = figures
            print(
                f"  {name:<42} {figures['requests_per_s']:>10,.0f} req/s   "
                f"p50 {figures['p50_ms']:>7} ms   p99 {figures['p99_ms']:>7} ms   "
                f"({figures['x_cache']})",
                flush=True,
            )
        single = wrk(url("cold", paths["article"]), seconds=args.seconds, connections=1)
        results["cold article, one connection"] = single
        results["first render after a publish (nothing cached)"] = first_renders(
            url("cold", paths["article"]), samples=30
        )
        ceiling = results["wrk"]["nginx static file (ceiling)"]["requests_per_s"]
        results["ratio_to_nginx"] = {
            name: round(figures["requests_per_s"] / ceiling, 3)
            for name, figures in results["wrk"].items()
            if name.startswith("warm")
        }

        results["lighthouse"] = {
            name: lighthouse(url("a", paths[name]), workdir) for name in ("home", "article")
        }
        for name, scores in results["lighthouse"].items():
            print(f"  Lighthouse {name}: {scores}", flush=True)

        # Publishing while readers pour in through nginx.
        opener, token = editor_session("a")
        load = threading.Thread(
            target=wrk,
            args=(url("proxy", "/"),),
            kwargs={"seconds": 20, "connections": args.connections},
        )
        load.start()
        time.sleep(2)
        both = [publish_to_visible(opener=opener, token=token, number=n) for n in range(5)]
        load.join()
        for name, delays in (
            ("publish_to_home_s", [b for b, _ in both]),
            ("publish_to_home_through_nginx_s", [p for _, p in both]),
        ):
            results[name] = {
                "each": [round(delay, 3) for delay in delays],
                "max": round(max(delays), 3),
            }
    finally:
        servers.stop()
        shutil.rmtree(workdir, ignore_errors=True)

    out = ROOT / "bench" / "results" / f"pages-{connection.vendor}-{total}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    print(f"\n{connection.vendor}, {results['cache']} cache, {total} published stories")
    for name, ratio in results["ratio_to_nginx"].items():
        print(f"  {name:<42} {ratio:>6.3f} of nginx")
    cold = results["cold article, one connection"]
    first = results["first render after a publish (nothing cached)"]
    print(
        f"  cold article, one connection: p50 {cold['p50_ms']} ms, "
        f"{cold['requests_per_s']:.0f} req/s"
    )
    print(f"  first render after a publish: p50 {first['p50_ms']} ms")
    print(
        f"  publish → on the other server's home page, under load: "
        f"max {results['publish_to_home_s']['max']} s; through nginx (target ≤ 2 s): "
        f"max {results['publish_to_home_through_nginx_s']['max']} s"
    )
    print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
