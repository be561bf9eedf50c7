"""URLs of the public apply flow, in the careers namespace (included by careers/urls.py)."""

from __future__ import annotations

urlpatterns: list = []
