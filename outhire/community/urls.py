from __future__ import annotations

app_name = "community"

urlpatterns: list = []
