"""Surviving faults, against a PostgreSQL and a Redis this test starts on ports of its own
(never the shared ones): the production server keeps serving while Redis is away and uses it
again when it returns, and it and the task worker carry on after PostgreSQL restarts, without
being restarted."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.core.cache import caches

ROOT = Path(__file__).resolve().parents[3]
MASTHEAD = Path(sys.executable).with_name("masthead")
PG_BIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"))), None)
REDIS_SERVER = shutil.which("redis-server")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def needs(condition: bool, message: str) -> None:
    if not condition:
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


def as_postgres(*command: str) -> list[str]:
    """PostgreSQL refuses to run as root: run its tools as the postgres user then."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else list(command)


class OwnRedis:
    def __init__(self):
        self.port = free_port()
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - Debian's redis-server
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""],
            stdout=subprocess.DEVNULL,
        )
        wait_for(lambda: socket.create_connection(("127.0.0.1", self.port), 0.2).close())

    def stop(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()


class OwnPostgres:
    def __init__(self, workdir: Path):
        self.port = free_port()
        self.data = workdir / "pgdata"
        self.socket_dir = workdir
        self.log = workdir / "postgres.log"
        shutil.chown(workdir, "postgres") if os.geteuid() == 0 else None
        subprocess.run(  # noqa: S603 - Debian's initdb
            as_postgres(
                str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres"
            ),
            check=True,
            capture_output=True,
        )

    def ctl(self, action: str) -> None:
        options = f"-p {self.port} -k {self.socket_dir} -c listen_addresses=127.0.0.1"
        subprocess.run(  # noqa: S603 - Debian's pg_ctl
            as_postgres(
                str(PG_BIN / "pg_ctl"),
                "-D",
                str(self.data),
                "-l",
                str(self.log),
                "-o",
                options,
                "-w",
                "-m",
                "fast",
                action,
            ),
            check=True,
            capture_output=True,
        )

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"


def wait_for(check, seconds: float = 30):
    deadline = time.monotonic() + seconds
    while True:
        try:
            return check()
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def get(port: int, path: str) -> int:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture
def services():
    needs(PG_BIN is not None and REDIS_SERVER is not None, "needs PostgreSQL and Redis binaries")
    if os.environ.get("DATABASE_URL"):
        pytest.skip("runs once, in the first pass of `make test`")
    workdir = Path(tempfile.mkdtemp(prefix="masthead-faults-"))
    redis, postgres = OwnRedis(), OwnPostgres(workdir)
    redis.start()
    postgres.ctl("start")
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": postgres.url,
        "REDIS_URL": f"redis://127.0.0.1:{redis.port}/0",
        "MASTHEAD_DATA_DIR": str(workdir / "data"),
        "SECRET_KEY": "faults-test-only",
        "ALLOWED_HOSTS": "127.0.0.1",
        "HTTPS": "false",
        "STATIC_MANIFEST": "false",
        "PORT": str(port),
        "WEB_WORKERS": "1",
        "LOG_LEVEL": "ERROR",
    }
    subprocess.run([str(MASTHEAD), "migrate", "-v0"], env=env, check=True)  # noqa: S603
    server = subprocess.Popen(  # noqa: S603 - our own command
        [str(MASTHEAD), "serve"], env=env, start_new_session=True, stderr=subprocess.DEVNULL
    )
    worker = subprocess.Popen(  # noqa: S603 - our own command
        [str(MASTHEAD), "db_worker", "--no-reload", "--interval", "0.2"],
        env=env,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(lambda: get(port, "/healthz") == 200 or 1 / 0)
        yield {"port": port, "redis": redis, "postgres": postgres, "worker": worker, "env": env}
    finally:
        worker.terminate()
        worker.wait(timeout=10)
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
        postgres.ctl("stop")
        redis.stop()
        shutil.rmtree(workdir, ignore_errors=True)


# Run by `masthead shell` after the restart: a task, and what became of it.
ENQUEUE_AND_WAIT = """
import time
from masthead.operations.tests.test_worker import echo
result = echo.enqueue("after the restart")
for _ in range(150):
    result.refresh()
    if result.is_finished:
        break
    time.sleep(0.1)
print(result.status)
"""


def test_the_site_survives_redis_and_postgresql_going_away(services):
    port, redis, postgres = services["port"], services["redis"], services["postgres"]
    wait_for(lambda: get(port, "/readyz") == 200 or 1 / 0)  # the worker's first heartbeat
    assert get(port, "/newsletters/") == 200

    redis.stop()
    assert get(port, "/newsletters/") == 200  # served from Django, uncached
    assert get(port, "/join/") == 200
    assert get(port, "/readyz") == 503  # not ready: the load balancer may look elsewhere
    assert get(port, "/healthz") == 200

    redis.start()  # back on the same port, empty
    wait_for(lambda: get(port, "/readyz") == 200 or 1 / 0, seconds=15)
    assert get(port, "/newsletters/") == 200

    postgres.ctl("restart")  # every connection the server and the worker held is gone
    assert get(port, "/newsletters/") == 200  # reconnected, no restart of the app
    assert get(port, "/readyz") == 200
    done = subprocess.run(  # noqa: S603 - our own command
        [str(MASTHEAD), "shell", "--no-imports", "-c", ENQUEUE_AND_WAIT],
        env=services["env"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "SUCCESSFUL"  # the same worker ran it
    assert services["worker"].poll() is None


def test_a_cache_that_is_away_is_an_empty_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "masthead.core.pagecache.cache_backends.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens on the discard port
        }
    }
    cache = caches["default"]
    cache.set("story", "kept")
    assert cache.get("story", "missing") == "missing"
    assert cache.add("story", 1) is False and cache.incr("count") == 0
    assert cache.get_many(["a", "b"]) == {} and cache.reachable() is False
