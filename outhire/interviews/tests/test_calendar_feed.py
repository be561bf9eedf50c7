"""Busy times from a calendar link, fetched by the Celery task from a real local HTTP server."""

from __future__ import annotations

import socket
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

from outhire.interviews import remote, services, tasks
from outhire.interviews.models import Availability, BusyTime


def _feed() -> bytes:
    start = timezone.now() + timedelta(days=2)
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//T//EN\r\nBEGIN:VEVENT\r\nUID:a@t\r\n"
        f"DTSTAMP:20260101T000000Z\r\nDTSTART:{start:%Y%m%dT100000Z}\r\n"
        f"DTEND:{start:%Y%m%dT113000Z}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()


class Handler(BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, bytes]] = {}
    hosts: list[str] = []

    def do_GET(self):  # noqa: N802 (the stdlib's name)
        self.hosts.append(self.headers["Host"])
        if self.path == "/drip.ics":
            # A byte at a time, each well within the per-read timeout: only a total limit ends it.
            self.send_response(200)
            self.send_header("Content-Length", "100000")
            self.end_headers()
            for _ in range(200):
                try:
                    self.wfile.write(b"X")
                    self.wfile.flush()
                except OSError:
                    return
                time.sleep(0.05)
            return
        status, body = self.routes.get(self.path, (404, b"missing"))
        self.send_response(status)
        if status == 302:
            self.send_header("Location", "http://127.0.0.1:1/elsewhere.ics")
        self.send_header("Content-Type", "text/calendar")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server(monkeypatch):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    # The test server speaks plain http on loopback; production insists on https, public hosts.
    monkeypatch.setattr(remote, "SCHEMES", frozenset({"http", "https"}))
    monkeypatch.setattr(remote, "PRIVATE_HOSTS", True)
    Handler.routes = {
        "/feed.ics": (200, _feed()),
        "/huge.ics": (200, b"X" * (tasks.FETCH_MAX_BYTES + 10)),
        "/broken.ics": (200, b"<html>not a calendar</html>"),
        "/moved.ics": (302, b""),
        "/gone.ics": (500, b"oops"),
    }
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _availability(user, url: str) -> Availability:
    availability = services.availability_of(user)
    availability.calendar_url = url
    availability.save()
    return availability


def test_the_feed_replaces_the_busy_times_from_the_link(server, ivy):
    availability = _availability(ivy, f"{server}/feed.ics")
    BusyTime.objects.create(
        user=ivy,
        starts_at=timezone.now(),
        ends_at=timezone.now() + timedelta(hours=1),
        source="url",
    )
    manual = BusyTime.objects.create(
        user=ivy, starts_at=timezone.now(), ends_at=timezone.now() + timedelta(hours=1)
    )
    assert tasks.fetch_calendar(availability.pk) == "1 busy time(s)"
    [busy] = BusyTime.objects.filter(user=ivy, source="url")
    assert busy.ends_at - busy.starts_at == timedelta(minutes=90)
    assert BusyTime.objects.filter(pk=manual.pk).exists()
    availability.refresh_from_db()
    assert availability.calendar_error == "" and availability.calendar_fetched_at is not None


@pytest.mark.parametrize(
    ("path", "error"),
    [
        ("/huge.ics", "more than 2 MB"),
        ("/broken.ics", "Not an iCalendar file"),
        ("/moved.ics", "redirects"),
        ("/gone.ics", "HTTP 500"),
    ],
)
def test_a_bad_feed_keeps_the_busy_times_and_records_why(server, ivy, path, error):
    availability = _availability(ivy, f"{server}{path}")
    kept = BusyTime.objects.create(
        user=ivy,
        starts_at=timezone.now(),
        ends_at=timezone.now() + timedelta(hours=1),
        source="url",
    )
    assert tasks.fetch_calendar(availability.pk) == "failed"
    availability.refresh_from_db()
    assert error in availability.calendar_error
    assert BusyTime.objects.filter(pk=kept.pk).exists()


