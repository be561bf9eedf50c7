from __future__ import annotations

from django.apps import AppConfig


class WorkConfig(AppConfig):
    name = "outhire.work"
    label = "work"
    verbose_name = "My work"
