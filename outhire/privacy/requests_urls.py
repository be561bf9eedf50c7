"""/privacy/ routes of the requests pages."""

from __future__ import annotations

urlpatterns: list = []
