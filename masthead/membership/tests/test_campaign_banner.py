"""The membership drive banner: the true count in the HTML, a cheap JSON endpoint."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from masthead.membership import campaigns
from masthead.membership.models import CampaignWording
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


def test_reading_the_banner_costs_three_queries_at_most_and_none_when_cached(drive, tier):
    for n in range(40):
        builders.member_join(f"more{n}@readers.example", tier)
    campaigns.banner_forget()
    with CaptureQueriesContext(connection) as cold:
        assert campaigns.banner()["count"] == 43
    with CaptureQueriesContext(connection) as warm:
        campaigns.banner()
    assert len(cold) <= 3  # the campaign, its wordings, the counter
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
    from masthead.membership import status_machine
    from masthead.membership.models import Member

    for member in Member.objects.all()[:2]:
        status_machine.member_wall_set(member=member, consent=True, name=f"Reader <{member.pk}>")
    html = client.get("/supporters/").content.decode()
    assert html.count("<li>Reader &lt;") == 2


def banner_text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html.split('class="campaign"')[1]))


def test_each_edition_reads_the_banner_in_its_own_words(client, drive):
    CampaignWording.objects.create(
        campaign=drive,
        language="uk",
        call_to_action="допоможіть нам зібрати 25 000 членів спільноти",
        reached_text="мету досягнуто, дякуємо!",
        link_text="Долучитися",
        link_url="/uk/join/",
    )
    campaigns.banner_forget()
    ukrainian = client.get("/uk/join/").content.decode()
    assert "допоможіть нам зібрати 25 000 членів спільноти" in banner_text(ukrainian)
    assert '<a class="button campaign__link" href="/uk/join/">Долучитися</a>' in ukrainian
    assert 'data-campaign-url="/membership/campaign.json?language=uk"' in ukrainian
    english = client.get("/join/").content.decode()
    assert "help us reach 25,000 members by the end of 2026" in banner_text(english)
    assert "допоможіть" not in english

    # The endpoint the banner polls keeps to the reader's words; the count is the same.
    data = json.loads(client.get("/membership/campaign.json?language=uk").content)
    assert (data["call_to_action"], data["count"]) == (
        "допоможіть нам зібрати 25 000 членів спільноти",
        3,
    )
    for language in ("", "xx", "<script>"):
        data = json.loads(client.get(f"/membership/campaign.json?language={language}").content)
        assert data["call_to_action"] == "help us reach 25,000 members by the end of 2026"


def test_an_edited_campaign_is_on_the_next_page(client, drive):
    assert "help us reach 25,000" in banner_text(client.get("/join/").content.decode())
    drive.call_to_action = "help us reach 25,000 members by the spring"
    drive.save()
    assert "by the spring" in banner_text(client.get("/join/").content.decode())


def test_an_edition_without_its_own_words_shows_the_campaigns(client, drive):
    html = client.get("/uk/join/").content.decode()
    assert "help us reach 25,000 members by the end of 2026" in banner_text(html)


def test_one_wording_per_language(drive):
    from django.db import IntegrityError, transaction

    words = {"language": "uk", "call_to_action": "a", "reached_text": "b", "link_text": "c"}
    CampaignWording.objects.create(campaign=drive, **words)
    with pytest.raises(IntegrityError), transaction.atomic():
        CampaignWording.objects.create(campaign=drive, **words)


def test_the_membership_team_words_the_banner_for_each_edition(client, drive, cast):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    client.force_login(cast["membership_manager"])
    url = f"/admin/campaign/edit/{drive.pk}/"
    page = client.get(url)
    assert page.status_code == 200 and "In the other editions" in page.content.decode()

    def post(*wordings):
        fields = {
            "title": drive.title,
            "goal": drive.goal,
            "counts": drive.counts,
            "starts_at": drive.starts_at.strftime("%Y-%m-%d %H:%M"),
            "deadline": drive.deadline.strftime("%Y-%m-%d %H:%M"),
            "call_to_action": drive.call_to_action,
            "reached_text": drive.reached_text,
            "link_text": drive.link_text,
            "link_url": drive.link_url,
            "is_active": "on",
            "wordings": inline_formset(list(wordings)),
        }
        return client.post(url, nested_form_data(fields))

    words = {
        "language": "uk",
        "call_to_action": "допоможіть нам",
        "reached_text": "дякуємо",
        "link_text": "Долучитися",
        "link_url": "/uk/join/",
    }
    assert post(words).status_code == 302
    assert drive.wordings.get().call_to_action == "допоможіть нам"
    twice = post(words, {**words, "call_to_action": "ще раз"})
    assert twice.status_code == 200  # the form again, with the reason, nothing lost
    assert "duplicate data for campaign and language" in twice.content.decode()
    assert drive.wordings.get().call_to_action == "допоможіть нам"


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(document.cookie)",
        " JavaScript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "//elsewhere.example/join/",
        "/\\elsewhere.example/join/",
        "ftp://files.example/",
        "https://",
    ],
)
def test_the_admin_refuses_a_campaign_link_that_is_not_http_or_a_site_path(
    client, drive, cast, link
):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    client.force_login(cast["membership_manager"])
    fields = {
        "title": drive.title,
        "goal": drive.goal,
        "counts": drive.counts,
        "starts_at": drive.starts_at.strftime("%Y-%m-%d %H:%M"),
        "deadline": drive.deadline.strftime("%Y-%m-%d %H:%M"),
        "call_to_action": drive.call_to_action,
        "reached_text": drive.reached_text,
        "link_text": drive.link_text,
        "is_active": "on",
    }
    wording = {
        "language": "uk",
        "call_to_action": "допоможіть нам",
        "reached_text": "дякуємо",
        "link_text": "Долучитися",
        "link_url": "/uk/join/",
    }
    url = f"/admin/campaign/edit/{drive.pk}/"
    for campaign_link, wording_link in ((link, "/uk/join/"), ("/join/", link)):
        data = {
            **fields,
            "link_url": campaign_link,
            "wordings": inline_formset([{**wording, "link_url": wording_link}]),
        }
        page = client.post(url, nested_form_data(data))
        assert page.status_code == 200, (campaign_link, wording_link)
        assert "an address starting with https://" in page.content.decode()
    drive.refresh_from_db()
    assert drive.link_url == "/join/" and not drive.wordings.exists()


@pytest.mark.parametrize(
    "link", ["/join/", "/uk/приєднатися/?from=banner#tiers", "https://shop.example/members"]
)
def test_a_campaign_link_may_be_a_site_path_or_an_http_address(drive, link):
    drive.link_url = link
    drive.full_clean()


def test_a_stored_link_of_another_scheme_is_never_rendered(client, drive):
    from masthead.membership.models import Campaign

    Campaign.objects.filter(pk=drive.pk).update(link_url="javascript:alert(1)")
    CampaignWording.objects.create(
        campaign=drive,
        language="uk",
        call_to_action="допоможіть нам",
        reached_text="дякуємо",
        link_text="Долучитися",
        link_url="JAVASCRIPT:alert(2)",
    )
    campaigns.banner_forget()
    for url in ("/join/", "/uk/join/"):
        html = client.get(url).content.decode()
        assert 'class="campaign"' in html
        assert "alert(" not in html.lower(), url
    data = json.loads(client.get("/membership/campaign.json?language=uk").content)
    assert data["link_url"] == ""
