"""Admin screens for the membership team (wrapped in Wagtail's admin login by its hooks)."""

from datetime import datetime

from django import forms
from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from wagtail.admin import messages

from masthead.core.charts import bar_chart
from masthead.core.csv_files import CsvUploadForm
from masthead.core.widgets import DateInput
from masthead.membership import imports, queries, status_machine
from masthead.membership.models import Member, Tier


@permission_required("membership.view_member", raise_exception=True)
def dashboard(request):
    numbers = queries.dashboard(weeks=12)
    labels = [week.strftime("%-d %b") for week in numbers["weeks"]]
    charts = [
        ("Current members at the end of each week", bar_chart(numbers["members"], labels)),
        ("New members per week", bar_chart(numbers["joined"], labels)),
        ("Members lost per week", bar_chart(numbers["churned"], labels)),
        ("Money received per week", bar_chart(numbers["revenue"], labels)),
    ]
    return render(
        request,
        "membership/admin/dashboard.html",
        {"numbers": numbers, "charts": charts, "weeks": labels},
    )


class ImportForm(CsvUploadForm):
    columns = imports.COLUMNS
    max_mb = 10


@permission_required("membership.add_member", raise_exception=True)
def members_import(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = imports.members_import(form.cleaned_data["file"].read())
        if report.ok:
            messages.success(
                request, f"Imported: {report.created} new members, {report.updated} updated."
            )
            return redirect("membership-dashboard:import")
    return render(
        request,
        "membership/admin/import.html",
        {"form": form, "report": report, "columns": imports.COLUMNS},
        status=400 if report and not report.ok else 200,
    )


@permission_required("membership.view_member", raise_exception=True)
def members_export(request):
    members = Member.objects.all().order_by("pk")
    response = HttpResponse(imports.members_csv(members), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="members-{stamp}.csv"'
    return response


class ComplimentaryForm(forms.Form):
    email = forms.EmailField()
    tier = forms.ModelChoiceField(queryset=Tier.objects.all())
    until = forms.DateField(widget=DateInput())
    note = forms.CharField(required=False, max_length=200, help_text="Why, for the record.")


@permission_required("membership.add_member", raise_exception=True)
def complimentary(request):
    form = ComplimentaryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        until = timezone.make_aware(datetime.combine(data["until"], datetime.max.time()))
        try:
            member = status_machine.complimentary_grant(
                email=data["email"], tier=data["tier"], until=until, note=data["note"]
            )
        except status_machine.MembershipError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{member} is a complimentary member until {data['until']}.")
            return redirect("membership-dashboard:index")
    return render(request, "membership/admin/complimentary.html", {"form": form})
