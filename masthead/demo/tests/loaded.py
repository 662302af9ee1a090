"""The demo newsroom loaded once for a module of tests that read it (loading it takes 20 s or
more), committed, and taken away afterwards: the database then holds what it held before,
and other modules never see it."""

import io
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from unittest import mock

from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection
from django.test.utils import override_settings
from PIL import Image

from masthead.conftest import background_tasks_run, nothing_cached
from masthead.demo import images as demo_images


def small_jpeg(image: Image.Image) -> bytes:
    """The demo's pictures at a fifth of their size: encoding the renditions pages ask for
    (AVIF and WebP, up to three widths) of full-size ones took over a minute."""
    buffer = io.BytesIO()
    image.resize((image.width // 5, image.height // 5)).save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def database_restore(contents: str) -> None:
    """Empty the database and put back what was there, as Django's serialized rollback does,
    with PostgreSQL's sequences moved past the rows put back (the next row made must not take
    the id of one of them)."""
    call_command("flush", verbosity=0, interactive=False, inhibit_post_migrate=True)
    connection.creation.deserialize_db_from_string(contents)
    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    nothing_cached()


@contextmanager
def demo_committed(*, media_root, **overrides) -> Iterator[None]:
    """Inside `django_db_blocker.unblock()`: the demo loaded and committed, with what readers
    see of the worker's work (the search index, related stories) done."""
    from django_tasks_db.models import DBTaskResult

    from masthead.demo import services

    with ExitStack() as stack:
        stack.enter_context(
            override_settings(
                MEDIA_ROOT=media_root,
                EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
                PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
                **overrides,
            )
        )
        stack.enter_context(mock.patch.object(demo_images, "_jpeg", small_jpeg))
        stack.callback(database_restore, connection.creation.serialize_db_to_string())
        nothing_cached()
        services.demo_load(prepare_renditions=False)
        # The admin's reference index (1,700 tasks, half a minute) is left out.
        DBTaskResult.objects.filter(task_path="wagtail.tasks.update_reference_index_task").delete()
        background_tasks_run()
        nothing_cached()
        yield
