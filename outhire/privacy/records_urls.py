"""/privacy/ routes of the records pages."""

from __future__ import annotations

urlpatterns: list = []
