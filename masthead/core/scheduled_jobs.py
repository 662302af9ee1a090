"""The work `masthead scheduler` runs on every tick. Core knows none of it: each app adds its
own jobs in `AppConfig.ready()`, and they run in the order the apps are installed."""

from collections.abc import Callable

Job = Callable[[], object]

_jobs: dict[str, Job] = {}


def scheduled_job_register(*, name: str, run: Job) -> None:
    """Run `run` on every tick of the scheduler (registering a name again replaces it)."""
    _jobs[name] = run


def scheduled_jobs() -> list[tuple[str, Job]]:
    return list(_jobs.items())
