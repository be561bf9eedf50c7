from __future__ import annotations

from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    name = "outhire.interviews"
    label = "interviews"
    verbose_name = "Interviews"

    def ready(self) -> None:
        from outhire.interviews.services import on_application_closed, on_requisition_stopped
        from outhire.pipeline.signals import application_closed
        from outhire.requisitions.signals import requisition_stopped

        # A hire, rejection, withdrawal, or a requisition on hold or cancelled calls off the
        # interviews that have not started, in the same transaction.
        application_closed.connect(on_application_closed, dispatch_uid="interviews.call_off")
        requisition_stopped.connect(on_requisition_stopped, dispatch_uid="interviews.call_off")
