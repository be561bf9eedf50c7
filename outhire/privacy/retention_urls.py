"""/privacy/ routes of the retention pages."""

from __future__ import annotations

urlpatterns: list = []
