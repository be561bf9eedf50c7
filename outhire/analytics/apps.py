from __future__ import annotations

from functools import partial

from django.apps import AppConfig
from django.db import transaction


def _stage_event_saved(sender, instance, created, **kwargs) -> None:
    """Candidate surveys and manager ratings follow stage events, once they are committed."""
    if created and not kwargs.get("raw"):
        from outhire.analytics.surveys import on_stage_event

        transaction.on_commit(partial(on_stage_event, instance.pk), robust=True)


class AnalyticsConfig(AppConfig):
    name = "outhire.analytics"
    label = "analytics"
    verbose_name = "Analytics"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from outhire.pipeline.models import StageEvent

        post_save.connect(_stage_event_saved, sender=StageEvent, dispatch_uid="analytics-surveys")

        from outhire.analytics.sla_terms import on_sla_term_measure
        from outhire.engagements.signals import sla_term_measure

        sla_term_measure.connect(on_sla_term_measure, dispatch_uid="analytics-sla-terms")
