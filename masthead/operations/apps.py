from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running a newsroom's site: backups and restores, health and readiness, logs and error
    reports, the task worker and its heartbeat."""

    name = "masthead.operations"
    label = "operations"
    verbose_name = "Operations: backups, health, the task worker"
