"""Becoming a member, donating, giving a gift; the campaign banner's JSON; the wall."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from masthead.core.ratelimit import request_limited
from masthead.core.sites import site_for_request
from masthead.membership import (
    accounts,
    campaigns,
    checkouts,
    gifts,
    payments,
    queries,
    status_machine,
)
from masthead.membership.forms import DonationForm, GiftForm, JoinForm
from masthead.membership.models import Campaign, Checkout, MembershipSettings, Tier

CHECKOUTS_PER_HOUR = 20
STARTED_HERE = "membership:checkouts-started"
PROVIDER_AWAY = _(
    "We could not reach the payment provider: nothing was charged, please try again in a "
    "few minutes."
)
PROVIDER_AWAY_CODE = "provider_away"


def _settings(request) -> MembershipSettings:
    return MembershipSettings.for_site(site_for_request(request))


def _donation_form(settings: MembershipSettings, data=None, **kwargs) -> DonationForm:
    return DonationForm(
        data,
        amounts=settings.suggested_amounts,
        currency=settings.donation_currency,
        minimum=settings.donation_minimum,
        auto_id="donation-%s",  # the join form beside it has its own id_email
        **kwargs,
    )


def _to_provider(request, checkout: Checkout, form):
    """To the provider's checkout page; None, with the reason on the form (which keeps what
    the reader typed), when the provider cannot be reached: the checkout is closed then."""
    thanks = request.build_absolute_uri(f"{reverse('membership:thanks')}?checkout={checkout.token}")
    back = request.build_absolute_uri(reverse("membership:join"))
    try:
        url = payments.provider_for(checkout.provider).checkout_url(
            checkout, success_url=thanks, cancel_url=back
        )
    except payments.ProviderUnavailable:
        checkouts.checkout_cancel(checkout=checkout)
        form.add_error(None, ValidationError(PROVIDER_AWAY, code=PROVIDER_AWAY_CODE))
        return None
    # This browser started the checkout: the thank-you page may sign the new member in here.
    request.session[STARTED_HERE] = [*request.session.get(STARTED_HERE, [])[-4:], checkout.token]
    return redirect(url)


def _status(form) -> int:
    """400 for what the reader can correct, 503 when the provider was away."""
    if form.has_error(NON_FIELD_ERRORS, PROVIDER_AWAY_CODE):
        return 503
    return 400 if form.errors else 200


def _limited(request, form) -> bool:
    email = form.data.get("email") or form.data.get("purchaser_email") or ""
    if request_limited(request, scope="checkout", limit=CHECKOUTS_PER_HOUR, extra=email):
        form.add_error(None, _("Too many attempts from here. Please try again in an hour."))
        return True
    return False


@require_http_methods(["GET", "POST"])
def join(request):
    """Tiers with monthly and yearly prices, and one-off donations."""
    settings = _settings(request)
    email = request.user.email if request.user.is_authenticated else ""
    join_form = JoinForm(
        initial={"email": email, "tier": Tier.objects.filter(is_active=True).first()}
    )
    donation_form = _donation_form(settings, initial={"email": email})
    status, already_paying = 200, False
    if request.method == "POST":
        kind = request.POST.get("kind")
        if kind == "donation":
            donation_form = _donation_form(settings, request.POST)
            form: forms.Form = donation_form
        else:
            join_form = JoinForm(request.POST)
            form = join_form
        if form.is_valid() and not _limited(request, form):
            data = form.cleaned_data
            try:
                checkout = checkouts.checkout_start(
                    kind=Checkout.Kind.DONATION
                    if kind == "donation"
                    else Checkout.Kind.SUBSCRIPTION,
                    email=data["email"],
                    provider=payments.provider_name(),
                    tier=data.get("tier"),
                    interval=data.get("interval", ""),
                    amount=data.get("amount"),
                    currency=settings.donation_currency,
                )
            except status_machine.MembershipError as error:
                form.add_error(None, str(error))
                already_paying = isinstance(error, checkouts.AlreadyPaying)
            else:
                if response := _to_provider(request, checkout, form):
                    return response
        status = _status(form)
    return render(
        request,
        "membership/join.html",
        {
            "tiers": Tier.objects.filter(is_active=True),
            "join_form": join_form,
            "donation_form": donation_form,
            "membership_settings": settings,
            "demo_payments": payments.provider_name() == "demo",
            "already_paying": already_paying,
            # A paying member changes tier on their account page, not by paying again.
            "pays_already": request.user.is_authenticated
            and checkouts.pays_already(request.user.email),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def gift(request):
    form = GiftForm(
        request.POST or None,
        initial={"purchaser_email": request.user.email if request.user.is_authenticated else ""},
    )
    if request.method == "POST" and form.is_valid() and not _limited(request, form):
        data = form.cleaned_data
        try:
            new_gift = gifts.gift_create(**data)
            checkout = checkouts.checkout_start(
                kind=Checkout.Kind.GIFT,
                email=data["purchaser_email"],
                provider=payments.provider_name(),
                gift=new_gift,
            )
        except status_machine.MembershipError as error:
            form.add_error(None, str(error))
        else:
            if response := _to_provider(request, checkout, form):
                return response
    return render(
        request,
        "membership/gift.html",
        {
            "form": form,
            "tiers": Tier.objects.filter(is_active=True),
            "demo_payments": payments.provider_name() == "demo",
        },
        status=_status(form),
    )


@require_GET
def thanks(request):
    checkout = get_object_or_404(Checkout, token=request.GET.get("checkout", ""))
    if checkout.state == Checkout.State.CANCELED:
        messages.info(request, _("The payment was canceled: nothing was charged."))
        return redirect("membership:join")
    started_here = checkout.token in request.session.get(STARTED_HERE, [])
    if started_here and not request.user.is_authenticated:
        member_user = accounts.checkout_sign_in_user(checkout=checkout)
        if member_user is not None:
            # Proved by paying in this browser; like a reader's link, it never opens the admin.
            login(request, member_user, backend="sesame.backends.ModelBackend")
            # Once: the address alone (browser history, a shared link) never signs anyone in.
            request.session[STARTED_HERE] = [
                token for token in request.session.get(STARTED_HERE, []) if token != checkout.token
            ]
    return render(request, "membership/thanks.html", {"checkout": checkout})


@require_GET
def campaign_json(request):
    """The running campaign's count, for the banner to refresh itself (`?language=` picks
    the words). Cheap: read from the cache or a few rows by key; shared caches may keep it a
    few seconds."""
    data = campaigns.banner(request.GET.get("language") or settings.LANGUAGE_CODE) or {}
    response = JsonResponse(data)
    response["Cache-Control"] = "public, max-age=5, s-maxage=5"
    return response


@require_GET
def supporters(request, campaign_id: int | None = None):
    campaign = (
        get_object_or_404(Campaign, pk=campaign_id)
        if campaign_id
        else (campaigns.campaign_running() or Campaign.objects.first())
    )
    if campaign is None:
        raise Http404("No campaign yet")
    return render(
        request,
        "membership/supporters.html",
        {
            "campaign": campaign,
            "banner": campaigns.banner_data(campaign),
            "names": queries.supporters(campaign),
        },
    )
