"""`masthead backup` and `masthead restore`: a round trip brings back the stories and the
pictures as they were, on SQLite and on PostgreSQL; bad archives change nothing."""

import io
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from masthead.core.models import MastheadImage
from masthead.newsroom.models import ArticlePage
from masthead.newsroom.tests import builders

# Committed data: the backup is read through the database's own tools.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_backup_restores_stories_and_media(newsroom, tmp_path, client):
    image = builders.image_make(title="Flood gauge", credit="Courier")
    story = builders.article_make(
        section=newsroom["news"], title="The river is back in its bed", lead_image=image
    )
    picture = Path(image.file.path)
    archive = tmp_path / "site.tar.gz"
    out = io.StringIO()
    call_command("backup", output=archive, stdout=out)
    assert "Backup written" in out.getvalue()
    with tarfile.open(archive) as saved:
        names = saved.getnames()
    assert "manifest.json" in names and f"media/{image.file.name}" in names

    # Things go wrong after the backup: the story is deleted, the picture file lost.
    ArticlePage.objects.get(pk=story.pk).delete()
    picture.unlink()
    assert client.get(story.url).status_code == 404

    call_command("restore", archive, yes=True, stdout=io.StringIO())

    assert ArticlePage.objects.live().filter(title="The river is back in its bed").exists()
    assert MastheadImage.objects.filter(title="Flood gauge").exists()
    assert picture.exists()
    assert b"The river is back in its bed" in client.get(story.url).content


def test_what_is_not_a_backup_is_refused_and_changes_nothing(newsroom, tmp_path):
    story = builders.article_make(section=newsroom["news"], title="Still here")
    junk = tmp_path / "junk.tar.gz"
    with tarfile.open(junk, "w:gz") as archive:
        data = b"not a manifest"
        info = tarfile.TarInfo("notes.txt")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    with pytest.raises(CommandError, match="not a Masthead backup"):
        call_command("restore", junk, yes=True)
    garbage = tmp_path / "garbage.tar.gz"
    garbage.write_text("not an archive at all")
    with pytest.raises(CommandError, match="not a Masthead backup"):
        call_command("restore", garbage, yes=True)
    with pytest.raises(CommandError, match="no such file"):
        call_command("restore", tmp_path / "missing.tar.gz", yes=True)
    assert ArticlePage.objects.filter(pk=story.pk).exists()


def test_restore_asks_first(newsroom, tmp_path, monkeypatch):
    archive = tmp_path / "site.tar.gz"
    call_command("backup", output=archive, stdout=io.StringIO())
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    with pytest.raises(CommandError, match="Nothing was changed"):
        call_command("restore", archive)


def test_pg_tools_connect_as_the_site_does_with_its_options_and_the_password_kept_off_argv():
    from psycopg.conninfo import conninfo_to_dict

    from masthead.operations.backup import pg_connection

    # DATABASE_URL=postgres://masthead:s3cret@/courier?sslmode=require&sslrootcert=…
    conninfo, env = pg_connection(
        settings_dict={
            "NAME": "courier",
            "HOST": "",
            "PORT": "",
            "USER": "masthead",
            "PASSWORD": "s3cret",
            "OPTIONS": {"sslmode": "require", "sslrootcert": "/etc/ssl/db.pem", "pool": False},
        }
    )
    # No host: the local socket, as libpq (and so the site) would use.
    assert conninfo_to_dict(conninfo) == {
        "dbname": "courier",
        "user": "masthead",
        "sslmode": "require",
        "sslrootcert": "/etc/ssl/db.pem",
    }
    assert "s3cret" not in conninfo and env["PGPASSWORD"] == "s3cret"

    conninfo, env = pg_connection(
        settings_dict={"NAME": "courier", "HOST": "db.internal", "PORT": 6432, "OPTIONS": {}}
    )
    assert conninfo_to_dict(conninfo) == {
        "dbname": "courier",
        "host": "db.internal",
        "port": "6432",
    }


def test_a_backup_on_postgresql_goes_through_the_connections_options(newsroom, tmp_path):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("pg_dump: PostgreSQL only")
    # An option any primary refuses shows that pg_dump was given it.
    options = {**connection.settings_dict["OPTIONS"], "target_session_attrs": "read-only"}
    with (
        pytest.MonkeyPatch.context() as patch,
        pytest.raises(CommandError, match="session is not read-only"),
    ):
        patch.setitem(connection.settings_dict, "OPTIONS", options)
        call_command("backup", output=tmp_path / "site.tar.gz", stdout=io.StringIO())
