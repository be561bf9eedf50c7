from __future__ import annotations

from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "outhire.screening"
    label = "screening"
    verbose_name = "Screening"

    def ready(self) -> None:
        from outhire.screening import signals  # noqa: F401 (connects the receivers)
