"""Discovery benchmark: search latency (p50/p95), sitemap and feed generation on a large archive.

Run by `make bench` once on SQLite and once on PostgreSQL, each in its own database
(var/bench or masthead_bench). Seeding is idempotent: a second run reuses the archive.

    python bench/discovery.py [--articles 100000] [--repeat 30]
"""

import argparse
import json
import os
import statistics
import time

import bootstrap

bootstrap.django_setup()
ROOT = bootstrap.ROOT

from archive import seed  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from masthead.core.pagecache.generation import pages_changed  # noqa: E402
from masthead.newsroom.models import ArticlePage  # noqa: E402

QUERIES = [
    "tram extension",
    "flood river embankment",
    "budget council",
    "bakery mill",
    "солодкий",
    "school roofs",
]


def timed(client: Client, url: str, repeat: int, *, cold=False, **params) -> list[float]:
    """Milliseconds to the last byte; `cold`: each time just after a publish (nothing kept)."""
    client.get(url, params)  # warm caches and renditions
    samples = []
    for number in range(repeat):
        if cold:
            pages_changed()
        # Each from a reader of its own: one address would meet the search's rate limit.
        reader = {"REMOTE_ADDR": f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}"}
        started = time.perf_counter()
        response = client.get(url, params, **reader)
        if response.streaming:
            b"".join(response.streaming_content)
        samples.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
    return samples


def response_urls(response) -> int:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.count(b"<url>")


def summary(samples: list[float]) -> dict:
    ordered = sorted(samples)
    return {
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[max(0, int(len(ordered) * 0.95) - 1)], 1),
        "n": len(ordered),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--articles", type=int, default=int(os.environ.get("BENCH_ARTICLES", 100_000))
    )
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    seed(args.articles)
    client = Client()
    total = ArticlePage.objects.live().count()
    results = {"database": connection.vendor, "articles": total, "search": {}, "pages": {}}
    search_samples = []
    for query in QUERIES:
        samples = timed(client, "/search/", args.repeat, q=query)
        results["search"][query] = summary(samples)
        search_samples += samples
    results["search"]["all queries"] = summary(search_samples)
    for label, url, cold in [
        ("sitemap index", "/sitemap.xml", False),
        ("sitemap pages, after a publish", "/sitemap-pages.xml", True),
        ("sitemap pages, kept", "/sitemap-pages.xml", False),
        ("news sitemap", "/sitemap-news.xml", False),
        ("RSS feed", "/feeds/rss.xml", False),
        ("Atom feed", "/feeds/atom.xml", False),
        ("JSON feed", "/feeds/feed.json", False),
    ]:
        repeat = 10 if cold else args.repeat
        results["pages"][label] = summary(timed(client, url, repeat, cold=cold))
    urls = response_urls(client.get("/sitemap-pages.xml"))
    results["pages"]["sitemap pages, after a publish"]["urls"] = urls
    out = ROOT / "bench" / "results" / f"discovery-{connection.vendor}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(f"\n{connection.vendor}, {total} published stories")
    for group in ("search", "pages"):
        for label, figures in results[group].items():
            p50, p95 = figures["p50_ms"], figures["p95_ms"]
            print(f"  {group:<7} {label:<30} p50 {p50:>8} ms   p95 {p95:>8} ms")
    print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
