from __future__ import annotations

app_name = "offers"

urlpatterns: list = []
