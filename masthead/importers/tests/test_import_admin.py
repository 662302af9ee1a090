"""Settings → Import: for those allowed to import only, files checked before they run, the
upload kept out of public media and deleted once imported, progress and report shown."""

from django.core.files.uploadedfile import SimpleUploadedFile

from masthead.conftest import background_tasks_run
from masthead.importers.models import ImportRun
from masthead.importers.tests.conftest import WORDPRESS


def upload(name="export.xml", data=None):
    return SimpleUploadedFile(name, WORDPRESS.read_bytes() if data is None else data)


def test_only_people_allowed_to_import_see_it(client, cast):
    client.force_login(cast["editor"])
    refused = client.get("/admin/import/")  # Wagtail: back to the dashboard, with a message
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    assert client.get("/admin/import/1/report.csv").status_code == 302
    client.force_login(cast["admin"])
    assert client.get("/admin/import/").status_code == 200


def test_a_file_of_the_wrong_kind_or_size_is_refused_with_a_reason(client, cast, settings):
    client.force_login(cast["admin"])
    answer = client.post("/admin/import/", {"source": "ghost", "file": upload("export.xml")})
    assert "A Ghost export ends with .json" in answer.content.decode()
    settings.IMPORT_UPLOAD_MB = 0.0001
    answer = client.post("/admin/import/", {"source": "wordpress", "file": upload()})
    assert "masthead import" in answer.content.decode()
    assert not ImportRun.objects.exists()


def test_an_import_runs_in_the_background_and_shows_its_report(client, cast, settings):
    client.force_login(cast["admin"])
    answer = client.post("/admin/import/", {"source": "wordpress", "file": upload()})
    run = ImportRun.objects.get()
    assert answer["Location"] == f"/admin/import/{run.pk}/"
    stored = run.file.path
    assert str(settings.MEDIA_ROOT) not in stored  # never served to the public
    page = client.get(answer["Location"]).content.decode()
    assert "Waiting to start" in page and 'http-equiv="refresh"' in page
    background_tasks_run()
    run.refresh_from_db()
    assert run.status == "done" and run.done == run.total > 0
    assert not run.file  # deleted once imported
    page = client.get(f"/admin/import/{run.pk}/").content.decode()
    assert "story     5 created" in page and 'http-equiv="refresh"' not in page
    csv = client.get(f"/admin/import/{run.pk}/report.csv")
    assert csv["Content-Type"].startswith("text/csv")
    assert "A picture nobody kept" in csv.content.decode()
    progress = client.get(f"/admin/import/{run.pk}/progress/").json()
    assert progress["status"] == "done"


def test_a_refused_export_says_why_on_the_page(client, cast):
    client.force_login(cast["admin"])
    client.post("/admin/import/", {"source": "wordpress", "file": upload(data=b"<html></html>")})
    background_tasks_run()
    run = ImportRun.objects.get()
    assert run.status == "failed"
    assert "is not a WordPress export" in client.get(f"/admin/import/{run.pk}/").content.decode()
