"""Signing in by e-mailed link, the member page and what a member can do there."""

import json
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from masthead.core.ratelimit import request_limited
from masthead.membership import accounts, gifts, payments, queries, status_machine, tier_changes
from masthead.membership.forms import (
    ChangeForm,
    DeleteAccountForm,
    RedeemForm,
    SignInForm,
    WallForm,
)

SIGN_INS_PER_HOUR = 5
CHANGE_PROVIDER_AWAY = gettext_lazy(
    "We could not reach the payment provider: nothing was charged and nothing changed. "
    "Please try again in a few minutes."
)


def _safe_next(request, url: str | None) -> str:
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return ""


@require_http_methods(["GET", "POST"])
def sign_in(request):
    form = SignInForm(request.POST or None, initial={"next": request.GET.get("next", "")})
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if request_limited(request, scope="sign-in", limit=SIGN_INS_PER_HOUR, extra=email):
            form.add_error(None, _("Too many sign-in e-mails. Please try again in an hour."))
        else:
            accounts.sign_in_link_send(
                email=email, next_url=_safe_next(request, form.cleaned_data["next"])
            )
            return render(request, "membership/sign_in_sent.html", {"email": email})
    return render(
        request, "membership/sign_in.html", {"form": form}, status=400 if form.errors else 200
    )


@require_http_methods(["GET", "POST"])
def sign_in_confirm(request):
    """GET shows a button, POST signs in: mail scanners that open links do not use them up."""
    token = request.POST.get("sesame") or request.GET.get("sesame", "")
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if request.method == "POST":
        user = accounts.sign_in_user(token=token)
        if user is None:
            return render(request, "membership/sign_in_failed.html", status=400)
        login(request, user, backend="sesame.backends.ModelBackend")  # proved by the link
        return redirect(next_url or "membership:account")
    return render(request, "membership/sign_in_confirm.html", {"token": token, "next": next_url})


@require_POST
def sign_out(request):
    logout(request)
    return redirect("/")


@login_required
@require_http_methods(["GET", "POST"])
def account(request):
    member = status_machine.member_for_user(request.user)
    wall_form = WallForm(
        request.POST or None,
        initial={"wall_consent": member.wall_consent, "wall_name": member.wall_name},
    )
    if request.method == "POST" and wall_form.is_valid():
        status_machine.member_wall_set(
            member=member,
            consent=wall_form.cleaned_data["wall_consent"],
            name=wall_form.cleaned_data["wall_name"],
        )
        messages.success(request, _("Saved."))
        return redirect("membership:account")
    return render(
        request,
        "membership/account.html",
        {
            "member": member,
            "payments": member.payments.all()[:24],
            "gifts_redeemed": member.gifts_redeemed.select_related("tier"),
            "gifts_given": queries.gifts_given(request.user).select_related("tier")[:24],
            "wall_form": wall_form,
            "now": timezone.now(),
            "change_form": ChangeForm(
                tiers=tier_changes.tiers_to_change_to(member=member),
                initial={"tier": member.tier_id, "interval": member.interval},
            )
            if tier_changes.change_offered(member=member)
            else None,
            "pending_change": tier_changes.pending_promise(member=member),
        },
    )


def _subscriber(request):
    member = queries.member_subscribed(request.user)
    if member is None:
        messages.error(request, _("You have no membership with payments to manage."))
        return None
    return member


@login_required
@require_POST
def manage(request):
    """Card and billing details live with the payment provider: send the member there."""
    member = _subscriber(request)
    if member is None:
        return redirect("membership:account")
    back = request.build_absolute_uri(reverse("membership:account"))
    return redirect(payments.provider_for(member.provider).portal_url(member, return_url=back))


@login_required
@require_POST
def cancel(request):
    member = _subscriber(request)
    if member:
        resume = request.POST.get("resume") == "1"
        provider = payments.provider_for(member.provider)
        if resume:
            provider.subscription_resume(member=member)
            messages.success(request, _("Your membership will renew."))
        else:
            provider.subscription_cancel(member=member)
            messages.success(
                request, _("Canceled: you stay a member until the end of the paid period.")
            )
    return redirect("membership:account")


@login_required
@require_http_methods(["GET", "POST"])
def change(request):
    """A new tier or interval: GET shows what it would do and when, POST makes it."""
    member = _subscriber(request)
    if member is None:
        return redirect("membership:account")
    form = ChangeForm(
        request.POST if request.method == "POST" else request.GET,
        tiers=tier_changes.tiers_to_change_to(member=member),
    )
    if not form.is_valid():
        messages.error(request, _("Choose one of the tiers offered, monthly or yearly."))
        return redirect("membership:account")
    tier, interval, shown_at = (form.cleaned_data[name] for name in ("tier", "interval", "at"))
    now = timezone.now().replace(microsecond=0)  # Stripe's proration_date is in seconds
    confirmed = request.method == "POST" and shown_at is not None
    try:
        if confirmed and not tier_changes.quote_expired(at=shown_at, now=now):
            done = tier_changes.membership_change(
                member=member, tier=tier, interval=interval, at=shown_at
            )
            if done.confirm_url:
                return redirect(done.confirm_url)
            messages.success(request, done.outcome())
            return redirect("membership:account")
        quote = tier_changes.membership_change_quote(
            member=member, tier=tier, interval=interval, at=now
        )
    except status_machine.MembershipError as error:
        messages.error(request, str(error))
        return redirect("membership:account")
    except payments.ProviderUnavailable:
        messages.error(request, CHANGE_PROVIDER_AWAY)
        return redirect("membership:account")
    return render(
        request,
        "membership/account_change.html",
        {"member": member, "quote": quote, "worked_out_again": confirmed},
    )


@login_required
@require_POST
def change_take_back(request):
    member = _subscriber(request)
    if member:
        try:
            tier_changes.membership_change_take_back(member=member)
        except status_machine.MembershipError as error:
            messages.error(request, str(error))
        except payments.ProviderUnavailable:
            messages.error(request, CHANGE_PROVIDER_AWAY)
        else:
            messages.success(request, _("Taken back: your membership stays as it is."))
    return redirect("membership:account")


@login_required
def data(request):
    body = json.dumps(accounts.member_data(user=request.user), indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-membership-data.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete(request):
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        accounts.account_delete(user=user)
        messages.success(request, _("Your account is deleted."))
        return redirect("/")
    return render(request, "membership/account_delete.html", {"form": form})


@require_http_methods(["GET", "POST"])
def redeem(request):
    form = RedeemForm(request.POST or None, initial={"code": request.GET.get("code", "")})
    if request.method == "POST" and form.is_valid():
        if not request.user.is_authenticated:
            code = urlencode({"code": form.cleaned_data["code"]})
            target = f"{reverse('membership:gift_redeem')}?{code}"
            return redirect(f"{reverse('membership:sign_in')}?{urlencode({'next': target})}")
        if request_limited(request, scope="redeem", limit=10, extra=request.user.email):
            form.add_error(None, _("Too many attempts. Please try again in an hour."))
        else:
            try:
                member = gifts.gift_redeem(user=request.user, code=form.cleaned_data["code"])
            except status_machine.MembershipError as error:
                form.add_error("code", str(error))
            else:
                messages.success(
                    request,
                    _("Gift redeemed: you are a member until %(date)s.")
                    % {"date": timezone.localtime(member.current_period_end).strftime("%-d %B %Y")},
                )
                return redirect("membership:account")
    return render(
        request, "membership/gift_redeem.html", {"form": form}, status=400 if form.errors else 200
    )
