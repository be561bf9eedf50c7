from __future__ import annotations

from django.apps import AppConfig


class RequisitionsConfig(AppConfig):
    name = "outhire.requisitions"
    label = "requisitions"
    verbose_name = "Requisitions"
