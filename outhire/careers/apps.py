from __future__ import annotations

from django.apps import AppConfig


class CareersConfig(AppConfig):
    name = "outhire.careers"
    label = "careers"
    verbose_name = "Careers"

    def ready(self) -> None:
        from outhire.careers import invalidation

        invalidation.connect()
