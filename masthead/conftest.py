"""Fixtures shared by every app's tests: a small newsroom, its people, and Chromium."""

import asyncio
import os
from pathlib import Path

import pytest

from masthead.newsroom.tests import builders

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Headless, and quiet on a machine with no network beyond loopback.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _quick_passwords(settings):
    """Tests sign in hundreds of times: a fast hasher there, the real one everywhere else."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request to /uk/ leaves Ukrainian active
    in the thread (LocaleMiddleware activates per request and never deactivates)."""
    from django.conf import settings as django_settings
    from django.utils import translation

    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: Wagtail keeps site root paths there, and a
    rolled-back test must not leave its sites behind (locmem here, Redis db 15 in CI)."""
    nothing_cached()


def nothing_cached() -> None:
    """As after a publish: nothing stored, shared or in this process, and the generation read
    afresh (an emptied Redis starts a new one, which must not come in halfway through the
    next render)."""
    from django.core.cache import cache

    from masthead.core.pagecache import fragments
    from masthead.core.pagecache.generation import GENERATION

    cache.clear()
    fragments.forget()
    GENERATION.forget()


def settings_in_fresh_process(expression: str, *, drop: tuple[str, ...] = (), **env):
    """Import masthead.settings in a new interpreter with this environment and print
    `expression` (on `s`, the settings module): start-up checks run for real."""
    import subprocess
    import sys

    clean = {k: v for k, v in os.environ.items() if not k.startswith(drop)}
    return subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-c", f"import masthead.settings as s; print({expression})"],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def response_bytes(response) -> bytes:
    """A response's body, streamed (a large file as it is written) or not."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def renditions_worker_run(*images) -> None:
    """What the worker does for a picture saved (core/images.py): every rendition shown."""
    from masthead.core.images import renditions_make, specs_shown

    for image in images:
        renditions_make(image=image, specs=specs_shown())


def background_tasks_run() -> None:
    """Run queued background tasks (search indexing, …) with the real database worker.

    The worker calls close_old_connections() between tasks, which closes a connection that
    is inside a transaction: here that is the test's own (PostgreSQL would lose it), so that
    one call is skipped. What the worker claims, runs and records is unchanged.
    """
    from unittest import mock

    from django.core.management import call_command

    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


COMMITTING_FIXTURES = {"transactional_db", "live_server", "django_db_reset_sequences"}
SHARED_NEWSROOM = pytest.StashKey[set[str]]()


def pytest_collection_modifyitems(config, items):
    """Note the modules whose tests share one newsroom: those where every test that touches
    the database asks for the newsroom (what a test sees never depends on which tests ran
    before it) and none commits (it would run inside the newsroom's open transaction)."""
    modules: dict[str, bool] = {}
    for item in items:
        name = item.module.__name__
        touches = "db" in item.fixturenames or item.get_closest_marker("django_db") is not None
        fits = not _commits(item) and (not touches or "newsroom" in item.fixturenames)
        modules[name] = modules.get(name, True) and fits
    config.stash[SHARED_NEWSROOM] = {name for name, shares in modules.items() if shares}


def _commits(item) -> bool:
    """A test that commits: a transactional one, or one whose fixtures (but ours) open the
    database themselves, as the demo's committed modules do. Where pytest's fixture details
    cannot be read, assume it commits (built per test: slower, never wrong)."""
    marker = item.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        return True
    if COMMITTING_FIXTURES & set(item.fixturenames):
        return True
    definitions = getattr(getattr(item, "_fixtureinfo", None), "name2fixturedefs", None)
    if definitions is None:
        return True
    return any(
        "django_db_blocker" in definition.argnames and name != "_newsroom_once"
        for name, chain in definitions.items()
        for definition in chain
        if not definition.func.__module__.startswith("pytest_django")
    )


@pytest.fixture(scope="module")
def _newsroom_once(request, django_db_setup, django_db_blocker, tmp_path_factory):
    """The newsroom built once for a module, in a transaction left open while the module's
    tests run (each test's own transaction is a savepoint inside it, rolled back as always)
    and rolled back after the last one. Its images live in a folder of their own, which each
    test gets a copy of. Yields None where the module does not share one (see
    pytest_collection_modifyitems): its tests build their own."""
    from django.db import transaction
    from django.test.utils import override_settings

    if request.module.__name__ not in request.config.stash[SHARED_NEWSROOM]:
        yield None
        return
    media = tmp_path_factory.mktemp("newsroom-media")
    outer = transaction.atomic()
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        outer.__enter__()
        try:
            made = builders.newsroom_make()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    try:
        yield {name: (type(page), page.pk) for name, page in made.items()}, media
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            nothing_cached()


@pytest.fixture
def newsroom(_newsroom_once, db, settings):
    """Home page with two sections, a News Feed, authors, tags and video pages: the module's
    shared one, read afresh for each test (what a test changes, in memory or in the database,
    is gone for the next), or built for this test where the module does not share one."""
    import shutil

    if _newsroom_once is None:
        return builders.newsroom_make()
    pages, media = _newsroom_once
    shutil.copytree(media, settings.MEDIA_ROOT, dirs_exist_ok=True)
    return {name: model.objects.get(pk=pk) for name, (model, pk) in pages.items()}


