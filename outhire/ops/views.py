"""The operator's endpoints: liveness, readiness and metrics (docs/operations.md).

None of them reads a client's rows or anyone's session: a load balancer, systemd or Prometheus
calls them without signing in.
"""

from __future__ import annotations

import hmac
import ipaddress

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from outhire.lib.security import client_ip
from outhire.ops import metrics as metrics_module
from outhire.ops.readiness import readiness

PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


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


@never_cache
@require_safe
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus's scrape: for `OUTHIRE_METRICS_TOKEN`'s bearer, or from an allowed address."""
    if not metrics_allowed(request):
        return HttpResponse(
            _("Metrics are served to the monitoring system only."),
            status=403,
            content_type="text/plain; charset=utf-8",
        )
    return HttpResponse(metrics_module.render(), content_type=PROMETHEUS_CONTENT_TYPE)


def metrics_allowed(request: HttpRequest) -> bool:
    token = settings.OUTHIRE_METRICS_TOKEN
    given = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return True
    if not settings.OUTHIRE_TRUSTED_PROXIES and (
        "X-Forwarded-For" in request.headers or "X-Real-IP" in request.headers
    ):
        # Through a reverse proxy whose hops are not counted, REMOTE_ADDR is the proxy's own
        # (often loopback): the caller's address is unknown, so only the token lets it in.
        return False
    try:
        address = ipaddress.ip_address(client_ip(request))
    except ValueError:
        return False
    return any(address in network for network in allowed_networks())


def allowed_networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [
        ipaddress.ip_network(entry, strict=False) for entry in settings.OUTHIRE_METRICS_ALLOWED_IPS
    ]
