from __future__ import annotations

from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "outhire.referrals"
    label = "referrals"
    verbose_name = "Referrals"

    def ready(self) -> None:
        from outhire.careers.signals import application_submitted
        from outhire.referrals.receivers import on_application_submitted

        application_submitted.connect(
            on_application_submitted, dispatch_uid="referrals.on_application_submitted"
        )
