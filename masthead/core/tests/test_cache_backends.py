"""The Redis cache as production runs it: one client for every call, and a generation counter
that a restarted Redis cannot wind back. Against the real Redis (REDIS_URL, or the local one
at 127.0.0.1:6379); skipped where none answers, failed under CI=true."""

import os
import time

import pytest
from django.core.cache import caches

from masthead.core.pagecache import generation
from masthead.core.pagecache.cache_backends import ResilientRedisCache
from masthead.core.pagecache.generation import GENERATION

# The first pass of `make test` runs beside the PostgreSQL + Redis one, which has db 15.
REDIS = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/14"


@pytest.fixture
def redis_cache(settings, monkeypatch):
    monkeypatch.setattr(ResilientRedisCache, "_away_until", 0.0)  # another test's outage
    settings.CACHES = {
        "default": {
            "BACKEND": "masthead.core.pagecache.cache_backends.ResilientRedisCache",
            "LOCATION": REDIS,
            "KEY_PREFIX": "masthead-backend-tests",
        }
    }
    cache = caches["default"]
    if not cache.reachable():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true needs Redis at {REDIS}")
        pytest.skip(f"no Redis answers at {REDIS}")
    yield cache
    cache.delete(generation.KEY)
    GENERATION.forget()


def test_one_redis_client_serves_every_call(redis_cache):
    client = redis_cache._cache.get_client()
    assert redis_cache._cache.get_client(write=True) is client
    redis_cache.set("greeting", "hello")
    assert redis_cache.get("greeting") == "hello"
    assert isinstance(redis_cache, ResilientRedisCache)


def test_a_counter_redis_lost_starts_a_new_era_not_one_already_used(redis_cache):
    redis_cache.delete(generation.KEY)  # Redis restarted without keeping anything
    GENERATION.forget()
    started = time.time_ns() // 1000
    era = int(GENERATION.current())
    assert era >= started  # not 0, 1, 2 again: processes may hold pages stored under those

    generation.pages_changed()
    assert int(GENERATION.current()) == era + 1
