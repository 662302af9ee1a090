"""The membership drive banner: the true count in the HTML, a cheap JSON endpoint."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from masthead.membership import campaigns
from masthead.membership.tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def drive(newsroom, tier):
    campaign = builders.campaign_make(goal=25_000)
    for n in range(3):
        builders.member_join(f"reader{n}@readers.example", tier)
    return campaign


def test_pages_render_the_true_count_without_javascript(client, drive, newsroom):
    html = client.get("/").content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html.split('class="campaign"')[1]))
    assert "3 out of 25,000 — help us reach 25,000 members by the end of 2026" in text
    assert 'max="25000" value="3"' in html  # the bar, a <progress>


def test_the_json_endpoint_reports_the_count_and_may_be_cached_briefly(client, drive):
    response = client.get("/membership/campaign.json")
    data = json.loads(response.content)
    assert (data["count"], data["goal"], data["reached"]) == (3, 25_000, False)
    assert "max-age=5" in response["Cache-Control"]


def test_a_new_member_shows_at_once(client, drive, tier, django_capture_on_commit_callbacks):
    assert json.loads(client.get("/membership/campaign.json").content)["count"] == 3
    with django_capture_on_commit_callbacks(execute=True):
        builders.member_join("new@readers.example", tier)
    assert json.loads(client.get("/membership/campaign.json").content)["count"] == 4


def test_reading_the_banner_costs_two_queries_at_most_and_none_when_cached(drive, tier):
    for n in range(40):
        builders.member_join(f"more{n}@readers.example", tier)
    campaigns.banner_forget()
    with CaptureQueriesContext(connection) as cold:
        assert campaigns.banner()["count"] == 43
    with CaptureQueriesContext(connection) as warm:
        campaigns.banner()
    assert len(cold) <= 2
    assert not any("COUNT(" in query["sql"].upper() for query in cold)
    assert len(warm) == 0


def test_a_reached_goal_says_so(client, newsroom, tier):
    builders.campaign_make(goal=2, reached_text="we made it, thank you!")
    builders.member_join("a@readers.example", tier)
    builders.member_join("b@readers.example", tier)
    html = client.get("/").content.decode()
    assert "we made it, thank you!" in html
    assert json.loads(client.get("/membership/campaign.json").content)["reached"] is True


def test_no_banner_without_a_running_campaign(client, newsroom):
    assert 'class="campaign"' not in client.get("/").content.decode()
    assert json.loads(client.get("/membership/campaign.json").content) == {}


def test_the_wall_lists_only_members_who_agreed(client, drive, tier):
    from masthead.membership import services
    from masthead.membership.models import Member

    for member in Member.objects.all()[:2]:
        services.member_wall_set(member=member, consent=True, name=f"Reader <{member.pk}>")
    html = client.get("/supporters/").content.decode()
    assert html.count("<li>Reader &lt;") == 2
