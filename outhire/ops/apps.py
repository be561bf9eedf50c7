from __future__ import annotations

from django.apps import AppConfig


class OpsConfig(AppConfig):
    """What the operator runs the service with: health checks, metrics, logs, backup/restore."""

    name = "outhire.ops"
    label = "ops"
    verbose_name = "Operations"

    def ready(self) -> None:
        # Connects the Celery signal handlers (request ids and metrics of tasks).
        from outhire.ops import signals  # noqa: F401
