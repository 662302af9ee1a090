"""Admin screens for newsletters (behind Wagtail's admin login through wagtail_hooks):
the overview, an edition's preview / test / send / progress page, and CSV import/export."""

from django import forms
from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_http_methods
from wagtail.admin import messages

from masthead.core.charts import bar_chart
from masthead.core.csv_files import CsvUploadForm
from masthead.live.models import BreakingNews, LiveUpdate
from masthead.newsletters import (
    alerts,
    editions,
    imports,
    queries,
    rendering,
    sending,
    webhooks,
)
from masthead.newsletters.models import Edition, Newsletter
from masthead.newsletters.services import NewsletterError


@permission_required("newsletters.view_newsletter", raise_exception=True)
def overview(request):
    weeks, counts = queries.confirmed_per_week(weeks=12)
    labels = [week.strftime("%-d %b") for week in weeks]
    return render(
        request,
        "newsletters/admin/overview.html",
        {
            "figures": queries.newsletter_figures(),
            "chart": bar_chart(counts, labels),
            "sending": Edition.objects.filter(status=Edition.Status.SENDING).select_related(
                "newsletter"
            ),
        },
    )


class ScheduleForm(forms.Form):
    send_at = forms.DateTimeField(
        label="Send at", widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )


def _sender(edition: Edition) -> tuple[sending.Sender | None, str]:
    try:
        return sending.sender_for(newsletter=edition.newsletter), ""
    except NewsletterError as error:
        return None, str(error)


@permission_required("newsletters.view_edition", raise_exception=True)
@require_http_methods(["GET", "POST"])
def edition_send(request, pk):
    """Preview, test, send or schedule an edition, and watch it go out."""
    edition = get_object_or_404(Edition.objects.select_related("newsletter"), pk=pk)
    if "send" in request.POST:  # sending goes through its confirmation, which names the list
        return redirect("newsletters_edition:send_confirm", pk)
    schedule_form = ScheduleForm(request.POST if "schedule" in request.POST else None)
    if request.method == "POST":
        if not request.user.has_perm("newsletters.send_edition"):
            messages.error(request, "You may prepare editions, but not send them.")
            return redirect("newsletters_edition:send", pk)
        try:
            response = _edition_action(request, edition, schedule_form)
        except NewsletterError as error:
            messages.error(request, str(error))
            response = redirect("newsletters_edition:send", pk)
        if response:
            return response
    counts = queries.delivery_counts(edition=edition)
    minutes = queries.sent_per_minute(edition=edition)
    sender, sender_error = _sender(edition)
    return render(
        request,
        "newsletters/admin/edition_send.html",
        {
            "edition": edition,
            "counts": counts,
            "sender": sender,
            "sender_error": sender_error,
            "results": queries.edition_results(edition=edition)
            if counts["total"] and edition.started_at
            else None,
            "tracking_provider": webhooks.tracking_provider(),
            "recipients": queries.recipients(newsletter=edition.newsletter).count()
            if edition.is_editable
            else None,
            "done_percent": round(100 * (counts["total"] - counts["remaining"]) / counts["total"])
            if counts["total"]
            else 0,
            "chart": bar_chart(
                [n for _, n in minutes],
                [timezone.localtime(m).strftime("%H:%M") for m, _ in minutes],
            )
            if minutes
            else None,
            "failures": edition.deliveries.filter(status="failed").order_by("pk")[:50],
            "schedule_form": schedule_form,
        },
    )


def _edition_action(request, edition, schedule_form):
    if "test" in request.POST:
        if not request.user.email:
            raise NewsletterError("Your account has no e-mail address: add one in your profile.")
        editions.edition_test_send(edition=edition, email=request.user.email)
        messages.success(request, f"A test copy is on its way to {request.user.email}.")
    elif "schedule" in request.POST:
        if not schedule_form.is_valid():
            return None
        editions.edition_schedule(edition=edition, at=schedule_form.cleaned_data["send_at"])
        messages.success(request, "Scheduled.")
    elif "unschedule" in request.POST:
        editions.edition_unschedule(edition=edition)
        messages.success(request, "Back to draft: it will not be sent by itself.")
    elif "cancel" in request.POST:
        skipped = editions.edition_cancel(edition=edition)
        messages.success(request, f"Stopped: {skipped:,} deliveries will not be sent.")
    return redirect("newsletters_edition:send", edition.pk)


