from __future__ import annotations

from outhire.careers.apply_urls import urlpatterns as apply_urlpatterns

app_name = "careers"

urlpatterns: list = [
    *apply_urlpatterns,
]
