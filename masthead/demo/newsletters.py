"""The demo newsroom's newsletters: seven lists (two for members, one for breaking news), a
few hundred readers subscribed, and past editions in the archive, sent through the real
sending code to a mail backend that delivers nowhere."""

import random
from datetime import time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from wagtail.models import Site

from masthead.core.models import NewsroomSettings
from masthead.membership.queries import members_current
from masthead.newsletters import editions, sending
from masthead.newsletters.models import (
    Delivery,
    Edition,
    EditionStory,
    Newsletter,
    Subscriber,
    Subscription,
)
from masthead.newsroom.models import ArticlePage, SectionPage

NOWHERE = "django.core.mail.backends.dummy.EmailBackend"
# The Courier's own (invented) domain, as on its staff's addresses: a .example name nobody owns.
SENDER = "newsletters@courier.example"

# slug, name, cadence, access, section, description, extra fields
NEWSLETTERS: list[tuple[str, str, str, str, str | None, str, dict[str, Any]]] = [
    (
        "morning-briefing",
        "Morning Briefing",
        "weekdays",
        "public",
        None,
        "The five stories to know before work, every weekday at 7:00.",
        {
            "featured": True,
            "schedule_days": "01234",
            "schedule_time": time(7, 0),
            "auto_limit": 5,
            "auto_subject": "Morning Briefing, {date}",
            "sender_name": "Courier Morning Desk",
            "sender_email": "briefing@courier.example",
        },
    ),
    (
        "city-hall-weekly",
        "City Hall Weekly",
        "weekly",
        "public",
        "city",
        "What the council decided this week and what it means for your street.",
        {},
    ),
    (
        "culture-diary",
        "The Culture Diary",
        "weekly",
        "public",
        "culture",
        "Plays, concerts, books and new kitchens in Zelenohirsk, every Friday.",
        {},
    ),
    (
        "inside-the-courier",
        "Inside the Courier",
        "weekly",
        "members",
        None,
        "The editor's letter to members: how we reported the week and what comes next.",
        {"sender_name": "Daryna Koval, the Courier", "reply_to": "daryna@courier.example"},
    ),
    (
        "zelenohirsk-tyzhden",
        "Зеленогірськ за тиждень",
        "weekly",
        "public",
        None,
        "Головне з українського видання «Кур'єра» щосуботи вранці.",
        {"featured": True, "language": "uk"},
    ),
    (
        "breaking-news",
        "Breaking News",
        "occasional",
        "public",
        None,
        "One e-mail the moment something big happens in Zelenohirsk, and only then.",
        {"sender_name": "Courier News Desk"},
    ),
    (
        "valley-money",
        "Valley Money",
        "monthly",
        "members",
        "business",
        "For members: jobs, prices and companies in the Verkhnia valley, once a month.",
        {},
    ),
]
FIRST = ["olena", "taras", "iryna", "bohdan", "sofia", "maksym", "kateryna", "andrii", "yulia"]
LAST = ["hnatiuk", "moroz", "savchuk", "lytvyn", "kravets", "bondar", "tkachuk", "zhuk"]
INTROS = [
    "Good morning. The council meets again today, and we will be in the room.",
    "A quieter week at City Hall, and a louder one on the river embankment.",
    "Our reporters spent the week with the people who keep the trams running.",
]


def demo_newsletters_load(*, readers: int = 400, progress=None, seed: int = 2026) -> int:
    """Idempotent: does nothing once the demo has newsletters. Returns editions sent."""
    if Newsletter.objects.exists():
        return 0
    rng = random.Random(seed)
    now = timezone.now()
    with transaction.atomic():
        _sender_ensure()
        newsletters = []
        for order, (slug, name, cadence, access, section, description, extra) in enumerate(
            NEWSLETTERS
        ):
            newsletters.append(
                Newsletter.objects.create(
                    slug=slug,
                    name=name,
                    cadence=cadence,
                    access=access,
                    description=description,
                    sort_order=order,
                    auto_section=SectionPage.objects.filter(slug=section).first()
                    if section
                    else None,
                    **extra,
                )
            )
        _subscribers_make(newsletters, readers=readers, rng=rng, now=now)
    sent = 0
    for newsletter in newsletters:
        # The English stories span the last 12 days, the Ukrainian edition's the last two.
        days = (1.5, 0.5) if newsletter.language == "uk" else (7, 4, 1)
        for days_ago in days:
            _edition_send(newsletter, days_ago=days_ago, rng=rng, now=now)
            sent += 1
            if progress:
                progress("newsletter editions", sent, len(newsletters) * 3 - 1)
    return sent


def _sender_ensure() -> None:
    """The newsroom's sender, for the lists without their own (and any made in the admin)."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return
    newsroom = NewsroomSettings.for_site(site)
    if not newsroom.newsletter_sender_email:
        newsroom.newsletter_sender_email = SENDER
        newsroom.save(update_fields=["newsletter_sender_email"])


def _subscribers_make(newsletters, *, readers: int, rng, now) -> None:
    public = [n for n in newsletters if not n.members_only]
    members_only = [n for n in newsletters if n.members_only]
    rows = []
    for number in range(readers):
        email = f"{rng.choice(FIRST)}.{rng.choice(LAST)}.{number}@inbox.example"
        rows.append((email, rng.sample(public, rng.randint(1, len(public)))))
    member_emails = members_current().values_list("user__email", flat=True)
    for email in member_emails:
        rows.append((email.lower(), [*rng.sample(members_only, rng.randint(1, 2)), public[0]]))
    for email, lists in rows:
        subscriber = Subscriber.objects.create(email=email)
        for newsletter in lists:
            confirmed = now - timedelta(days=rng.randint(1, 84), minutes=rng.randint(0, 1440))
            status = rng.choices(["confirmed", "unsubscribed", "pending"], [90, 7, 3])[0]
            Subscription.objects.create(
                subscriber=subscriber,
                newsletter=newsletter,
                status=status,
                created_at=confirmed - timedelta(minutes=5),
                confirmed_at=None if status == "pending" else confirmed,
                unsubscribed_at=now - timedelta(days=1) if status == "unsubscribed" else None,
            )


def _edition_send(newsletter: Newsletter, *, days_ago: float, rng, now) -> None:
    when = now - timedelta(days=days_ago, hours=rng.randint(0, 3))
    articles = ArticlePage.objects.live().filter(
        first_published_at__lte=when, locale__language_code=newsletter.language
    )
    if newsletter.auto_section:
        articles = articles.child_of(newsletter.auto_section)
    picked = list(articles.order_by("-first_published_at")[:4])
    if not picked:
        return
    edition = Edition.objects.create(
        newsletter=newsletter,
        subject=f"{newsletter.name}: {picked[0].title}"[:150],
        preheader=picked[1].title if len(picked) > 1 else "",
        intro=rng.choice(INTROS),
        created_at=when - timedelta(hours=2),
    )
    EditionStory.objects.bulk_create(
        EditionStory(edition=edition, article=article, sort_order=index)
        for index, article in enumerate(picked)
    )
    editions.edition_start(edition=edition)
    sending.edition_send_run(edition_id=edition.pk, backend=NOWHERE)
    # Back to the day it "went out".
    Edition.objects.filter(pk=edition.pk).update(
        started_at=when, finished_at=when + timedelta(minutes=3), heartbeat_at=when
    )
    Delivery.objects.filter(edition=edition).update(sent_at=when + timedelta(minutes=1))
