"""The demo newsroom's reader revenue: tiers, a running drive, and a few hundred members
with half a year of history (monthly, yearly, gifted, complimentary, lapsed)."""

import random
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from masthead.membership import status_machine
from masthead.membership.models import (
    Campaign,
    CampaignWording,
    Checkout,
    Gift,
    Interval,
    Member,
    Reason,
    Tier,
)

TIERS = [
    (
        "supporter",
        "Supporter",
        5,
        50,
        "Keep the Courier free for everyone.",
        "Members-only stories\nThe weekly members' letter",
    ),
    (
        "member",
        "Member",
        10,
        100,
        "Our most chosen membership.",
        "Everything Supporters get\nAsk the newsroom: monthly Q&A\nEvent invitations",
    ),
    (
        "patron",
        "Patron",
        25,
        250,
        "Fund an investigation a year.",
        "Everything Members get\nYour name in our annual report\nA newsroom visit",
    ),
]
FIRST = [
    "Olena",
    "Taras",
    "Iryna",
    "Bohdan",
    "Maryna",
    "Andrii",
    "Sofiia",
    "Yurii",
    "Halyna",
    "Petro",
    "Nadiia",
    "Ostap",
    "Larysa",
    "Roman",
    "Khrystyna",
    "Vasyl",
    "Zoriana",
    "Dmytro",
    "Uliana",
    "Stepan",
]
LAST = [
    "Hnatiuk",
    "Levchenko",
    "Pylypenko",
    "Savchuk",
    "Tkachenko",
    "Moroz",
    "Bondar",
    "Kravets",
    "Rudenko",
    "Shevchuk",
    "Oliinyk",
    "Zhuk",
    "Lysenko",
    "Melnyk",
    "Dovhan",
    "Yatsenko",
]


def demo_members_load(*, count: int = 320, progress=None, seed: int = 2026) -> int:
    """Idempotent: does nothing once the demo tiers have members."""
    if Member.objects.exists():
        return 0
    rng = random.Random(seed)
    now = timezone.now()
    with transaction.atomic():
        tiers = [
            Tier.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "monthly_price": Decimal(monthly),
                    "yearly_price": Decimal(yearly),
                    "description": description,
                    "benefits": benefits,
                    "sort_order": order,
                },
            )[0]
            for order, (slug, name, monthly, yearly, description, benefits) in enumerate(TIERS)
        ]
        campaign = Campaign.objects.create(
            title="500 members by New Year",
            goal=500,
            starts_at=now - timedelta(days=75),
            deadline=now.replace(month=12, day=31, hour=23, minute=59)
            if now.month < 12 or now.day < 31
            else now + timedelta(days=30),
            call_to_action="help us reach 500 members by the end of the year",
            reached_text="we reached 500 members. Thank you for making it happen!",
        )
        CampaignWording.objects.create(
            campaign=campaign,
            language="uk",
            call_to_action="допоможіть нам зібрати 500 членів спільноти до кінця року",
            reached_text="нас уже 500. Дякуємо, що ви з нами!",
            link_text="Долучитися",
            link_url="/uk/join/",
        )
        User = get_user_model()
        for number in range(count):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            email = f"{first}.{last}.{number}@readers.example".lower()
            user = User.objects.create_user(
                username=email, email=email, first_name=first, last_name=last
            )
            _member_history(user, rng=rng, tiers=tiers, now=now, number=number)
            if progress:
                progress("demo members", number + 1, count)
        _gifts_pending(tiers=tiers, now=now)
        status_machine.counters_recount()
    return count


def _member_history(user, *, rng, tiers, now, number) -> None:
    """An invented past, written as the site would have written it: every status change
    through the status machine, every payment through its ledger."""
    joined = now - timedelta(days=rng.triangular(0, 200, 20), hours=rng.random() * 24)
    kind = rng.choices(["monthly", "yearly", "gift", "complimentary"], weights=[62, 25, 9, 4])[0]
    tier = rng.choices(tiers, weights=[55, 35, 10])[0]
    member = Member(user=user, tier=tier)
    member.wall_consent = rng.random() < 0.5
    member.wall_name = f"{user.first_name} {user.last_name[0]}." if member.wall_consent else ""
    reason, source = Reason.JOINED, Member.Source.CHECKOUT
    if kind in ("monthly", "yearly"):
        member.interval = Interval.MONTH if kind == "monthly" else Interval.YEAR
        member.provider = "demo"
        member.subscription_ref = f"demo_sub_seed{number}"
        member.customer_ref = f"demo_cus_seed{number}"
    elif kind == "gift":
        source, reason = Member.Source.GIFT, Reason.GIFT
    else:
        source, reason = Member.Source.COMPLIMENTARY, Reason.COMPLIMENTARY
    member.save()
    # The drive running on the day they joined counts them (the status machine decides).
    status_machine.status_set(member, Member.Status.ACTIVE, at=joined, reason=reason, source=source)
    # Payments period by period, until today or until the member lapses.
    period_start, months = joined, 12 if kind == "yearly" else 1
    lapse_chance = {"monthly": 0.07, "yearly": 0.0}.get(kind, 0)
    while kind in ("monthly", "yearly"):
        status_machine.payment_record(
            member=member,
            email=user.email,
            kind=Checkout.Kind.SUBSCRIPTION,
            amount=tier.price(member.interval),
            currency=tier.currency,
            provider="demo",
            reference=f"demo_seed_{number}_{period_start:%Y%m%d}",
            at=period_start,
        )
        period_end = status_machine.months_after(period_start, months)
        member.current_period_end = period_end
        if period_end > now:
            break
        if rng.random() < lapse_chance:
            status_machine.status_set(
                member, Member.Status.CANCELED, at=period_end, reason=Reason.PROVIDER
            )
            break
        period_start = period_end
    if kind == "gift":
        member.current_period_end = status_machine.months_after(joined, rng.choice([6, 12]))
    elif kind == "complimentary":
        member.current_period_end = now + timedelta(days=365)
    ended = member.current_period_end
    if ended and ended < now and member.status == Member.Status.ACTIVE:
        status_machine.status_set(
            member, Member.Status.EXPIRED, at=ended, reason=Reason.PERIOD_ENDED
        )
    if member.status == Member.Status.ACTIVE and kind == "monthly" and rng.random() < 0.03:
        status_machine.status_set(
            member,
            Member.Status.PAST_DUE,
            at=(member.current_period_end or now) - timedelta(days=30),
            reason=Reason.FAILED,
        )
    member.save()


def _gifts_pending(*, tiers, now) -> None:
    """A gift bought for a later day, to show in the admin."""
    Gift.objects.create(
        tier=tiers[1],
        months=12,
        purchaser_email="mykola.hnatiuk@readers.example",
        purchaser_name="Mykola Hnatiuk",
        recipient_email="ivanna.hnatiuk@readers.example",
        recipient_name="Ivanna",
        message="Happy New Year! Now you can read the Courier's investigations too.",
        deliver_on=(now + timedelta(days=30)).date(),
        state=Gift.State.PAID,
    )
