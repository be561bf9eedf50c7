"""/metrics (outhire/ops/metrics.py): what is measured, who may read it, several processes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.urls import reverse
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families

from outhire.celery import app as celery_app
from outhire.ops import metrics
from outhire.ops.tests.test_health import closed_port

ROOT = Path(__file__).resolve().parents[3]
BROKER = os.environ.get("CELERY_BROKER_URL", "")


def sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


@celery_app.task(name="outhire.tests.metrics_probe")
def metrics_probe(fail: bool) -> str:
    if fail:
        raise RuntimeError("the probe was asked to fail")
    return "done"


@pytest.mark.django_db
def test_requests_are_counted_by_view_name_never_by_path(client, acme):
    labels = {"view": "ops:healthz", "method": "GET", "status": "2xx"}
    before = sample("outhire_http_request_duration_seconds_count", **labels)
    client.get("/healthz")
    client.get("/healthz")
    after = sample("outhire_http_request_duration_seconds_count", **labels)
    assert after - before == 2
    # A page with an id in its path, and a path no pattern matches: neither path is a label.
    client.get(reverse("accounts:client_detail", args=[acme.pk]))
    client.get("/candidates/424242/zelda.marker@talent.test")
    body = client.get("/metrics").content.decode()
    counted = "outhire_http_request_duration_seconds_count"
    assert sample(counted, view="accounts:client_detail", method="GET", status="3xx") >= 1
    assert sample(counted, view="<unresolved>", method="GET", status="4xx") >= 1
    # Label values, not the whole body: a sample's value (a timestamp, a duration)
    # may hold the digits 424242 by chance.
    label_values = {
        value
        for family in text_string_to_metric_families(body)
        for metric_sample in family.samples
        for value in metric_sample.labels.values()
    }
    assert "zelda.marker" not in body
    assert not [value for value in label_values if "424242" in value or "/" in value]
    assert f"/{acme.pk}/" not in body


def test_a_made_up_method_is_labelled_other(rf):
    request = rf.generic("BREW", "/healthz")
    before = sample(
        "outhire_http_request_duration_seconds_count",
        view="<unresolved>",
        method="other",
        status="2xx",
    )
    metrics.RequestMetricsMiddleware(lambda request: HttpResponse("ok"))(request)
    assert (
        sample(
            "outhire_http_request_duration_seconds_count",
            view="<unresolved>",
            method="other",
            status="2xx",
        )
        == before + 1
    )


@pytest.mark.django_db
def test_metrics_are_served_to_loopback_by_default(client):
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=0.0.4")
    assert "no-cache" in response["Cache-Control"]
    assert "# TYPE outhire_http_request_duration_seconds histogram" in response.content.decode()


@pytest.mark.django_db
def test_other_addresses_are_refused(client):
    response = client.get("/metrics", REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 403
    assert b"outhire_" not in response.content


@pytest.mark.django_db
def test_an_allowed_network_is_served(client, settings):
    settings.OUTHIRE_METRICS_ALLOWED_IPS = ["10.20.0.0/16"]
    assert client.get("/metrics", REMOTE_ADDR="10.20.3.4").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 403


@pytest.mark.django_db
def test_the_bearer_token_opens_metrics_from_anywhere(client, settings):
    settings.OUTHIRE_METRICS_TOKEN = "scrape-secret-1234567890"
    far = {"REMOTE_ADDR": "203.0.113.9"}
    ok = client.get("/metrics", HTTP_AUTHORIZATION="Bearer scrape-secret-1234567890", **far)
    assert ok.status_code == 200
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong", **far).status_code == 403
    assert client.get("/metrics", **far).status_code == 403


@pytest.mark.django_db
def test_through_an_uncounted_proxy_loopback_is_not_trusted(client, settings):
    """nginx on the same host forwards everyone from 127.0.0.1: without OUTHIRE_TRUSTED_PROXIES
    the real caller is unknown, so the address does not let it in."""
    settings.OUTHIRE_TRUSTED_PROXIES = 0
    forwarded = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}
    assert client.get("/metrics", **forwarded).status_code == 403
    settings.OUTHIRE_TRUSTED_PROXIES = 1
    assert client.get("/metrics", **forwarded).status_code == 403
    forwarded["HTTP_X_FORWARDED_FOR"] = "127.0.0.1"
    assert client.get("/metrics", **forwarded).status_code == 200


def test_tasks_are_timed_and_failures_counted_by_name():
    task = "outhire.tests.metrics_probe"
    ok_before = sample("outhire_task_duration_seconds_count", task=task, state="SUCCESS")
    failed_before = sample("outhire_task_failures_total", task=task)
    metrics_probe.apply(args=[False])
    with pytest.raises(RuntimeError):
        metrics_probe.apply(args=[True])
    assert sample("outhire_task_duration_seconds_count", task=task, state="SUCCESS") == (
        ok_before + 1
    )
    assert sample("outhire_task_duration_seconds_count", task=task, state="FAILURE") >= 1
    assert sample("outhire_task_failures_total", task=task) == failed_before + 1


@pytest.mark.django_db
def test_runs_of_the_sla_clock_are_counted_with_the_time_of_the_last_success():
    from outhire.analytics.tasks import check_sla_clocks

    before = sample("outhire_sla_clock_runs_total", outcome="success")
    check_sla_clocks.apply()
    assert sample("outhire_sla_clock_runs_total", outcome="success") == before + 1
    assert sample("outhire_sla_clock_last_success_timestamp_seconds") > 1.7e9
    assert sample(
        "outhire_task_duration_seconds_count", task=metrics.SLA_CLOCK_TASK, state="SUCCESS"
    )


@pytest.mark.django_db
def test_an_unreachable_broker_leaves_the_queue_depth_out(client, settings):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{closed_port()}/4"
    response = client.get("/metrics")
    assert response.status_code == 200
    assert "outhire_celery_queue_length" not in response.content.decode()


@pytest.mark.skipif(not BROKER.startswith("redis"), reason="CELERY_BROKER_URL is not Redis")
@pytest.mark.django_db
def test_the_queue_depth_is_read_from_redis_at_each_scrape(client, settings):
    import redis

    queue = f"test-depth-{uuid.uuid4().hex[:8]}"
    keys = metrics.redis_queue_keys(queue)
    broker = redis.Redis.from_url(BROKER)
    previous = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = queue
    settings.CELERY_BROKER_URL = BROKER
    try:
        broker.lpush(keys[0], "a", "b", "c")
        broker.lpush(keys[-1], "urgent")
        body = client.get("/metrics").content.decode()
        assert f'outhire_celery_queue_length{{queue="{queue}"}} 4.0' in body
        broker.delete(*keys)
        body = client.get("/metrics").content.decode()
        assert f'outhire_celery_queue_length{{queue="{queue}"}} 0.0' in body
    finally:
        celery_app.conf.task_default_queue = previous
        broker.delete(*keys)
        broker.close()


ONE_PROCESS = """
import sys, django
django.setup()
from django.test import Client
client = Client()
if sys.argv[1] == "serve":
    for _ in range(int(sys.argv[2])):
        client.get("/healthz")
else:
    sys.stdout.write(client.get("/metrics").content.decode())
"""


def test_several_processes_add_up_in_multiprocess_mode(tmp_path):
    """As gunicorn's workers: each writes its own values, /metrics (in any of them) sums all."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "outhire.settings",
        "PYTHONPATH": str(ROOT),
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path),
        "CELERY_BROKER_URL": "",
    }

    def run(*args: str) -> str:
        return subprocess.run(
            [sys.executable, "-c", ONE_PROCESS, *args],
            env=environment,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout

    run("serve", "2")
    run("serve", "3")
    assert len(list(tmp_path.glob("*.db"))) >= 2, "each process writes its own file"
    body = run("scrape")
    count = re.search(
        r"outhire_http_request_duration_seconds_count\{"
        r'(?=[^}]*method="GET")(?=[^}]*status="2xx")(?=[^}]*view="ops:healthz")[^}]*\} ([0-9.]+)',
        body,
    )
    assert count and float(count.group(1)) == 5.0, body
