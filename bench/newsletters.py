"""Newsletter benchmark: one edition to 100,000 synthetic subscribers through the real
sending code (claims, one SMTP connection per batch, a delivery row marked per message) into
a local SMTP sink in another process. Reports messages per second and peak memory, and
checks that every subscriber got exactly one message.

Run by `make bench` on SQLite and on PostgreSQL.

    python bench/newsletters.py [--subscribers 100000] [--batch 200]
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import time

import bootstrap

bootstrap.django_setup()
ROOT = bootstrap.ROOT

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from masthead.newsletters import editions, sending  # noqa: E402
from masthead.newsletters.models import (  # noqa: E402
    Delivery,
    Edition,
    EditionStory,
    Newsletter,
    Subscriber,
    Subscription,
)
from masthead.newsroom.models import ArticlePage  # noqa: E402

CHUNK = 5_000


def seed(subscribers: int) -> Newsletter:
    call_command("migrate", verbosity=0)
    if not ArticlePage.objects.live().exists():
        from masthead.demo.services import demo_load

        sys.stderr.write("  no stories yet: loading the demo newsroom\n")
        demo_load(prepare_renditions=False)
    newsletter, _ = Newsletter.objects.get_or_create(
        slug="bench-letter",
        defaults={"name": "Bench Letter", "sender_email": "bench@courier.example"},
    )
    have = Subscriber.objects.filter(email__startswith="bench-").count()
    now = timezone.now()
    while have < subscribers:
        size = min(CHUNK, subscribers - have)
        with transaction.atomic():
            made = Subscriber.objects.bulk_create(
                Subscriber(email=f"bench-{n}@inbox.example", created_at=now)
                for n in range(have, have + size)
            )
            Subscription.objects.bulk_create(
                Subscription(
                    subscriber=subscriber,
                    newsletter=newsletter,
                    status="confirmed",
                    confirmed_at=now,
                )
                for subscriber in made
            )
        have += size
        sys.stderr.write(f"\r  subscribers {have:,}/{subscribers:,}")
    sys.stderr.write("\n")
    return newsletter


def sink_start() -> tuple[subprocess.Popen, int]:
    sink = subprocess.Popen(  # noqa: S603 - our own script
        [sys.executable, str(ROOT / "bench" / "smtp_sink.py")],
        stdout=subprocess.PIPE,
        text=True,
    )
    return sink, int(sink.stdout.readline())


def helper_start(edition_id: int, batch: int, port: int) -> subprocess.Popen:
    """Another sending process on the same edition (claims keep them apart)."""
    code = (
        "import sys; sys.path.insert(0, 'bench'); import bootstrap; bootstrap.django_setup(); "
        "from django.conf import settings as s; "
        "s.EMAIL_BACKEND = 'django.core.mail.backends.smtp.EmailBackend'; "
        f"s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS = '127.0.0.1', {port}, False; "
        "from masthead.newsletters import sending; "
        f"sending.edition_send_run(edition_id={edition_id}, batch_size={batch})"
    )
    return subprocess.Popen([sys.executable, "-c", code], cwd=ROOT)  # noqa: S603


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--subscribers", type=int, default=int(os.environ.get("BENCH_SUBSCRIBERS", 100_000))
    )
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument(
        "--workers", type=int, default=1, help="Sending processes sharing the edition."
    )
    args = parser.parse_args()
    newsletter = seed(args.subscribers)
    Edition.objects.filter(newsletter=newsletter).delete()
    edition = Edition.objects.create(newsletter=newsletter, subject="Bench edition")
    for index, article in enumerate(ArticlePage.objects.live().order_by("-pk")[:5]):
        EditionStory.objects.create(edition=edition, article=article, sort_order=index)

    sink, port = sink_start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", port, False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    started = time.perf_counter()
    queued = editions.edition_start(edition=edition)
    queue_seconds = time.perf_counter() - started
    sys.stderr.write(f"  queued {queued:,} deliveries in {queue_seconds:.1f} s\n")

    started, total = time.perf_counter(), {"sent": 0}

    def progress(done: dict) -> None:
        total["sent"] += done["sent"]
        rate = total["sent"] / (time.perf_counter() - started)
        sys.stderr.write(f"\r  sent {total['sent']:,}/{queued:,} ({rate:,.0f}/s)")

    helpers = [helper_start(edition.pk, args.batch, port) for _ in range(args.workers - 1)]
    outcome = sending.edition_send_run(
        edition_id=edition.pk, batch_size=args.batch, on_batch=progress
    )
    for helper in helpers:
        helper.wait()
    outcome = sending.edition_send_run(edition_id=edition.pk)  # "sent" once all are done
    sys.stderr.write("\n")
    send_seconds = time.perf_counter() - started
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    sink.terminate()
    received = json.loads(sink.stdout.read().strip().splitlines()[-1])
    sent = Delivery.objects.filter(edition=edition, status="sent").count()
    results = {
        "database": connection.vendor,
        "subscribers": queued,
        "batch_size": args.batch,
        "workers": args.workers,
        "outcome": outcome,
        "queue_seconds": round(queue_seconds, 2),
        "send_seconds": round(send_seconds, 1),
        "messages_per_second": round(sent / send_seconds),
        "peak_rss_mb": round(peak_rss / 1024),
        "rss_growth_mb": round((peak_rss - rss_before) / 1024),
        "delivered_rows_sent": sent,
        "sink_received": received["recipients"],
        "exactly_once": sent == queued == received["recipients"],
    }
    print(json.dumps(results, indent=2))
    bootstrap.RESULTS.mkdir(exist_ok=True)
    name = f"newsletters-{connection.vendor}-{args.workers}-worker{'s' if args.workers > 1 else ''}"
    (bootstrap.RESULTS / f"{name}.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
