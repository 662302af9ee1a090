"""The membership e-mails: sign-in links, gifts, receipts, welcome."""

from django.urls import reverse

from masthead.core.emails import absolute, send


def sign_in_send(*, email: str, link: str) -> None:
    send(
        template="membership/email/sign_in.txt",
        to=email,
        subject="Your sign-in link",
        context={"link": absolute(link)},
    )


def sign_in_staff_send(*, email: str) -> None:
    send(
        template="membership/email/sign_in_staff.txt",
        to=email,
        subject="Sign in with your password",
        context={"link": absolute(reverse("wagtailadmin_login"))},
    )


def gift_send(*, gift, code: str) -> None:
    send(
        template="membership/email/gift.txt",
        to=gift.recipient_email,
        subject="You have been given a membership",
        context={
            "gift": gift,
            "code": code,
            "link": absolute(f"{reverse('membership:gift_redeem')}?code={code}"),
        },
    )


def gift_receipt_send(*, gift) -> None:
    send(
        template="membership/email/gift_receipt.txt",
        to=gift.purchaser_email,
        subject="Thank you for your gift",
        context={"gift": gift},
    )


def welcome_send(*, member) -> None:
    send(
        template="membership/email/welcome.txt",
        to=member.email,
        subject="Welcome, member",
        context={"member": member, "link": absolute(reverse("membership:account"))},
    )
