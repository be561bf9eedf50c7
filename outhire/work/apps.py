from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class WorkConfig(AppConfig):
    name = "outhire.work"
    label = "work"
    verbose_name = gettext_lazy("My work")
