"""Liveness and readiness endpoints for load balancers and orchestrators."""

import pytest

pytestmark = pytest.mark.django_db


def test_healthz_says_the_process_answers(client):
    response = client.get("/healthz")
    assert response.content == b"ok" and "no-store" in response["Cache-Control"]


def test_readyz_checks_database_cache_and_task_queue(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok", "tasks": "ok"}
    assert "no-store" in response["Cache-Control"]  # never from the page cache


def test_readyz_says_which_part_is_failing(client, settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "masthead.core.cache_backends.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens on the discard port
        },
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "failing", "tasks": "ok"}
