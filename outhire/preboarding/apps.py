from __future__ import annotations

from django.apps import AppConfig


class PreboardingConfig(AppConfig):
    name = "outhire.preboarding"
    label = "preboarding"
    verbose_name = "Pre-boarding"
