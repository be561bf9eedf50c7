"""The operator's endpoints: liveness, readiness and metrics (docs/operations.md).

None of them reads a client's rows or anyone's session: a load balancer, systemd or Prometheus
calls them without signing in.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from outhire.ops.readiness import readiness


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """The process is up and answering. No database: a slow database must not get every web
    worker restarted by a liveness probe (that is what `/readyz` is for)."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


@never_cache
@require_safe
def readyz(request: HttpRequest) -> HttpResponse:
    """200 when the database, the cache, the broker and the file storage all answer; else 503
    naming the check that failed."""
    ready, checks = readiness()
    return JsonResponse(
        {"status": "ok" if ready else "fail", "checks": checks}, status=200 if ready else 503
    )
