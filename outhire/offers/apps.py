from __future__ import annotations

from django.apps import AppConfig


class OffersConfig(AppConfig):
    name = "outhire.offers"
    label = "offers"
    verbose_name = "Offers"
