from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class ApprovalsConfig(AppConfig):
    """The approval chain shared by requisitions and offers: abstract models, no tables."""

    name = "outhire.approvals"
    label = "approvals"
    verbose_name = gettext_lazy("Approval chains")
