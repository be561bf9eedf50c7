"""Error reports to Sentry, when (and only when) `SENTRY_DSN` is set (docs/operations.md).

Nothing personal is sent: no default PII (user, IP address, cookies), and `scrub_event` drops
what the Django integration would still attach of a request: its body (form posts hold
candidates' answers and passwords), cookies, query string (signed links), and the
authorisation and CSRF headers. Each report is tagged with the request id, to find its log lines.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from outhire.lib.logs import current_request_id

# Request headers that carry credentials.
SECRET_HEADERS = {"authorization", "cookie", "x-csrftoken", "proxy-authorization"}


def scrub_event(event: dict, hint: dict | None = None) -> dict:
    """Sentry's `before_send`: the event without request data that may be personal or secret."""
    request = event.get("request")
    if isinstance(request, dict):
        for key in ("data", "cookies", "query_string", "env"):
            request.pop(key, None)
        headers = request.get("headers")
        if isinstance(headers, dict):
            request["headers"] = {
                name: value for name, value in headers.items() if name.lower() not in SECRET_HEADERS
            }
        if isinstance(request.get("url"), str):
            request["url"] = request["url"].split("?", 1)[0]
    event.pop("user", None)
    request_id = current_request_id()
    if request_id:
        event.setdefault("tags", {})["request_id"] = request_id
    return event


def sentry_init(*, dsn: str, environment: str, release: str, traces_sample_rate: float) -> bool:
    """Start the Sentry SDK with the Django and Celery integrations; False without a DSN."""
    if not dsn:
        return False
    try:
        import sentry_sdk
        from sentry_sdk.integrations.celery import CeleryIntegration
        from sentry_sdk.integrations.django import DjangoIntegration
    except ImportError as error:
        raise ImproperlyConfigured(
            "SENTRY_DSN is set but sentry-sdk is not installed: pip install 'outhire[sentry]'"
        ) from error
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        # Local variables of a frame may be a candidate's record.
        include_local_variables=False,
        max_request_body_size="never",
        before_send=scrub_event,
        traces_sample_rate=traces_sample_rate,
    )
    return True
