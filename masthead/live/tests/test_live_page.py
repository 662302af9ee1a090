"""The live page as readers get it without JavaScript, its poll answer and its feed."""

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import html as lxml_html

from masthead.live.models import LiveUpdate
from masthead.live.queries import PAGE_SIZE
from masthead.live.tests.builders import live_page_make, updates_make

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("newsroom")]


@pytest.fixture
def live(newsroom):
    return live_page_make(section=newsroom["news"], authors=[newsroom["author"]])


def _listed(response) -> list[str]:
    tree = lxml_html.fromstring(response.content)
    return [" ".join(li.text_content().split()) for li in tree.xpath("//*[@id='live-updates']/li")]


def test_the_page_shows_summary_key_events_and_the_newest_updates(client, live):
    updates_make(page=live, count=25, key_every=5)
    response = client.get(live.url)
    tree = lxml_html.fromstring(response.content)
    listed = _listed(response)
    assert response.status_code == 200
    assert tree.xpath("//*[@id='summary-title']")[0].text == "What we know so far"
    assert len(listed) == PAGE_SIZE
    assert "What happened at step 25." in listed[0]
    assert not any("step 5." in item for item in listed)
    events = [a.get("href") for a in tree.xpath("//nav[contains(@class, 'live__key-events')]//a")]
    assert len(events) == 5
    assert events[0].startswith("#update-")  # on the page: a jump
    assert events[-1].startswith("?update=")  # further down: its own run
    assert tree.xpath("//a[contains(@class, 'show-more')]")[0].text == "Show older updates"


def test_show_older_updates_is_a_real_link_that_goes_on_where_the_page_stops(client, live):
    updates_make(page=live, count=25)
    first = client.get(live.url)
    older = (
        lxml_html.fromstring(first.content)
        .xpath("//a[contains(@class, 'show-more')]")[0]
        .get("href")
    )
    second = client.get(older)
    listed = _listed(second)
    assert len(listed) == 5
    assert "step 5." in listed[0] and "step 1." in listed[-1]
    assert "Show older updates" not in second.content.decode()
    assert "Back to the latest updates" in second.content.decode()


def test_a_key_events_link_opens_the_run_that_holds_it(client, live):
    updates = updates_make(page=live, count=30, key_every=30)
    oldest_key = next(u for u in updates if u.key_event)
    LiveUpdate.objects.filter(pk=updates[2].pk).update(key_event=True)
    response = client.get(f"{live.url}?update={updates[2].pk}")
    assert f'id="update-{updates[2].pk}"' in response.content.decode()
    assert oldest_key.pk  # the newest is on the first run


@pytest.mark.parametrize("address", ["?before=abc", "?before=99999999", "?update=²"])
def test_a_bad_cursor_is_a_404_not_an_error(client, live, address):
    assert client.get(f"{live.url}{address}").status_code == 404


def test_the_page_costs_the_same_queries_with_2000_updates_as_with_20(client, newsroom):
    small = live_page_make(section=newsroom["news"], authors=[newsroom["author"]])
    large = live_page_make(section=newsroom["city"], authors=[newsroom["author"]])
    updates_make(page=small, count=20, key_every=4)
    updates_make(page=large, count=2000, key_every=400)
    client.get(small.url), client.get(large.url)  # site lookups and fragments warmed alike
    counts = []
    for page in (small, large):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page.url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_poll_answer_holds_the_newest_updates_only_and_answers_304(client, live):
    updates_make(page=live, count=60)
    response = client.get(f"{live.url}updates/")
    data = response.json()
    assert data["status"] == "live"
    assert len(data["updates"]) == PAGE_SIZE
    assert "step 60." in data["updates"][0]["html"]
    again = client.get(f"{live.url}updates/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_the_feed_has_an_entry_per_update(client, live):
    updates_make(page=live, count=3)
    response = client.get(f"{live.url}feed/")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == live.title
    assert len(feed.entries) == 3
    assert "step 3." in feed.entries[0].content[0].value
    assert feed.entries[0].link.startswith("http")


def test_the_page_names_its_updates_feed(client, live):
    tree = lxml_html.fromstring(client.get(live.url).content)
    links = tree.xpath("//link[@rel='alternate'][@type='application/atom+xml']")
    assert any(link.get("href").endswith("feed/") for link in links)


def test_lists_mark_the_page_live_while_live_only(client, newsroom, live, cast):
    from masthead.live import services

    feed_page = newsroom["feed"]
    assert "badge--live" in client.get(feed_page.url).content.decode()
    services.coverage_status_set(page=live, status="ended", user=cast["editor"])
    assert "badge--live" not in client.get(feed_page.url).content.decode()


def test_words_with_apostrophes_read_as_written_in_key_events_and_json_ld(client, live):
    LiveUpdate.objects.create(page=live, body="<p>The city&#x27;s dam held.</p>", key_event=True)
    html = client.get(live.url).content.decode()
    assert "The city&#x27;s dam held." in html  # escaped once, as text is
    assert "&amp;#x27;" not in html and "\\u0026#x27;" not in html
