from __future__ import annotations

from django.apps import AppConfig


class EngagementsConfig(AppConfig):
    name = "outhire.engagements"
    label = "engagements"
    verbose_name = "Engagements"

    def ready(self) -> None:
        from outhire.engagements.costs import on_hire_created
        from outhire.offers.signals import hire_created

        # The provider's fee for each hire becomes a cost entry (see docs/costs.md).
        hire_created.connect(on_hire_created, dispatch_uid="engagements.hire_fee")
