"""The synthetic archive every page benchmark runs on: the demo newsroom plus generated
stories, seeded once per database and reused (import after bootstrap.django_setup())."""

import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import override_settings
from django_tasks_db.models import DBTaskResult
from wagtail.models import Page
from wagtail.search.models import IndexEntry

from masthead.demo import services
from masthead.newsroom.models import ArticlePage


def progress(step: str, done: int, total: int) -> None:
    if done == total or done % 500 == 0:
        sys.stderr.write(f"\r  {step:<20} {done}/{total}")
        if done == total:
            sys.stderr.write("\n")


def seed(articles: int) -> None:
    call_command("migrate", verbosity=0)
    if not services.demo_is_loaded():
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            services.demo_load(progress=progress, prepare_renditions=False)
    have = ArticlePage.objects.filter(slug__startswith="synthetic-").count()
    seeding = have < articles or IndexEntry.objects.count() < Page.objects.count() - 1
    if have < articles:
        started = time.monotonic()
        # The index is rebuilt in bulk below: no indexing task per story meanwhile.
        backends = {
            name: {**params, "AUTO_UPDATE": False}
            for name, params in settings.WAGTAILSEARCH_BACKENDS.items()
        }
        with override_settings(WAGTAILSEARCH_BACKENDS=backends):
            added = services.demo_articles_generate(count=articles, progress=progress)
        print(f"seeded {added} synthetic stories in {time.monotonic() - started:.0f}s")
    if IndexEntry.objects.count() < Page.objects.count() - 1:
        # Index once in bulk instead of one background task per story.
        DBTaskResult.objects.all().delete()
        started = time.monotonic()
        call_command("update_index", verbosity=0)
        print(f"search index rebuilt in {time.monotonic() - started:.0f}s")
    if seeding and connection.vendor == "postgresql":
        # Fresh statistics for the planner: autovacuum would get to it, but mid-benchmark.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
