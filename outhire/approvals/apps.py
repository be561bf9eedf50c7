from __future__ import annotations

from django.apps import AppConfig


class ApprovalsConfig(AppConfig):
    """The approval chain shared by requisitions and offers: abstract models, no tables."""

    name = "outhire.approvals"
    label = "approvals"
    verbose_name = "Approval chains"
