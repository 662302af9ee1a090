"""Liveness and readiness endpoints for load balancers and orchestrators."""

import logging
import os
from datetime import timedelta

import pytest
from django.utils import timezone

from masthead.core.pagecache.cache_backends import ResilientRedisCache
from masthead.operations.worker import worker_heartbeat_record

pytestmark = pytest.mark.django_db


def heartbeat(*, seconds_ago: float = 0) -> None:
    """As a running `masthead db_worker` records every few seconds."""
    seen = timezone.now() - timedelta(seconds=seconds_ago)
    worker_heartbeat_record(worker_id="w1", host="worker-1", pid=4321, now=seen)


def test_healthz_says_the_process_answers(client):
    response = client.get("/healthz")
    assert response.content == b"ok" and "no-store" in response["Cache-Control"]


def test_readyz_checks_database_cache_task_queue_and_worker(client):
    heartbeat()
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok", "tasks": "ok", "worker": "ok"}
    assert "no-store" in response["Cache-Control"]  # never from the page cache


def test_readyz_says_which_part_is_failing(client, settings, monkeypatch):
    heartbeat()
    # The pause a failure starts must not outlast this test (a class attribute).
    monkeypatch.setattr(ResilientRedisCache, "_away_until", 0.0)
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "masthead.core.pagecache.cache_backends.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens on the discard port
        },
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {
        "database": "ok",
        "cache": "failing",
        "tasks": "ok",
        "worker": "ok",
    }


def test_readyz_fails_when_no_worker_was_ever_seen(client, caplog):
    response = client.get("/readyz")
    assert response.status_code == 503 and response.json()["worker"] == "failing"
    assert "no task worker has ever been seen" in caplog.text


def test_readyz_fails_when_the_last_heartbeat_is_stale(client, settings, caplog):
    settings.WORKER_STALE_SECONDS = 120
    heartbeat(seconds_ago=121)
    with caplog.at_level(logging.ERROR, logger="masthead.operations.health"):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["worker"] == "failing"
    # When it was last seen goes to the log, not to whoever asks.
    assert "no task worker seen since 20" in caplog.text
    assert b"since" not in response.content


def test_readyz_is_ok_while_the_heartbeat_is_fresh(client, settings):
    settings.WORKER_STALE_SECONDS = 120
    heartbeat(seconds_ago=119)
    assert client.get("/readyz").json()["worker"] == "ok"


def test_readyz_asks_rqs_worker_registry_with_tasks_on_redis(client, settings, caplog):
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        pytest.skip("needs REDIS_URL: runs in the PostgreSQL + Redis pass of `make test`")
    import django_rq
    from rq import Worker

    queue = f"readyz-{os.getpid()}"  # no one else's worker listens here
    settings.TASKS_BACKEND = "redis"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": [queue]}}
    settings.RQ_QUEUES = {"default": {"URL": redis_url}, queue: {"URL": redis_url}}
    assert client.get("/readyz").json()["worker"] == "failing"
    assert f"no RQ worker is registered for {queue}" in caplog.text

    worker = Worker([django_rq.get_queue(queue)], connection=django_rq.get_connection(queue))
    worker.register_birth()  # what `masthead rqworker` does as it starts, then heartbeats
    try:
        response = client.get("/readyz")
        assert response.status_code == 200 and response.json()["worker"] == "ok"
    finally:
        worker.register_death()
        worker.connection.delete(worker.key)
    assert client.get("/readyz").json()["worker"] == "failing"
