"""Gift memberships end to end: bought, paid, e-mailed on their day, redeemed, stacked."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from masthead.membership import gifts, status_machine
from masthead.membership.models import Gift, Member
from masthead.membership.tests import builders

# serialized_rollback: restore what migrations made, so later transactional tests (the
# browser ones) start from the same database.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def buy(client, tier, *, months=12, deliver_on=None, recipient="iryna@readers.example"):
    response = client.post(
        "/gift/",
        {
            "tier": tier.pk,
            "months": months,
            "recipient_email": recipient,
            "recipient_name": "Iryna",
            "message": "Happy birthday <3",
            "deliver_on": (deliver_on or timezone.localdate()).isoformat(),
            "purchaser_name": "Taras",
            "purchaser_email": "taras@readers.example",
        },
    )
    assert response.status_code == 302, response.content
    confirm = client.get(response["Location"])
    assert b"no money moves" in confirm.content
    client.post(response["Location"], {"action": "pay"})
    return Gift.objects.latest("created_at")


def code_from(message) -> str:
    text = message.get_body(preferencelist=("plain",)).get_content()
    return re.search(r"Your code: ([0-9A-Z-]{19})", text)[1]


def sign_in(client, smtp_server, email):
    client.post("/account/sign-in/", {"email": email})
    text = smtp_server[-1].get_body(preferencelist=("plain",)).get_content()
    token = re.search(r"sesame=([^&\s]+)", text)[1]
    client.post("/account/sign-in/confirm/", {"sesame": token})


def test_a_gift_is_bought_delivered_and_redeemed(client, tier, smtp_server):
    gift = buy(client, tier)
    receipt, delivery = smtp_server
    assert receipt["To"] == "taras@readers.example"
    assert delivery["To"] == "iryna@readers.example"
    text = delivery.get_body(preferencelist=("plain",)).get_content()
    assert "Happy birthday <3" in text
    html = delivery.get_body(preferencelist=("html",)).get_content()
    assert "Happy birthday &lt;3" in html
    code = code_from(delivery)
    gift.refresh_from_db()
    assert gift.state == Gift.State.DELIVERED
    assert code not in str(gift.__dict__)  # only its hash is stored

    reader = client_class = type(client)()
    response = reader.post("/gift/redeem/", {"code": code})
    assert response["Location"].startswith("/account/sign-in/?next=%2Fgift%2Fredeem%2F%3Fcode%3D")
    sign_in(reader, smtp_server, "iryna@readers.example")
    response = reader.post("/gift/redeem/", {"code": code.lower().replace("-", " ")})
    assert response.status_code == 302
    member = Member.objects.get(user__email="iryna@readers.example")
    assert member.status == Member.Status.ACTIVE
    assert member.source == Member.Source.GIFT
    assert member.current_period_end > timezone.now() + timedelta(days=360)

    again = reader.post("/gift/redeem/", {"code": code})
    assert again.status_code == 400
    assert b"already been used" in again.content
    assert client_class is not None


def test_a_gift_for_a_later_day_waits_for_the_scheduler(client, tier, smtp_server):
    from masthead.membership import jobs

    gift = buy(client, tier, deliver_on=timezone.localdate() + timedelta(days=3))
    assert len(smtp_server) == 1  # the receipt only
    assert jobs.due_run()["gifts delivered"] == 0
    Gift.objects.filter(pk=gift.pk).update(deliver_on=timezone.localdate())
    assert jobs.due_run()["gifts delivered"] == 1
    assert smtp_server[-1]["To"] == "iryna@readers.example"
    assert jobs.due_run()["gifts delivered"] == 0  # never twice


def test_gifts_stack_and_extend_a_current_membership(tier, smtp_server):
    user = status_machine.user_for_email("stack@readers.example")
    codes = []
    for months in (6, 1):
        gift = gifts.gift_create(
            tier=tier,
            months=months,
            purchaser_email="a@readers.example",
            recipient_email="stack@readers.example",
        )
        Gift.objects.filter(pk=gift.pk).update(state=Gift.State.PAID)
        gifts.gift_deliver(gift_id=gift.pk)
        codes.append(code_from(smtp_server[-1]))
    start = timezone.now()
    first = gifts.gift_redeem(user=user, code=codes[0], at=start)
    second = gifts.gift_redeem(user=user, code=codes[1], at=start)
    assert second.current_period_end == status_machine.months_after(first.current_period_end, 1)
    assert second.current_period_end == status_machine.months_after(start, 7)


def test_a_paying_member_redeeming_a_gift_pays_later(tier, smtp_server):
    member = builders.member_join("payer@readers.example", tier)
    ends = member.current_period_end
    gift = gifts.gift_create(
        tier=tier,
        months=12,
        purchaser_email="a@readers.example",
        recipient_email="payer@readers.example",
    )
    Gift.objects.filter(pk=gift.pk).update(state=Gift.State.PAID)
    gifts.gift_deliver(gift_id=gift.pk)
    member = gifts.gift_redeem(user=member.user, code=code_from(smtp_server[-1]))
    assert member.source == Member.Source.CHECKOUT
    assert member.current_period_end == status_machine.months_after(ends, 12)


def test_bad_and_expired_codes_are_refused_clearly(tier, smtp_server):
    user = status_machine.user_for_email("late@readers.example")
    with pytest.raises(status_machine.MembershipError, match="not valid"):
        gifts.gift_redeem(user=user, code="AAAA-BBBB-CCCC-DDDD")
    gift = gifts.gift_create(
        tier=tier,
        months=1,
        purchaser_email="a@readers.example",
        recipient_email="late@readers.example",
    )
    Gift.objects.filter(pk=gift.pk).update(state=Gift.State.PAID)
    gifts.gift_deliver(gift_id=gift.pk)
    code = code_from(smtp_server[-1])
    with pytest.raises(status_machine.MembershipError, match="expired"):
        gifts.gift_redeem(user=user, code=code, at=timezone.now() + timedelta(days=400))


def test_gift_codes_are_long_random_and_forgiving_to_type():
    codes = {gifts.code_new() for _ in range(1000)}
    assert len(codes) == 1000
    sample = next(iter(codes))
    assert re.fullmatch(r"([0-9A-HJKMNP-TV-Z]{4}-){3}[0-9A-HJKMNP-TV-Z]{4}", sample)
    assert gifts.code_hash("o1l1-abcd") == gifts.code_hash("0111ABCD")


def test_the_gift_form_refuses_a_past_delivery_date(client, tier):
    response = client.post(
        "/gift/",
        {
            "tier": tier.pk,
            "months": 6,
            "recipient_email": "x@readers.example",
            "deliver_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
            "purchaser_email": "y@readers.example",
        },
    )
    assert response.status_code == 400
    assert b"today or a later day" in response.content
    assert not Gift.objects.exists()


def test_stripe_being_away_is_explained_on_the_gift_form_which_keeps_what_was_typed(
    client, tier, fake_stripe
):
    fake_stripe.close()  # nothing listens where Stripe's API should be
    response = client.post(
        "/gift/",
        {
            "tier": tier.pk,
            "months": 6,
            "recipient_email": "iryna@readers.example",
            "recipient_name": "Iryna",
            "deliver_on": timezone.localdate().isoformat(),
            "purchaser_email": "taras@readers.example",
        },
    )
    assert response.status_code == 503
    html = response.content.decode()
    assert "We could not reach the payment provider: nothing was charged" in html
    assert 'value="iryna@readers.example"' in html and 'value="taras@readers.example"' in html
    assert not Member.objects.exists()