@permission_required("newsletters.send_edition", raise_exception=True)
@require_http_methods(["GET", "POST"])
def edition_send_confirm(request, pk):
    """The question before a send, naming the list and the count, on a page of its own: it
    is asked with or without JavaScript, and only its button sends."""
    edition = get_object_or_404(Edition.objects.select_related("newsletter"), pk=pk)
    back = redirect("newsletters_edition:send", pk)
    if not edition.is_editable:
        messages.error(request, f"This edition is {edition.get_status_display()} already.")
        return back
    sender, sender_error = _sender(edition)
    if sender is None:
        messages.error(request, sender_error)
        return back
    if request.method == "POST":
        try:
            queued = editions.edition_start(edition=edition)
        except NewsletterError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"Sending to {queued:,} subscribers.")
        return back
    return render(
        request,
        "newsletters/admin/edition_send_confirm.html",
        {
            "edition": edition,
            "sender": sender,
            "recipients": queries.recipients(newsletter=edition.newsletter).count(),
        },
    )


@permission_required("newsletters.view_edition", raise_exception=True)
@xframe_options_sameorigin
def edition_preview(request, pk):
    """The e-mail as subscribers get it, for the preview frame (placeholder links)."""
    edition = get_object_or_404(Edition.objects.select_related("newsletter"), pk=pk)
    articles = None
    if not edition.stories.exists():
        articles = rendering.articles_for_fill(
            section=edition.fill_section,
            hours=edition.fill_hours,
            limit=edition.newsletter.auto_limit,
            language=edition.newsletter.language,
        )
    if request.GET.get("format") == "text":
        return HttpResponse(
            rendering.edition_render(edition, articles=articles).text,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(rendering.edition_render(edition, articles=articles).html)
    response["Content-Security-Policy"] = "script-src 'none'"
    return response


class ImportForm(CsvUploadForm):
    columns = imports.COLUMNS
    max_mb = 50


@permission_required("newsletters.add_subscriber", raise_exception=True)
def subscribers_import(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = imports.subscribers_import(form.cleaned_data["file"].read())
        if report.ok:
            messages.success(request, report.summary)
            return redirect("newsletters_overview:import")
    return render(
        request,
        "newsletters/admin/import.html",
        {"form": form, "report": report, "columns": imports.COLUMNS},
        status=400 if report and not report.ok else 200,
    )


@permission_required("newsletters.view_subscriber", raise_exception=True)
def subscribers_export(request):
    newsletter = None
    if request.GET.get("newsletter"):
        newsletter = get_object_or_404(Newsletter, slug=request.GET["newsletter"])
    response = StreamingHttpResponse(
        imports.subscribers_csv(newsletter=newsletter), content_type="text/csv; charset=utf-8"
    )
    name = f"subscribers-{newsletter.slug if newsletter else 'all'}-{timezone.localdate()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class AlertForm(forms.Form):
    newsletter = forms.ModelChoiceField(
        queryset=Newsletter.objects.order_by("name"),
        label="To the subscribers of",
        help_text="A draft edition is made: you see it, can send yourself a test, and are "
        "asked before it goes out.",
    )


@permission_required("newsletters.add_edition", raise_exception=True)
@require_http_methods(["GET", "POST"])
def edition_alert(request, kind, pk):
    """A key event or a breaking item as an edition to a chosen list."""
    if kind == "update":
        update = get_object_or_404(LiveUpdate.objects.select_related("page__locale"), pk=pk)
        title, language = str(update), update.page.locale.language_code
        back_url = reverse("live_updates:screen", args=[update.page_id])

        def make(newsletter: Newsletter) -> Edition:
            return alerts.edition_from_update(update=update, newsletter=newsletter)

    elif kind == "breaking":
        item = get_object_or_404(BreakingNews.objects.select_related("locale"), pk=pk)
        title, language = item.headline, item.locale.language_code
        back_url = reverse("breaking_news:edit", args=[item.pk])

        def make(newsletter: Newsletter) -> Edition:
            return alerts.edition_from_breaking(item=item, newsletter=newsletter)

    else:
        raise Http404("Nothing of that kind is sent as a newsletter.")
    form = AlertForm(
        request.POST or None, initial={"newsletter": queries.alert_newsletter(language=language)}
    )
    if request.method == "POST" and form.is_valid():
        newsletter = form.cleaned_data["newsletter"]
        edition = make(newsletter)
        messages.success(request, f"Draft edition for {newsletter.name}: check it, then send.")
        return redirect("newsletters_edition:send", edition.pk)
    return render(
        request,
        "newsletters/admin/edition_alert.html",
        {"form": form, "title": title, "back_url": back_url},
        status=400 if form.errors else 200,
    )
