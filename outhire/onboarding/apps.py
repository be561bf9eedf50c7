from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class OnboardingConfig(AppConfig):
    name = "outhire.onboarding"
    label = "onboarding"
    verbose_name = gettext_lazy("Onboarding")
