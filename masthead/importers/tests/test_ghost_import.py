"""A Ghost export and its members: cards as blocks, the primary tag as the section, internal
tags dropped, members' posts members-only; members and subscribers with their consent as it
was, paying members linked to the subscription they pay at Stripe."""

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from masthead.importers.running import import_run
from masthead.importers.tests.conftest import FIXTURES, picture, uploads_make
from masthead.importers.writing import ImportOptions
from masthead.membership.models import Member
from masthead.membership.tests import builders as membership_builders
from masthead.newsletters.models import Newsletter, Subscriber, Subscription
from masthead.newsroom.models import ArticlePage, InfoPage

GHOST, MEMBERS = FIXTURES / "ghost.json", FIXTURES / "ghost-members.csv"
CANAL = "The canal that runs dry in August"


@pytest.fixture
def ghost_uploads(tmp_path):
    return uploads_make(
        tmp_path / "images",
        {
            "2024/01/halyna.jpg": picture("halyna"),
            "2024/08/canal.jpg": picture("canal"),
            "2024/08/pump.jpg": picture("pump"),
            "2024/08/melons.jpg": picture("melons"),
        },
    )


@pytest.fixture
def ghost_import(db, ghost_uploads):
    def run(members=None, **options):
        choice = ImportOptions(media_dir=ghost_uploads, fetch=False, **options)
        return import_run("ghost", GHOST, options=choice, members=members)

    return run


def test_cards_become_blocks_and_tags_become_sections_and_tags(ghost_import):
    report = ghost_import()
    canal = ArticlePage.objects.get(title=CANAL)
    assert [block.block_type for block in canal.body] == [
        "paragraph",
        "heading",
        "image",
        "quote",
        "quote",
        "gallery",
        "embed",
        "code",
        "table",
        "paragraph",
    ]
    image = canal.body[2].value
    assert image["wide"] and image["caption"] == "The canal bed near Zelenyi Hai."
    assert canal.body[3].value["pull"] is True
    assert canal.body[4].value["attribution"] == "Serhii, who grows melons"
    assert canal.body[6].value.url == "https://www.youtube.com/watch?v=c4n4lDry2024"
    assert canal.body[7].value["language"] == "sql"
    assert canal.get_parent().title == "Water"
    assert [tag.name for tag in canal.tags.all()] == ["Farming"]  # not #newsletter-only
    assert [b.author.title for b in canal.authors.all()] == ["Halyna Moroz", "Dmytro Savchuk"]
    assert canal.standfirst.startswith("Farmers along the branch canal")
    assert canal.lead_image.description == "A cracked canal bed"
    assert canal.lead_image_caption == "The branch canal in late August."
    levels = ArticlePage.objects.get(title="Reservoir levels, week by week")
    assert levels.members_only
    assert f'<a linktype="page" id="{levels.pk}">' in canal.body[0].value.source
    ukrainian = ArticlePage.objects.get(slug="kanal-voseny")
    assert ukrainian.locale.language_code == "uk" and ukrainian.members_only
    assert not ArticlePage.objects.get(title="Notes on the dam inquiry").live
    assert not ArticlePage.objects.get(title="The autumn water count").live
    assert InfoPage.objects.get(title="About the Dispatch").live
    assert report.skipped["comments (Masthead has none)"] == 1


def test_ghost_addresses_redirect(ghost_import, client):
    ghost_import()
    canal = ArticlePage.objects.get(title=CANAL)
    for old, new in {
        "/canal-runs-dry/": canal.url,
        "/canal-runs-dry/amp/": canal.url,
        "/tag/water/": "/water/",
        "/tag/farming/": "/tags/farming/",
        "/author/halyna/": "/authors/halyna-moroz/",
    }.items():
        answer = client.get(old)
        assert (old, answer.status_code, answer.get("Location")) == (old, 301, new)


@pytest.fixture
def newsletters(db):
    weekly = Newsletter.objects.create(name="Dispatch Weekly", slug="weekly", featured=True)
    alerts = Newsletter.objects.create(name="Water Alerts", slug="alerts")
    return weekly, alerts


