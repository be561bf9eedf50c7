from __future__ import annotations

from django.apps import AppConfig


class CostsConfig(AppConfig):
    name = "outhire.costs"
    label = "costs"
    verbose_name = "Recruiting costs"

    def ready(self) -> None:
        from outhire.costs.services import on_hire_created
        from outhire.offers.signals import hire_created

        # The provider's fee for each hire becomes a cost entry (see docs/costs.md).
        hire_created.connect(on_hire_created, dispatch_uid="costs.hire_fee")