def test_a_slow_server_times_out(server, ivy, monkeypatch):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)  # accepts the connection, never answers
    monkeypatch.setattr(remote, "TIMEOUT", 0.5)
    availability = _availability(ivy, f"http://127.0.0.1:{listener.getsockname()[1]}/x.ics")
    try:
        assert tasks.fetch_calendar(availability.pk) == "failed"
    finally:
        listener.close()
    availability.refresh_from_db()
    assert "could not be reached" in availability.calendar_error


def test_private_addresses_and_plain_http_are_refused_by_default(ivy):
    for url in ("http://calendar.example/x.ics", "https://127.0.0.1/x.ics", "https://10.0.0.8/x"):
        with pytest.raises(remote.RemoteError):
            tasks.fetch(url)


def test_refresh_queues_every_linked_calendar(server, ivy, hank):
    _availability(ivy, f"{server}/feed.ics")
    services.availability_of(hank)
    assert tasks.refresh_calendars() == "1 calendar link(s) and 0 connected calendar(s) queued"
    assert BusyTime.objects.filter(user=ivy, source="url").count() == 1


def test_a_server_sending_a_byte_at_a_time_is_cut_off(server, ivy, monkeypatch):
    monkeypatch.setattr(remote, "TOTAL_SECONDS", 1)
    availability = _availability(ivy, f"{server}/drip.ics")
    started = time.monotonic()
    assert tasks.fetch_calendar(availability.pk) == "failed"
    assert time.monotonic() - started < 5
    availability.refresh_from_db()
    assert "took longer than 1 seconds" in availability.calendar_error


def test_the_address_checked_is_the_one_connected_to(server, monkeypatch):
    """The name is resolved once: a second answer (DNS rebinding) is never asked for."""
    port = server.rsplit(":", 1)[1]
    answers = []

    def resolve(host, *args, **kwargs):
        answers.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", int(port)))]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    Handler.hosts = []
    assert tasks.fetch(f"http://calendar.example:{port}/feed.ics").startswith(b"BEGIN:VCALENDAR")
    assert answers.count("calendar.example") == 1  # the connection resolves only the address
    assert Handler.hosts == [f"calendar.example:{port}"]


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.215.14", True),
        ("2606:2800:21f:cb07:6820:80da:af6b:8b2c", True),
        ("64:ff9b::93.184.215.14", True),
        ("10.0.0.8", False),
        ("169.254.169.254", False),
        ("64:ff9b::10.0.0.8", False),  # NAT64 to a private address
        ("64:ff9b:1::a00:8", False),
        ("::ffff:127.0.0.1", False),
        ("2002:a00:8::1", False),  # 6to4 of 10.0.0.8
        ("fd00::1", False),
        ("ff02::1", False),
    ],
)
def test_only_public_addresses_count_as_public(address, public):
    assert remote.is_public(address) is public


def test_a_recurring_event_that_cannot_be_expanded_is_reported(server, ivy):
    start = timezone.now() + timedelta(days=1)
    Handler.routes["/hostile.ics"] = (
        200,
        (
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:Focus\r\n"
            f"DTSTART:{start:%Y%m%dT100000Z}\r\nDURATION:PT1H\r\nEND:VEVENT\r\n"
            "BEGIN:VEVENT\r\nSUMMARY:Tick\r\nDTSTART:19000101T000000Z\r\nDURATION:PT1S\r\n"
            "RRULE:FREQ=SECONDLY;BYHOUR=9;COUNT=2000000000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        ).encode(),
    )
    availability = _availability(ivy, f"{server}/hostile.ics")
    assert tasks.fetch_calendar(availability.pk) == "1 busy time(s)"
    availability.refresh_from_db()
    assert availability.calendar_error == ""
    assert availability.calendar_warning.startswith("The recurring event “Tick” was not fully read")
