from pathlib import Path

from django.apps import apps
from django.utils import timezone
from django_tasks import task
from wagtail.search.backends import get_search_backends


@task()
def search_index_task(model: str, ids: list[int]) -> int:
    """Add a batch of imported pages or pictures to the search index, in the background as
    Wagtail does for a page published by hand (one task for a batch, not one a page)."""
    kind = apps.get_model(model)
    found = list(kind.objects.filter(pk__in=ids))
    if found:
        for backend in get_search_backends():
            backend.add_bulk(kind, found)
    return len(found)


@task()
def import_run_task(run_id: int) -> str:
    """An import started from the admin (Settings → Import), its progress saved as it goes."""
    from masthead.importers.models import ImportRun
    from masthead.importers.records import ExportRefused
    from masthead.importers.running import import_run
    from masthead.importers.writing import ImportOptions

    run = ImportRun.objects.get(pk=run_id)
    run.status, run.started_at = ImportRun.Status.RUNNING, timezone.now()
    run.save(update_fields=["status", "started_at"])

    def progress(done: int, total: int, rate: float, left: float | None) -> None:
        ImportRun.objects.filter(pk=run_id).update(done=done, total=total, rate=rate)

    try:
        report = import_run(
            run.source,
            Path(run.file.path),
            options=ImportOptions(dry_run=run.dry_run, edition=run.edition),
            members=Path(run.members_file.path) if run.members_file else None,
            site_url=run.site_url,
            progress=progress,
        )
    except ExportRefused as error:
        run.status, run.message = ImportRun.Status.FAILED, str(error)
    except Exception as error:  # said on the page, and logged by the worker
        run.status = ImportRun.Status.FAILED
        run.message = f"The import stopped: {error}. What was imported stays; run it again."
        raise
    else:
        run.status = ImportRun.Status.DONE
        run.report = {**report.as_dict(), "csv": report.as_csv()}
        run.done = run.total = max(report.done, report.total)
    finally:
        for upload in (run.file, run.members_file):
            if upload:
                upload.delete(save=False)
        run.finished_at = timezone.now()
        run.save(
            update_fields=[
                *("status", "message", "report", "done", "total", "finished_at"),
                *("file", "members_file"),
            ]
        )
    return run.status
