"""Settings → Import: upload an export, watch it run in the background, read its report."""

from django.conf import settings
from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from masthead.core.charts import bar_chart
from masthead.importers.forms import ImportForm
from masthead.importers.models import ImportRun
from masthead.importers.tasks import import_run_task

PERMISSION = "importers.add_importrun"


@permission_required(PERMISSION, raise_exception=True)
def index(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        run = ImportRun.objects.create(
            source=data["source"],
            file=data["file"],
            members_file=data.get("members") or "",
            dry_run=data["dry_run"],
            edition=data["edition"],
            site_url=data["site_url"] or "",
            started_by=request.user,
        )
        import_run_task.enqueue(run.pk)
        return redirect("importers:detail", run.pk)
    runs = ImportRun.objects.select_related("started_by")[:20]
    context = {"form": form, "runs": runs, "limit": settings.IMPORT_UPLOAD_MB}
    return render(request, "importers/admin/index.html", context)


@permission_required(PERMISSION, raise_exception=True)
def detail(request, pk: int):
    run = get_object_or_404(ImportRun, pk=pk)
    counts = (run.report or {}).get("counts", {})
    kinds = sorted(counts)
    made = [sum(v for k, v in counts[kind].items() if k != "refused") for kind in kinds]
    context = {
        "run": run,
        "chart": bar_chart(made, kinds, slots=6) if kinds else None,
        "percent": round(100 * run.done / run.total) if run.total else 0,
        "running": run.status in (ImportRun.Status.WAITING, ImportRun.Status.RUNNING),
        "waiting_for": (timezone.now() - run.created_at).total_seconds(),
    }
    return render(request, "importers/admin/detail.html", context)


@permission_required(PERMISSION, raise_exception=True)
def progress(request, pk: int):
    """The run's progress as JSON, for the page to show without reloading."""
    run = get_object_or_404(ImportRun, pk=pk)
    left = run.seconds_left
    return JsonResponse(
        {
            "status": run.status,
            "status_label": run.get_status_display(),
            "done": run.done,
            "total": run.total,
            "rate": round(run.rate, 1),
            "seconds_left": round(left) if left is not None else None,
        }
    )


@permission_required(PERMISSION, raise_exception=True)
def report_csv(request, pk: int):
    run = get_object_or_404(ImportRun, pk=pk)
    response = HttpResponse(
        (run.report or {}).get("csv", ""), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="import-{run.pk}-report.csv"'
    return response
