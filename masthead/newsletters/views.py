"""The reader's side: signing up, confirming, choosing lists, leaving, and the archive."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from masthead.core.origin import same_origin_required
from masthead.core.ratelimit import request_limited
from masthead.membership.queries import member_current
from masthead.newsletters import emails, queries, rendering, services
from masthead.newsletters.forms import PreferencesForm, SignupForm
from masthead.newsletters.models import Edition, Newsletter
from masthead.newsroom.reading import reader_may_read

SIGNUPS_PER_HOUR = 10


@same_origin_required  # the signup box sits on cached pages: no per-page CSRF token
@require_http_methods(["GET", "POST"])
def signup(request):
    is_member = member_current(request.user)
    offered = queries.newsletters_offered(is_member=is_member)
    chosen = request.GET.get("list")
    initial = {
        "email": request.user.email if request.user.is_authenticated else "",
        "newsletters": [n.pk for n in offered if n.slug == chosen],
    }
    form = SignupForm(request.POST or None, newsletters=offered, initial=initial)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if form.is_bot:
            return render(request, "newsletters/signup_sent.html", {"email": email})
        if request_limited(request, scope="newsletter-signup", limit=SIGNUPS_PER_HOUR, extra=email):
            form.add_error(None, _("Too many signups from here. Please try again in an hour."))
        else:
            try:
                services.signup(email=email, newsletters=form.cleaned_data["newsletters"])
            except services.NewsletterError as error:
                form.add_error("newsletters", str(error))
            else:
                return render(request, "newsletters/signup_sent.html", {"email": email})
    members_only = (
        []
        if is_member
        else list(Newsletter.objects.filter(access=Newsletter.Access.MEMBERS, on_signup_page=True))
    )
    return render(
        request,
        "newsletters/signup.html",
        {"form": form, "offered": offered, "members_only": members_only},
        status=400 if form.errors else 200,
    )


def newsletter(request, slug):
    newsletter = get_object_or_404(Newsletter, slug=slug)
    page = Paginator(queries.archive(newsletter=newsletter), 20).get_page(request.GET.get("page"))
    return render(
        request, "newsletters/newsletter.html", {"newsletter": newsletter, "editions": page}
    )


def edition(request, slug, pk):
    edition = get_object_or_404(
        Edition.objects.select_related("newsletter"),
        pk=pk,
        newsletter__slug=slug,
        status=Edition.Status.SENT,
    )
    can_read = reader_may_read(members_only=edition.newsletter.members_only, user=request.user)
    return render(
        request,
        "newsletters/edition.html",
        {
            "edition": edition,
            "newsletter": edition.newsletter,
            "can_read": can_read,
            "stories": rendering.edition_articles(edition) if can_read else [],
        },
    )


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET shows a button, POST confirms: mail scanners that open links confirm nothing."""
    if request.method == "POST":
        try:
            subscriber, newsletters = services.signup_confirm(token=token)
        except services.NewsletterError as error:
            return render(request, "newsletters/link_failed.html", {"error": error}, status=400)
        return render(
            request,
            "newsletters/confirmed.html",
            {
                "newsletters": newsletters,
                "preferences": emails.preferences_url(subscriber_id=subscriber.pk),
            },
        )
    return render(request, "newsletters/confirm.html", {"token": token})


@csrf_exempt  # RFC 8058: mail apps POST here with no cookie; the signed token is the proof
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    try:
        subscriber, newsletter = services.subscriber_for_token(token)
    except services.NewsletterError as error:
        return render(request, "newsletters/link_failed.html", {"error": error}, status=400)
    if request.method == "POST":
        services.unsubscribe(subscriber=subscriber, newsletter=newsletter)
        return render(
            request,
            "newsletters/unsubscribed.html",
            {
                "newsletter": newsletter,
                "preferences": emails.preferences_url(subscriber_id=subscriber.pk),
            },
        )
    return render(
        request,
        "newsletters/unsubscribe.html",
        {"newsletter": newsletter, "subscriber": subscriber, "token": token},
    )


@require_http_methods(["GET", "POST"])
def preferences(request, token):
    try:
        subscriber, _newsletter = services.subscriber_for_token(token)
    except services.NewsletterError as error:
        return render(request, "newsletters/link_failed.html", {"error": error}, status=400)
    is_member = queries.email_is_member(subscriber.email)
    subscribed = queries.subscribed_ids(subscriber)
    offered = [
        n
        for n in Newsletter.objects.all()
        if (n.on_signup_page or n.pk in subscribed) and (is_member or not n.members_only)
    ]
    form = PreferencesForm(
        request.POST or None, newsletters=offered, initial={"newsletters": list(subscribed)}
    )
    if request.method == "POST":
        if "all" in request.POST:
            services.unsubscribe(subscriber=subscriber)
            messages.success(request, _("You are unsubscribed from every newsletter."))
            return redirect(request.path)
        if form.is_valid():
            services.preferences_set(
                subscriber=subscriber, newsletters=form.cleaned_data["newsletters"]
            )
            messages.success(request, _("Saved."))
            return redirect(request.path)
    return render(
        request,
        "newsletters/preferences.html",
        {"form": form, "subscriber": subscriber},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def account(request):
    """The member page's newsletter choices: the address is proven by signing in."""
    if not request.user.email:
        raise Http404
    is_member = member_current(request.user)
    offered = queries.newsletters_offered(is_member=is_member, signup_page_only=False)
    form = PreferencesForm(request.POST, newsletters=offered)
    if form.is_valid():
        subscriber = services.subscriber_get_or_create(request.user.email)
        try:
            services.preferences_set(
                subscriber=subscriber, newsletters=form.cleaned_data["newsletters"]
            )
        except services.NewsletterError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your newsletters are saved."))
    else:
        messages.error(request, _("That choice of newsletters is not available."))
    return redirect("membership:account")
