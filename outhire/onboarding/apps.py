from __future__ import annotations

from django.apps import AppConfig


class OnboardingConfig(AppConfig):
    name = "outhire.onboarding"
    label = "onboarding"
    verbose_name = "Onboarding"
