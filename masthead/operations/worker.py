"""The task worker (`masthead db_worker`): django_tasks_db's own, made to outlast a database
restart, and to say it is alive so that `/readyz` can tell when no worker is working."""

import logging
import os
import socket
import threading
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.db import (
    DatabaseError,
    InterfaceError,
    OperationalError,
    close_old_connections,
    connections,
)
from django.db.models import Max
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from masthead.core.models import WorkerHeartbeat

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 5.0
# Rows of workers not seen for this long are deleted when a worker starts.
HEARTBEAT_KEPT = timedelta(days=1)
# Waiting for the database: the first retry soon (a restart takes a second or two), then
# less often, never more than this apart.
BACKOFF_FIRST_SECONDS = 0.5
BACKOFF_MOST_SECONDS = 10.0
# What a connection that was cut, or cannot be made, raises.
CONNECTION_ERRORS = (OperationalError, InterfaceError)


def worker_heartbeat_record(
    *, worker_id: str, host: str, pid: int, now: datetime | None = None
) -> None:
    now = now or timezone.now()
    if not WorkerHeartbeat.objects.filter(worker_id=worker_id).update(seen_at=now):
        worker_heartbeats_prune(now=now)  # a worker starting: each start has a new id
        WorkerHeartbeat.objects.create(
            worker_id=worker_id, host=host, pid=pid, started_at=now, seen_at=now
        )


def worker_heartbeats_prune(*, now: datetime | None = None) -> int:
    """Forget workers long gone."""
    before = (now or timezone.now()) - HEARTBEAT_KEPT
    deleted, _ = WorkerHeartbeat.objects.filter(seen_at__lt=before).delete()
    return deleted


def worker_missing(*, now: datetime | None = None) -> str | None:
    """Why no task worker counts as working, or None when one does (for `/readyz`'s log)."""
    if settings.TASKS_BACKEND == "redis":
        return _rq_worker_missing()
    seen = WorkerHeartbeat.objects.aggregate(seen=Max("seen_at"))["seen"]
    if seen is None:
        return "no task worker has ever been seen"
    if (now or timezone.now()) - seen > timedelta(seconds=settings.WORKER_STALE_SECONDS):
        return f"no task worker seen since {seen.isoformat(timespec='seconds')}"
    return None


def _rq_worker_missing() -> str | None:
    # RQ registers each worker under a key that its heartbeats keep from expiring (an idle
    # worker's come minutes apart, within its --worker-ttl): a registered worker is alive.
    import django_rq
    from rq import Worker as RQWorker

    queues = settings.TASKS["default"]["QUEUES"]
    if any(RQWorker.all(queue=django_rq.get_queue(name)) for name in queues):
        return None
    return f"no RQ worker is registered for {', '.join(queues)}"


def connection_lost(*, alias: str) -> bool:
    """Whether the connection is gone (the server restarted, or cut it), rather than a query
    refused on a connection that still works (a missing table is not waited out)."""
    connection = connections[alias]
    return connection.connection is None or not connection.is_usable()


def worker_claims_fail(*, worker_id: str, backend_name: str, cause: BaseException) -> int:
    """Mark failed the tasks this worker claimed but no longer runs: the connection died
    while it ran one (so even its failure could not be saved) or as a claim was committed.
    Failed, not queued again: a task may have done part of its work (sent some of an
    edition), and django_tasks_db records any task that raised as failed too."""
    running = DBTaskResult.objects.running().filter(backend_name=backend_name)
    abandoned = [task for task in running if task.worker_ids[-1:] == [worker_id]]
    for task in abandoned:
        task.set_failed(cause)
        log.warning("task %s (%s) failed: the database went away", task.id, task.task_path)
    return len(abandoned)


class Heartbeat(threading.Thread):
    """Renews a worker's heartbeat every few seconds, on a connection of its own, so that a
    long task (a newsletter edition) does not make its worker look dead."""

    def __init__(self, *, worker_id: str, every: float = HEARTBEAT_SECONDS) -> None:
        super().__init__(name=f"heartbeat-{worker_id}", daemon=True)
        self.worker_id, self.every = worker_id, every
        self.host, self.pid = socket.gethostname(), os.getpid()
        self.stopping = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopping.is_set():
                try:
                    # Reconnects after a database restart, as Django does between requests.
                    close_old_connections()
                    worker_heartbeat_record(worker_id=self.worker_id, host=self.host, pid=self.pid)
                except DatabaseError as error:
                    # The worker's own loop says so when the database is away.
                    log.debug("heartbeat not recorded: %s", error)
                self.stopping.wait(self.every)
        finally:
            connections.close_all()

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=self.every + 5)


class Worker(db_worker.Worker):
    """django_tasks_db's worker, which waits for a database that went away instead of
    exiting, then carries on, and renews a heartbeat while it runs (but not with --batch,
    which stops once the queue is empty: nothing to count on)."""

    heartbeat_seconds = HEARTBEAT_SECONDS

    def run(self) -> None:
        heartbeat = None
        if not self.batch:
            heartbeat = Heartbeat(worker_id=self.worker_id, every=self.heartbeat_seconds)
            heartbeat.start()
        alias = DBTaskResult.objects.db
        lost: BaseException | None = None  # what may have left a claimed task unfinished
        try:
            while True:
                try:
                    if lost is not None:
                        worker_claims_fail(
                            worker_id=self.worker_id, backend_name=self.backend_name, cause=lost
                        )
                        lost = None
                    super().run()
                    return
                except CONNECTION_ERRORS as error:
                    if not connection_lost(alias=alias):
                        raise
                    # When saving a task's failure failed, this error's traceback holds the
                    # task's own error as well.
                    lost = lost or error
                    self.database_wait(alias=alias, error=error)
                    self.startup_delay = False
        finally:
            if heartbeat is not None:
                heartbeat.stop()

    def database_wait(self, *, alias: str, error: BaseException) -> None:
        """Drop the broken connections and connect again, less often each time, until the
        database answers. A signal stops the worker meanwhile, as while it sleeps."""
        log.warning("worker %s: the database went away (%s), waiting", self.worker_id, error)
        began, delay = time.monotonic(), BACKOFF_FIRST_SECONDS
        while True:
            connections.close_all()
            time.sleep(delay)
            try:
                connections[alias].ensure_connection()
            except CONNECTION_ERRORS as still:
                delay = min(delay * 2, BACKOFF_MOST_SECONDS)
                if delay == BACKOFF_MOST_SECONDS:
                    log.warning(
                        "worker %s: the database is still away after %.0f s (%s)",
                        self.worker_id,
                        time.monotonic() - began,
                        still,
                    )
                continue
            log.info(
                "worker %s: the database answers again after %.1f s",
                self.worker_id,
                time.monotonic() - began,
            )
            return
