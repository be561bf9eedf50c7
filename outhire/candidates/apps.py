from __future__ import annotations

from django.apps import AppConfig


class CandidatesConfig(AppConfig):
    name = "outhire.candidates"
    label = "candidates"
    verbose_name = "Candidates"
