"""Membership benchmark: the campaign banner's cost per page view and the count
endpoint's throughput, with a large members table (the banner must not depend on it).

Run by `make bench` on SQLite (in-process cache) and on PostgreSQL + Redis.

    python bench/membership.py [--members 100000] [--seconds 5]
"""

import argparse
import json
import os
import statistics
import sys
import time

import bootstrap

bootstrap.django_setup()
ROOT = bootstrap.ROOT

from datetime import timedelta  # noqa: E402

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from masthead.membership import campaigns, status_machine  # noqa: E402
from masthead.membership.models import Campaign, Member, Tier  # noqa: E402

BATCH = 5_000


def seed(members: int) -> None:
    call_command("migrate", verbosity=0)
    tier, _ = Tier.objects.get_or_create(
        slug="bench", defaults={"name": "Bench", "monthly_price": 5, "yearly_price": 50}
    )
    now = timezone.now()
    if not Campaign.objects.filter(title="Bench drive").exists():
        Campaign.objects.create(
            title="Bench drive",
            goal=members * 2,
            starts_at=now - timedelta(days=30),
            deadline=now + timedelta(days=3650),
            call_to_action="help us reach our goal",
        )
    have = Member.objects.filter(user__username__startswith="bench-").count()
    User = get_user_model()
    while have < members:
        size = min(BATCH, members - have)
        with transaction.atomic():
            users = User.objects.bulk_create(
                User(username=f"bench-{n}", email=f"bench-{n}@readers.example")
                for n in range(have, have + size)
            )
            Member.objects.bulk_create(
                Member(user=user, tier=tier, interval="month", status="active", joined_at=now)
                for user in users
            )
        have += size
        sys.stderr.write(f"\r  members {have}/{members}")
    sys.stderr.write("\n")
    status_machine.counters_recount()


def per_call(function, *, seconds: float) -> list[float]:
    timings, end = [], time.perf_counter() + seconds
    while time.perf_counter() < end:
        started = time.perf_counter()
        function()
        timings.append(time.perf_counter() - started)
    return timings


def summary(timings: list[float]) -> dict:
    ordered = sorted(timings)
    return {
        "calls": len(timings),
        "per_second": round(len(timings) / sum(timings)),
        "p50_us": round(statistics.median(ordered) * 1e6, 1),
        "p95_us": round(ordered[int(len(ordered) * 0.95)] * 1e6, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--members", type=int, default=int(os.environ.get("BENCH_MEMBERS", 100_000))
    )
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()
    seed(args.members)
    vendor = connection.vendor
    cache = "redis" if os.environ.get("REDIS_URL") else "locmem"

    with CaptureQueriesContext(connection) as queries:
        campaigns.banner_forget()
        campaigns.banner()
    cold_queries = len(queries)

    def cold():
        campaigns.banner_forget()
        campaigns.banner()

    client = Client()
    client.get("/membership/campaign.json")
    results = {
        "database": vendor,
        "cache": cache,
        "members": Member.objects.count(),
        "banner_queries_on_a_cache_miss": cold_queries,
        "banner_cached": summary(per_call(campaigns.banner, seconds=args.seconds)),
        "banner_uncached": summary(per_call(cold, seconds=args.seconds)),
        "count_endpoint": summary(
            per_call(lambda: client.get("/membership/campaign.json"), seconds=args.seconds)
        ),
    }
    print(json.dumps(results, indent=2))
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / f"membership-{vendor}-{cache}.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
