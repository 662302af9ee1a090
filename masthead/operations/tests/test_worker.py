"""The task worker (`masthead db_worker`, operations/worker.py) outlasts a database that goes away
and records a heartbeat. The real worker runs in a thread of this process, on connections
of its own; on PostgreSQL, another connection cuts them, as a restart does."""

import threading
import time
from contextlib import contextmanager

import psycopg
import pytest
from django.db import connection, connections
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from masthead.core.models import WorkerHeartbeat
from masthead.operations.worker import Worker

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# What the tasks below did, in this process (the worker thread runs them).
ran: list[str] = []
inside, released = threading.Event(), threading.Event()


@task()
def echo(word: str) -> str:
    ran.append(word)
    return word


@task()
def held() -> int:
    """Waits, inside the task, for the test to cut the worker's connection, then queries."""
    ran.append("held")
    inside.set()
    released.wait(10)
    return DBTaskResult.objects.count()


@pytest.fixture(autouse=True)
def _nothing_ran_yet():
    ran.clear()
    inside.clear()
    released.clear()


@contextmanager
def worker_running():
    """The real worker, polling often and beating often, stopped as a signal would."""
    worker = Worker(
        queue_names=["default"],
        interval=0.05,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    worker.heartbeat_seconds = 0.2
    crashed: list[BaseException] = []

    def run():
        try:
            worker.run()
        except BaseException as error:
            crashed.append(error)
        finally:
            connections.close_all()  # this thread's own

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        yield crashed
    finally:
        worker.running = False
        released.set()
        thread.join(15)


def wait_for(check, seconds: float = 15):
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def status(result) -> str:
    return DBTaskResult.objects.get(pk=result.id).status


def needs_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no server whose connections another one can cut")


@contextmanager
def database_away():
    """As PostgreSQL restarting: every connection to the test database but this test's own
    is cut (pg_terminate_backend), and new ones are refused until the block ends."""
    name = connection.settings_dict["NAME"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (own,) = cursor.fetchone()
    params = connection.get_connection_params()
    params["dbname"] = "postgres"  # a database cannot refuse connections from inside itself
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        try:
            cut = admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> %s",
                [name, own],
            ).fetchall()
            assert cut, "the worker had no connection to cut"
            yield
        finally:
            admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')


def test_a_running_worker_records_a_heartbeat_that_readyz_reads(client):
    assert client.get("/readyz").json()["worker"] == "failing"
    with worker_running() as crashed:
        wait_for(lambda: WorkerHeartbeat.objects.filter(worker_id="test-worker").exists())
        first = WorkerHeartbeat.objects.get().seen_at
        wait_for(lambda: WorkerHeartbeat.objects.get().seen_at > first)  # renewed
        response = client.get("/readyz")
    assert response.status_code == 200 and response.json()["worker"] == "ok"
    assert not crashed


def test_the_worker_waits_for_the_database_and_carries_on():
    needs_postgresql()
    with worker_running() as crashed:
        wait_for(lambda: WorkerHeartbeat.objects.exists())  # its connections are open
        with database_away():
            result = echo.enqueue("after the restart")
            time.sleep(2)  # a couple of polls and heartbeats find nothing to connect to
        wait_for(lambda: status(result) == "SUCCESSFUL")
        seen = WorkerHeartbeat.objects.get().seen_at
        wait_for(lambda: WorkerHeartbeat.objects.get().seen_at > seen)  # beating again
    assert ran == ["after the restart"]
    assert not crashed


def test_a_task_cut_off_mid_run_is_recorded_failed_and_not_run_again():
    needs_postgresql()
    with worker_running() as crashed:
        cut_off = held.enqueue()
        assert inside.wait(15)
        with database_away():
            released.set()  # its query meets a connection that is gone
            time.sleep(1)
        wait_for(lambda: status(cut_off) == "FAILED")
        after = echo.enqueue("next")
        wait_for(lambda: status(after) == "SUCCESSFUL")
    assert ran == ["held", "next"]  # once each
    failed = DBTaskResult.objects.get(pk=cut_off.id)
    assert "terminating connection" in failed.traceback
    assert not crashed
