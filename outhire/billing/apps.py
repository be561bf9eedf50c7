from __future__ import annotations

from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "outhire.billing"
    label = "billing"
    verbose_name = "Invoices"

    def ready(self) -> None:
        from outhire.billing.guarantee import on_hire_left
        from outhire.offers.signals import hire_left

        hire_left.connect(on_hire_left, dispatch_uid="billing.guarantee_claim")
