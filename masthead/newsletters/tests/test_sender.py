"""Who an edition comes from: the newsletter's own address, else the newsroom's; never a
placeholder such as newsroom@localhost (Django's default) or news@example.org."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.models import Site

from masthead.core.emails import address_is_placeholder
from masthead.core.models import NewsroomSettings
from masthead.newsletters import editions, sending
from masthead.newsletters.services import NewsletterError
from masthead.newsletters.tests.builders import edition_make, newsletter_make, subscribed

# Every test here reads the module's one newsroom (conftest.py), built once.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("newsroom")]


def newsroom_sender_set(address: str) -> None:
    newsroom = NewsroomSettings.for_site(Site.objects.get(is_default_site=True))
    newsroom.newsletter_sender_email = address
    newsroom.save()


@pytest.mark.parametrize(
    "address",
    ["", "newsroom@localhost", "news@example.org", "news@EXAMPLE.com", "a@mail.example.net"],
)
def test_unset_and_template_addresses_are_placeholders(address):
    assert address_is_placeholder(address)


@pytest.mark.parametrize(
    "address", ["letters@zelenohirsk-courier.org", "news@examples.org", "briefing@courier.test"]
)
def test_a_newsrooms_own_domain_is_not(address):
    assert not address_is_placeholder(address)


def test_the_newsletters_own_address_then_the_newsrooms_then_default_from_email(newsroom, settings):
    settings.DEFAULT_FROM_EMAIL = "desk@courier-mail.org"
    weekly = newsletter_make(name="City Hall Weekly", sender_email="")
    assert sending.sender_for(newsletter=weekly).email == "desk@courier-mail.org"
    newsroom_sender_set("letters@courier-mail.org")
    assert sending.sender_for(newsletter=weekly).email == "letters@courier-mail.org"
    weekly.sender_email, weekly.sender_name = "cityhall@courier-mail.org", "City desk"
    assert sending.sender_for(newsletter=weekly).header == "City desk <cityhall@courier-mail.org>"


def test_a_send_from_a_placeholder_never_starts(newsroom, stories, settings):
    settings.DEFAULT_FROM_EMAIL = "newsroom@localhost"
    weekly = newsletter_make(name="City Hall Weekly", sender_email="")
    subscribed("reader@example.org", weekly)
    edition = edition_make(weekly, articles=stories)
    with pytest.raises(NewsletterError, match="Settings → Newsroom settings → Newsletters"):
        editions.edition_start(edition=edition)
    with pytest.raises(NewsletterError, match="nothing is sent until there is one"):
        editions.edition_schedule(edition=edition, at=timezone.now() + timedelta(hours=1))
    edition.refresh_from_db()
    assert edition.status == "draft" and not edition.deliveries.exists()

    weekly.sender_email = "briefing@example.org"  # saved before the forms checked
    weekly.save()
    with pytest.raises(NewsletterError, match="is a placeholder: nothing is sent from it"):
        editions.edition_test_send(edition=edition, email="erin@courier.test")


def test_the_settings_forms_refuse_a_placeholder(newsroom):
    weekly = newsletter_make(sender_email="news@example.org", reply_to="desk@localhost")
    with pytest.raises(ValidationError) as refused:
        weekly.full_clean()
    assert set(refused.value.message_dict) == {"sender_email", "reply_to"}
    newsroom = NewsroomSettings.for_site(Site.objects.get(is_default_site=True))
    newsroom.newsletter_sender_email = "newsroom@localhost"
    with pytest.raises(ValidationError, match="use an address at your newsroom"):
        newsroom.full_clean()
