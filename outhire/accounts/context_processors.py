from __future__ import annotations

from django.http import HttpRequest


def access(request: HttpRequest) -> dict:
    return {"access": getattr(request, "access", None)}
