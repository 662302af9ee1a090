"""The public pages run a fixed number of queries whatever the size of the archive: the same
count at 600 stories and at 10,600, with fifty more authors and a thousand members."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag

from masthead.conftest import nothing_cached, renditions_worker_run
from masthead.core.models import MastheadImage
from masthead.membership.models import Member
from masthead.membership.status_machine import counters_recount
from masthead.membership.tests.builders import campaign_make, tier_make
from masthead.newsroom.tests import builders

# The most each page may run with nothing cached (the first render after a publish); a
# few above what SQLite and PostgreSQL run today.
MAX_QUERIES = {
    "article": 42,
    "home": 42,
    "section": 26,
    "news feed": 26,
    "news feed page 50": 26,
    "author": 32,
    "tag": 27,
}


@pytest.fixture
def archive(newsroom):
    tag = Tag.objects.create(name="Tram", slug="tram")
    image = builders.image_make(title="Archive photo", credit="Courier")
    author = newsroom["author"]
    for section in (newsroom["news"], newsroom["city"]):
        builders.articles_bulk(
            section=section, number=300, authors=[author], tags=[tag], lead_image=image
        )
    older = builders.article_make(section=newsroom["city"], title="Older", hours_ago=0.5)
    story = builders.article_make(
        section=newsroom["news"],
        title="The tram line opens",
        authors=[author],
        tags=["Tram"],
        lead_image=builders.image_make(title="Tram", credit="Courier"),
        hours_ago=0.1,
    )
    story.related_picks.create(article=older)
    campaign_make(goal=25_000)
    return {"story": story, "tag": tag, "image": image, **newsroom}


def archive_grow(archive) -> None:
    for section in (archive["news"], archive["city"]):
        builders.articles_bulk(
            section=section,
            number=5_000,
            authors=[archive["author"]],
            tags=[archive["tag"]],
            lead_image=archive["image"],
        )
    for number in range(50):
        builders.author_make(index=archive["authors"], name=f"Extra Writer {number}")
    tier = tier_make()
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"reader-{n}", email=f"reader-{n}@example.org")
        for n in range(1_000)
    )
    Member.objects.bulk_create(
        Member(user=user, tier=tier, interval="month", status="active") for user in users
    )
    counters_recount()


def pages(archive) -> dict[str, str]:
    return {
        "article": archive["story"].url,
        "home": "/",
        "section": archive["news"].url,
        "news feed": archive["feed"].url,
        "news feed page 50": f"{archive['feed'].url}?page=50",
        "author": archive["author"].url,
        "tag": f"{archive['tags'].url}tram/",
    }


def query_counts(client, urls: dict[str, str], *, cold: bool) -> dict[str, int]:
    counts = {}
    for name, url in urls.items():
        if cold:
            nothing_cached()  # no shared fragments either: the first render after a publish
        else:
            client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (name, url)
        counts[name] = len(queries)
    return counts


def test_page_queries_do_not_grow_with_the_archive(client, archive, django_assert_max_num_queries):
    urls = pages(archive)
    renditions_worker_run(*MastheadImage.objects.all())  # as the worker makes them
    for url in urls.values():
        client.get(url)  # site settings are made on the first view, once
    small_cold = query_counts(client, urls, cold=True)
    small_warm = query_counts(client, urls, cold=False)

    archive_grow(archive)
    assert archive["news"].get_children().count() > 5_000
    large_cold = query_counts(client, urls, cold=True)
    large_warm = query_counts(client, urls, cold=False)

    assert large_cold == small_cold
    assert large_warm == small_warm
    for name, url in urls.items():
        nothing_cached()
        with django_assert_max_num_queries(MAX_QUERIES[name]):
            client.get(url)
    # Shared fragments leave a page only its own few reads.
    assert all(large_warm[name] < large_cold[name] for name in urls)
    # The article: where its path leads and the page itself. The home page: itself.
    assert large_warm["article"] <= 2 and large_warm["home"] <= 1
