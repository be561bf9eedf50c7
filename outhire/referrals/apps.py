from __future__ import annotations

from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "outhire.referrals"
    label = "referrals"
    verbose_name = "Referrals"