def test_members_keep_their_consent_and_paying_members_their_subscription(
    ghost_import, newsletters, fake_stripe
):
    weekly, alerts = newsletters
    tier = membership_builders.tier_make(slug="supporter", monthly="7.00", yearly="70.00")
    # What Stripe holds for the paying reader: an older canceled subscription and the
    # current one, at the tier's yearly price (made on Ghost, so naming no tier of ours).
    fake_stripe.subscription_add(
        "sub_OLD", customer="cus_GHOST1", amount=700, status="canceled", created=1600000000
    )
    current = fake_stripe.subscription_add(
        "sub_NOW", customer="cus_GHOST1", amount=7000, interval="year", created=1700000000
    )
    # Someone who left here since (after an earlier import) is not signed up again.
    left = Subscriber.objects.create(email="olha.free@readers.example")
    Subscription.objects.create(
        subscriber=left, newsletter=weekly, status=Subscription.Status.UNSUBSCRIBED
    )
    report = ghost_import(members=MEMBERS)

    def status(email, newsletter):
        found = Subscription.objects.filter(subscriber__email=email, newsletter=newsletter).first()
        return found.status if found else None

    assert status("olha.free@readers.example", weekly) == "unsubscribed"
    assert status("left.us@readers.example", weekly) == "unsubscribed"
    assert status("press.pass@readers.example", weekly) == "confirmed"
    assert status("paying.reader@readers.example", weekly) == "confirmed"
    assert status("paying.reader@readers.example", alerts) == "confirmed"
    assert not Subscriber.objects.filter(email="gone@readers.example").exists()
    assert not Member.objects.filter(user__email="olha.free@readers.example").exists()
    press = Member.objects.get(user__email="press.pass@readers.example")
    assert (press.status, press.source, press.tier) == ("active", "complimentary", tier)
    payer = Member.objects.get(user__email="paying.reader@readers.example")
    assert (payer.status, payer.provider, payer.customer_ref, payer.subscription_ref) == (
        "active",
        "stripe",
        "cus_GHOST1",
        "sub_NOW",
    )
    assert (payer.tier, payer.interval) == (tier, "year")
    end = current["items"]["data"][0]["current_period_end"]
    assert int(payer.current_period_end.timestamp()) == end
    assert payer.joined_at.year == 2022 and payer.campaign is None
    assert sorted(label.name for label in payer.labels.all()) == ["Farmers", "Founding"]
    refused = [(p.source_id, p.reason) for p in report.problems if p.refused]
    assert refused == [("line 6", "not an e-mail address")]
    assert mail.outbox == []  # nobody is e-mailed by an import
    # A second run changes nothing and makes nothing twice.
    ghost_import(members=MEMBERS)
    assert Member.objects.count() == 2 and Subscriber.objects.count() == 4
    assert Subscription.objects.get(subscriber=left).status == "unsubscribed"


def test_without_stripe_keys_a_paying_member_is_kept_for_later(ghost_import, newsletters):
    report = ghost_import(members=MEMBERS)
    notes = [p.reason for p in report.problems if p.source_id == "paying.reader@readers.example"]
    assert notes == ["pays through Stripe: set the Stripe keys and import again to link them"]
    member = Member.objects.get(user__email="paying.reader@readers.example")
    assert member.customer_ref == "cus_GHOST1" and member.status == "pending"


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("export.json", b"<html>", "is not a Ghost export: it is not JSON"),
        ("export.json", b'{"db": [{"data": {"tags": []}}]}', "it has no posts"),
    ],
)
def test_bad_ghost_files_are_refused(db, tmp_path, name, content, says):
    bad = tmp_path / name
    bad.write_bytes(content)
    with pytest.raises(CommandError, match=says):
        call_command("import", "ghost", str(bad))


def test_a_members_file_of_another_kind_is_refused_before_anything_is_written(db, tmp_path):
    members = tmp_path / "members.csv"
    members.write_text("email,status\nsomeone@readers.example,active\n")
    with pytest.raises(CommandError, match="is not a Ghost members export"):
        call_command("import", "ghost", str(GHOST), "--members", str(members), "--no-fetch")
    assert not ArticlePage.objects.exists()