@pytest.fixture
def cast(db):
    """The newsroom's people, one per role: healthchecks' Alice/Bob idea."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from masthead.staff import roles

    roles.roles_sync()
    User = get_user_model()

    def user(username, group=None, **extra):
        person = User.objects.create_user(username=username, password="pass-word-123", **extra)
        if group:
            person.groups.add(Group.objects.get(name=group))
        return person

    return {
        "admin": user("alice", is_staff=True, is_superuser=True),
        "editor": user("erin", roles.EDITORS),
        "contributor": user("colin", roles.CONTRIBUTORS),
        "membership_manager": user("maria", roles.MEMBERSHIP_MANAGERS),
    }


@pytest.fixture
def readers(db):
    """The newsroom's readers, one per standing, as the site made them: a paying member (the
    demo checkout), a lapsed one (canceled, the period over), a gifted one (a gift bought,
    delivered and redeemed; the e-mail with its code is not sent) and the anonymous reader;
    `tier` is what the paying one pays for."""
    from unittest import mock

    from django.contrib.auth.models import AnonymousUser
    from django.utils import timezone

    from masthead.membership import checkouts, gifts, status_machine, subscriptions
    from masthead.membership import emails as membership_emails
    from masthead.membership.models import Checkout, Member
    from masthead.membership.providers import demo
    from masthead.membership.tests.builders import member_join, tier_make

    tier = tier_make(slug="readers-tier", name="Reader")
    paying = member_join("paying@readers.example", tier)
    lapsed = member_join("lapsed@readers.example", tier)
    # Canceled, and the paid period over: the provider says the subscription ended.
    subscriptions.subscription_sync(
        subscription_ref=lapsed.subscription_ref, status=Member.Status.CANCELED, at=timezone.now()
    )
    gift = gifts.gift_create(
        tier=tier,
        months=6,
        purchaser_email="giver@readers.example",
        recipient_email="gifted@readers.example",
    )
    demo.checkout_confirm(
        checkout=checkouts.checkout_start(
            kind=Checkout.Kind.GIFT, email=gift.purchaser_email, provider="demo", gift=gift
        )
    )
    with mock.patch.object(membership_emails, "gift_send") as delivery:  # the code, unsent
        gifts.gift_deliver(gift_id=gift.pk)  # as the paid checkout's commit does
    gifted = gifts.gift_redeem(
        user=status_machine.user_for_email("gifted@readers.example"),
        code=delivery.call_args.kwargs["code"],
    )
    return {
        "paying": paying.user,
        "lapsed": lapsed.user,
        "gifted": gifted.user,
        "anonymous": AnonymousUser(),
        "tier": tier,
    }


@pytest.fixture
def chromium():
    """Run `async def scenario(browser)` in Debian's Chromium and return what it returns.

    A missing browser skips, except under CI=true where it fails. Playwright's async API runs
    inside asyncio.run(): its event loop is gone before the test touches the ORM again, so
    Django's connections stay the thread's own (a loop left running would swap them).
    """
    if not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.async_api import async_playwright

    def run(scenario):
        async def main():
            async with async_playwright() as playwright:
                browser = await playwright.chromium.launch(
                    executable_path=CHROMIUM, args=CHROMIUM_ARGS
                )
                try:
                    return await scenario(browser)
                finally:
                    await browser.close()

        return asyncio.run(main())

    return run


@pytest.fixture
def ffmpeg():
    """Debian's ffmpeg, which makes the demo's video clips. Missing, it skips, except under
    CI=true where it fails."""
    from masthead.demo import videos

    if reason := videos.ffmpeg_missing():
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)


class Mailbox(list):
    """What the test SMTP server received (email.message.EmailMessage, newest last).

    `refuse` maps addresses to the reply RCPT gets ("550 5.1.1 No such user"); `on_data`,
    if set, is called with the message before it is accepted and may return another reply
    ("421 ..." to hang up), or do something drastic (kill the sender).
    """

    refuse: dict
    on_data = None


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server (aiosmtpd) on loopback; Django's SMTP backend sends to it."""
    import email
    import email.policy
    import socket

    from aiosmtpd.controller import Controller

    received = Mailbox()
    received.refuse = {}

    class Handler:
        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            if address in received.refuse:
                return received.refuse[address]
            envelope.rcpt_tos.append(address)
            return "250 OK"

        async def handle_DATA(self, server, session, envelope):
            message = email.message_from_bytes(envelope.content, policy=email.policy.default)
            message.envelope_to = list(envelope.rcpt_tos)
            if received.on_data is not None:
                reply = received.on_data(message)
                if reply:
                    return reply
            received.append(message)
            return "250 Message accepted"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    received.port = port
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD, settings.EMAIL_USE_TLS = "", "", False
    try:
        yield received
    finally:
        controller.stop()
