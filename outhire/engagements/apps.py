from __future__ import annotations

from django.apps import AppConfig


class EngagementsConfig(AppConfig):
    name = "outhire.engagements"
    label = "engagements"
    verbose_name = "Engagements"
