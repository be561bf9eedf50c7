from __future__ import annotations

from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "outhire.portal"
    label = "portal"
    verbose_name = "Candidate portal"
