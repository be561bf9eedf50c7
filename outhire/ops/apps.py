from __future__ import annotations

from django.apps import AppConfig


class OpsConfig(AppConfig):
    """What the operator runs the service with: health checks, metrics, backup and restore."""

    name = "outhire.ops"
    label = "ops"
    verbose_name = "Operations"
