from __future__ import annotations

from django.apps import AppConfig


class PipelineConfig(AppConfig):
    name = "outhire.pipeline"
    label = "pipeline"
    verbose_name = "Pipeline"

    def ready(self) -> None:
        from outhire.accounts.signals import client_created
        from outhire.pipeline.communication.defaults import _on_client_created

        # Every new client starts with the standard candidate e-mails (defaults.py).
        client_created.connect(_on_client_created, dispatch_uid="pipeline-standard-templates")
