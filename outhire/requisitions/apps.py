from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class RequisitionsConfig(AppConfig):
    name = "outhire.requisitions"
    label = "requisitions"
    verbose_name = gettext_lazy("Requisitions")
