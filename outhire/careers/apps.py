from __future__ import annotations

from django.apps import AppConfig


class CareersConfig(AppConfig):
    name = "outhire.careers"
    label = "careers"
    verbose_name = "Careers"
