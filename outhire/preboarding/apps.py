from __future__ import annotations

from django.apps import AppConfig


class PreboardingConfig(AppConfig):
    name = "outhire.preboarding"
    label = "preboarding"
    verbose_name = "Pre-boarding"

    def ready(self) -> None:
        from outhire.offers.models import Hire
        from outhire.offers.signals import HANDOFF_SECTIONS, hire_making
        from outhire.preboarding import services

        hire_making.connect(_make_checklist, sender=Hire, dispatch_uid="preboarding.checklist")
        HANDOFF_SECTIONS["preboarding"] = services.summary_of_hire


def _make_checklist(sender, hire, **kwargs) -> None:
    from outhire.preboarding.services import checklist_create

    checklist_create(hire=hire)
