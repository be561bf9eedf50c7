from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class CandidatesConfig(AppConfig):
    name = "outhire.candidates"
    label = "candidates"
    verbose_name = gettext_lazy("Candidates")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        post_migrate.connect(_ensure_search_schema, sender=self)


def _ensure_search_schema(sender, using: str = "default", **kwargs) -> None:
    from django.db import connections

    from outhire.candidates.search import ensure_search_schema

    ensure_search_schema(connections[using])
