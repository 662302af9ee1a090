"""Signing up with double opt-in: a confirmation e-mail, and nothing else until it is used."""

import pytest
from django.test import Client
from django.urls import reverse

from masthead.newsletters.models import Subscription, Suppression
from masthead.newsletters.tests.builders import links, newsletter_make, parts

# Every test here reads the module's one newsroom (conftest.py), built once.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("newsroom")]


def signup(client, *newsletters, email="reader@example.org", **extra):
    data = {"email": email, "newsletters": [n.pk for n in newsletters], "website": "", **extra}
    return client.post(reverse("newsletters:signup"), data, HTTP_ORIGIN="http://testserver")


def confirm_link(message) -> str:
    text, _ = parts(message)
    return next(link for link in links(text) if "/newsletters/confirm/" in link)


def test_the_signup_page_lists_public_newsletters(client, briefing):
    secret = newsletter_make(name="For Members Only", access="members")
    hidden = newsletter_make(name="Staff digest", on_signup_page=False)
    page = client.get(reverse("newsletters:signup")).content.decode()
    assert briefing.name in page and hidden.name not in page
    # Members-only lists are shown for what they are, without a checkbox.
    assert secret.name in page and f'value="{secret.pk}"' not in page


def test_it_sends_a_confirmation_and_subscribes_only_when_confirmed(client, briefing, smtp_server):
    response = signup(client, briefing)
    assert response.status_code == 200 and b"Check your inbox" in response.content
    subscription = Subscription.objects.get()
    assert subscription.status == "pending"
    [message] = smtp_server
    assert message["To"] == "reader@example.org"
    assert "Confirm your subscription" in message["Subject"]
    link = confirm_link(message)
    path = link.removeprefix("http://testserver")

    # Opening the link (a mail scanner does) shows a button and changes nothing.
    assert client.get(path).status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == "pending"

    response = client.post(path)
    assert response.status_code == 200 and briefing.name.encode() in response.content
    subscription.refresh_from_db()
    assert subscription.status == "confirmed" and subscription.confirmed_at
    assert "You are subscribed" in smtp_server[-1]["Subject"]
    # A second use confirms nothing new and sends no second welcome.
    client.post(path)
    assert len(smtp_server) == 2


def test_a_forged_or_expired_link_is_refused(client, briefing, smtp_server):
    signup(client, briefing)
    link = confirm_link(smtp_server[0]).removeprefix("http://testserver")
    response = client.post(link.replace("/confirm/", "/confirm/x"))
    assert response.status_code == 400 and b"not valid" in response.content
    assert Subscription.objects.get().status == "pending"


def test_a_signup_from_another_site_is_refused(briefing, smtp_server):
    client = Client(enforce_csrf_checks=True)
    data = {"email": "victim@example.org", "newsletters": [briefing.pk]}
    url = reverse("newsletters:signup")
    for origin in ({"HTTP_ORIGIN": "https://evil.example"}, {}, {"HTTP_ORIGIN": "null"}):
        assert client.post(url, data, **origin).status_code == 403
    assert not Subscription.objects.exists() and not smtp_server
    # The page's own form needs no CSRF token: the box sits on pages shared by the cache.
    response = client.post(url, data, HTTP_REFERER="http://testserver/some-story/")
    assert response.status_code == 200 and Subscription.objects.exists()


def test_a_bad_address_gets_a_clear_error(client, briefing, smtp_server):
    response = signup(client, briefing, email="not an address")
    assert response.status_code == 400
    assert b"Enter a valid email address" in response.content
    response = signup(client, email="reader@example.org")
    assert response.status_code == 400 and b"Choose at least one newsletter" in response.content
    assert not Subscription.objects.exists() and not smtp_server


def test_the_honeypot_catches_bots_quietly(client, briefing, smtp_server):
    response = signup(client, briefing, website="http://spam.example")
    assert response.status_code == 200 and b"Check your inbox" in response.content
    assert not Subscription.objects.exists() and not smtp_server


def test_signups_are_rate_limited(client, briefing, smtp_server):
    for number in range(10):
        assert signup(client, briefing, email=f"r{number}@example.org").status_code == 200
    response = signup(client, briefing, email="one-more@example.org")
    assert response.status_code == 400 and b"Too many signups" in response.content
    assert len(smtp_server) == 10


def test_members_only_lists_need_a_member(client, readers, smtp_server):
    letter = newsletter_make(name="For Members Only", access="members")
    response = signup(client, letter)
    assert response.status_code == 400
    assert not Subscription.objects.exists()
    client.force_login(readers["lapsed"])
    assert signup(client, letter, email=readers["lapsed"].email).status_code == 400
    assert not Subscription.objects.exists()
    client.force_login(readers["paying"])
    response = signup(client, letter, email=readers["paying"].email)
    assert response.status_code == 200
    assert Subscription.objects.get().status == "pending"


def test_a_suppressed_address_gets_no_confirmation(client, briefing, smtp_server):
    Suppression.objects.create(email="reader@example.org", reason="bounced")
    response = signup(client, briefing, email="Reader@Example.org")
    assert response.status_code == 200  # the same answer: no telling who is suppressed
    assert not smtp_server


def test_the_featured_newsletter_box_is_on_articles_and_home(client, briefing, stories):
    for url in (stories[0].url, "/"):
        page = client.get(url).content.decode()
        assert 'class="newsletter-box"' in page and briefing.name in page
        assert f'name="newsletters" value="{briefing.pk}"' in page
