"""Prometheus metrics: requests by view, tasks by name, the SLA clock, the queues' depth.

Labels are names the code gives (a view's `namespace:url_name`, a task's registered name, a
status class), never a path, an id or anything a person typed, so no label holds personal data
and their number stays bounded.

Several processes (gunicorn's workers, Celery's pool) each count their own: with
`PROMETHEUS_MULTIPROC_DIR` set in their environment (the same directory for the web service and
the worker on a host), prometheus_client writes the values to files there and `/metrics` adds up
every process's (docs/operations.md). Without it, `/metrics` shows this process's only, which is
right for `runserver` and the tests.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterator

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

logger = logging.getLogger(__name__)

SLA_CLOCK_TASK = "outhire.analytics.tasks.check_sla_clocks"
METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
# A request no URL pattern matched (a 404, or a redirect made before the URL was resolved).
UNRESOLVED = "<unresolved>"

REQUEST_LATENCY = Histogram(
    "outhire_http_request_duration_seconds",
    "Time from the request reaching Django to the response, by view, method and status class.",
    ["view", "method", "status"],
)
TASK_LATENCY = Histogram(
    "outhire_task_duration_seconds",
    "Time a Celery task ran, by task name and outcome (SUCCESS, FAILURE, RETRY...).",
    ["task", "state"],
    buckets=(0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, float("inf")),
)
TASK_FAILURES = Counter(
    "outhire_task_failures_total", "Celery tasks that raised, by task name.", ["task"]
)
SLA_CLOCK_RUNS = Counter(
    "outhire_sla_clock_runs_total",
    "Runs of the SLA clock (analytics/sla.py, hourly), by outcome.",
    ["outcome"],
)
SLA_CLOCK_LAST_RUN = Gauge(
    "outhire_sla_clock_last_success_timestamp_seconds",
    "When the SLA clock last finished without error (Unix time): alert when it grows old.",
    multiprocess_mode="max",
)


def view_label(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    return match.view_name if match is not None and match.view_name else UNRESOLVED


class RequestMetricsMiddleware:
    """Times every request; near the top of MIDDLEWARE so the middleware's own work counts."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        method = request.method if request.method in METHODS else "other"
        REQUEST_LATENCY.labels(
            view=view_label(request), method=method, status=f"{response.status_code // 100}xx"
        ).observe(time.perf_counter() - started)
        return response


# --- Tasks (measured by outhire/ops/signals.py) ---------------------------------------------


def task_finished(task_name: str, state: str, seconds: float) -> None:
    TASK_LATENCY.labels(task=task_name, state=state).observe(seconds)
    if state == "FAILURE":
        TASK_FAILURES.labels(task=task_name).inc()
    if task_name == SLA_CLOCK_TASK:
        SLA_CLOCK_RUNS.labels(outcome="success" if state == "SUCCESS" else "failure").inc()
        if state == "SUCCESS":
            SLA_CLOCK_LAST_RUN.set_to_current_time()


# --- The queues, read when Prometheus scrapes -----------------------------------------------


def queue_names() -> list[str]:
    from outhire.celery import app

    names = {app.conf.task_default_queue}
    names.update(queue.name for queue in app.conf.task_queues or ())
    return sorted(names)


def redis_queue_keys(queue: str) -> list[str]:
    """The Redis lists that hold `queue`'s messages: kombu keeps one list per priority step
    beside the plain one (`celery`, `celery\\x06\\x163`, ...)."""
    from outhire.celery import app

    options = app.conf.broker_transport_options or {}
    steps = options.get("priority_steps", [0, 3, 6, 9])
    separator = options.get("sep", "\x06\x16")
    return [queue] + [f"{queue}{separator}{step}" for step in steps if step]


class QueueDepthCollector:
    """`outhire_celery_queue_length{queue}`: messages waiting in the Redis broker, read at each
    scrape (within a second, or the metric is left out of that scrape)."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        url = settings.CELERY_BROKER_URL
        if not url.startswith(("redis://", "rediss://", "unix://")):
            return
        import redis

        family = GaugeMetricFamily(
            "outhire_celery_queue_length", "Celery messages waiting in a queue.", labels=["queue"]
        )
        try:
            client = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
            try:
                for queue in queue_names():
                    depth = sum(client.llen(key) for key in redis_queue_keys(queue))
                    family.add_metric([queue], depth)
            finally:
                client.close()
        except redis.RedisError as error:
            logger.warning("queue depth not read: %s", type(error).__name__)
            return
        yield family


def render() -> bytes:
    """The text exposition of every metric: all processes' when multiprocess mode is on."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    live = CollectorRegistry()
    live.register(QueueDepthCollector())
    return generate_latest(registry) + generate_latest(live)
