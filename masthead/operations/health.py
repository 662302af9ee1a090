"""Readiness: can this process serve? The database, the cache and the task queue, each
checked with a real round trip, and a task worker seen lately (for `/readyz`, which load
balancers and orchestrators poll)."""

import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from masthead.operations import worker

log = logging.getLogger(__name__)


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache() -> None:
    if hasattr(cache, "reachable") and not cache.reachable():
        raise RuntimeError("Redis does not answer")
    key = f"readyz:{uuid.uuid4().hex}"
    cache.set(key, 1, 10)
    if cache.get(key) != 1:
        raise RuntimeError("the cache did not keep a value")
    cache.delete(key)


def _tasks() -> None:
    if settings.TASKS_BACKEND == "redis":
        import django_rq

        django_rq.get_connection("default").ping()
    else:
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.exists()


def _worker() -> None:
    if reason := worker.worker_missing():
        raise RuntimeError(reason)


CHECKS = {"database": _database, "cache": _cache, "tasks": _tasks, "worker": _worker}


def readiness() -> dict[str, bool]:
    """Each check's outcome; failures are logged with their cause."""
    outcome = {}
    for name, check in CHECKS.items():
        try:
            check()
            outcome[name] = True
        except Exception:
            log.exception("readiness check failed: %s", name)
            outcome[name] = False
    return outcome
