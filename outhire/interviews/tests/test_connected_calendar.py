"""Connected calendars against a real CalDAV server: Radicale, started in its own process on a
free loopback port with a user and a calendar. Busy times are read from it; interviews are
written into it, moved and removed; Outhire's own events are not read back as busy time."""

from __future__ import annotations

import base64
import re
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

import pytest
import requests
from django.utils import timezone
from icalendar import Calendar

from outhire.accounts.models import AuditEvent
from outhire.interviews import caldav, calendars, remote, services, tasks
from outhire.interviews.models import BusyTime, CalendarConnection, Interview
from outhire.testing import login

USER, PASSWORD = "ivy", "calendar-password-1"
MKCALENDAR = b"""<?xml version="1.0"?>
<c:mkcalendar xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:set><d:prop>
<d:displayname>Work</d:displayname></d:prop></d:set></c:mkcalendar>"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def radicale(tmp_path_factory):
    folder = tmp_path_factory.mktemp("radicale")
    (folder / "users").write_text(f"{USER}:{PASSWORD}\nother:other-password\n")
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "radicale",
            "--server-hosts",
            f"127.0.0.1:{port}",
            "--storage-filesystem-folder",
            str(folder / "collections"),
            "--auth-type",
            "htpasswd",
            "--auth-htpasswd-filename",
            str(folder / "users"),
            "--auth-htpasswd-encryption",
            "plain",
            "--rights-type",
            "owner_only",
            "--logging-level",
            "warning",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            requests.get(base, timeout=1)
            break
        except requests.ConnectionError:
            if process.poll() is not None or time.monotonic() > deadline:
                problem = process.stderr.read()[-2000:]
                raise RuntimeError(f"Radicale did not start: {problem}") from None
            time.sleep(0.2)
    auth = (USER, PASSWORD)
    # The person's calendar, as their calendar app would have made it.
    made = requests.request(
        "MKCALENDAR",
        f"{base}/{USER}/work/",
        auth=auth,
        timeout=5,
        data=MKCALENDAR,
    )
    assert made.status_code == 201, made.text
    yield base
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(autouse=True)
def _loopback_allowed(monkeypatch):
    # Radicale speaks plain http on loopback; production insists on https and public hosts.
    monkeypatch.setattr(remote, "SCHEMES", frozenset({"http", "https"}))
    monkeypatch.setattr(remote, "PRIVATE_HOSTS", True)


def _event(uid: str, start: datetime, hours: int = 1) -> bytes:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\nBEGIN:VEVENT\r\n"
        f"UID:{uid}\r\nDTSTAMP:20260101T000000Z\r\n"
        f"DTSTART:{start:%Y%m%dT%H%M%SZ}\r\n"
        f"DTEND:{start + timedelta(hours=hours):%Y%m%dT%H%M%SZ}\r\n"
        "SUMMARY:Dentist\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()


def _put_own_event(radicale: str, uid: str, start: datetime) -> None:
    answer = requests.put(
        f"{radicale}/{USER}/work/{uid}.ics",
        data=_event(uid, start),
        auth=(USER, PASSWORD),
        headers={"Content-Type": "text/calendar"},
        timeout=5,
    )
    assert answer.status_code in (201, 204), answer.text


def _stored(radicale: str, uid: str) -> Calendar | None:
    answer = requests.get(f"{radicale}/{USER}/work/{uid}.ics", auth=(USER, PASSWORD), timeout=5)
    if answer.status_code == 404:
        return None
    assert answer.status_code == 200
    return Calendar.from_ical(answer.content)


def _connect(ivy, radicale, url=None):
    return calendars.calendar_connect(
        user=ivy, server_url=url or f"{radicale}/", username=USER, password=PASSWORD
    )


@pytest.fixture(autouse=True)
def _empty_calendar(radicale):
    # The server lives for the module: each test starts from an empty calendar.
    listing = requests.request(
        "PROPFIND", f"{radicale}/{USER}/work/", auth=(USER, PASSWORD), headers={"Depth": "1"}
    )
    for href in set(re.findall(r"<href>([^<]+\.ics)</href>", listing.text)):
        requests.delete(f"{radicale}{href}", auth=(USER, PASSWORD), timeout=5)


def test_connecting_finds_the_calendar_from_the_server_address_and_reads_busy_times(ivy, radicale):
    start = (timezone.now() + timedelta(days=2)).replace(minute=0, second=0, microsecond=0)
    _put_own_event(radicale, "dentist-1", start)
    connection = _connect(ivy, radicale)
    assert connection.calendar_url == f"{radicale}/{USER}/work/"
    assert connection.calendar_name == "Work" and connection.synced_at and not connection.error
    busy = BusyTime.objects.get(user=ivy, source=BusyTime.Source.CALENDAR)
    assert (busy.starts_at, busy.ends_at) == (start, start + timedelta(hours=1))
    assert AuditEvent.objects.filter(action="calendar.connected", actor=ivy).exists()
    # What is stored is encrypted at rest, and read back whole.
    fresh = CalendarConnection.objects.get(pk=connection.pk)
    assert fresh.password == PASSWORD and fresh.username == USER


def test_the_calendars_own_address_works_too(ivy, radicale):
    connection = _connect(ivy, radicale, url=f"{radicale}/{USER}/work/")
    assert connection.calendar_url == f"{radicale}/{USER}/work/"


def test_a_wrong_password_is_told_and_nothing_is_kept(client, ivy, radicale):
    login(client, ivy)
    response = client.post(
        "/interviews/availability/calendar/",
        {"action": "connect", "server_url": f"{radicale}/", "username": USER, "password": "x"},
    )
    assert response.status_code == 400
    assert "refused the user name or password" in response.content.decode()
    assert not CalendarConnection.objects.filter(user=ivy).exists()


def test_the_page_connects_reads_again_and_disconnects(client, ivy, radicale):
    login(client, ivy)
    assert client.get("/interviews/availability/calendar/").status_code == 200
    response = client.post(
        "/interviews/availability/calendar/",
        {
            "action": "connect",
            "server_url": f"{radicale}/",
            "username": USER,
            "password": PASSWORD,
        },
    )
    assert response.status_code == 302
    page = client.get("/interviews/availability/").content.decode()
    assert "Your calendar “Work” gives your busy times" in page
    start = (timezone.now() + timedelta(days=3)).replace(minute=0, second=0, microsecond=0)
    _put_own_event(radicale, "gym-1", start)
    client.post("/interviews/availability/calendar/", {"action": "sync"})
    assert BusyTime.objects.filter(user=ivy, source="calendar").count() == 1
    # The password never comes back to the page.
    assert PASSWORD not in client.get("/interviews/availability/calendar/").content.decode()
    client.post("/interviews/availability/calendar/", {"action": "disconnect"})
    assert not CalendarConnection.objects.filter(user=ivy).exists()
    assert not BusyTime.objects.filter(user=ivy, source="calendar").exists()


def test_a_private_address_is_refused_outside_tests(monkeypatch, ivy, radicale):
    monkeypatch.setattr(remote, "PRIVATE_HOSTS", False)
    with pytest.raises(caldav.CalDAVError, match="private network"):
        _connect(ivy, radicale)
    monkeypatch.setattr(remote, "SCHEMES", frozenset({"https"}))
    with pytest.raises(caldav.CalDAVError, match="https"):
        _connect(ivy, radicale)


def test_an_interview_is_written_moved_and_removed_in_the_panels_calendar(
    ivy, rita, radicale, interview, commit
):
    _connect(ivy, radicale)
    first, *_rest, second = services.available_slots(interview)
    with commit(execute=True):
        services.interview_book(interview=interview, start=first, by=rita)
    uid = interview.ical_uid
    stored = _stored(radicale, uid)
    assert stored is not None and "METHOD" not in stored
    event = stored.walk("VEVENT")[0]
    assert event.decoded("dtstart") == first and int(event["sequence"]) == 0
    # Read back, Outhire's own event is not a busy time (the interview itself is counted).
    tasks.sync_connected_calendar(CalendarConnection.objects.get(user=ivy).pk)
    assert not BusyTime.objects.filter(user=ivy, source="calendar").exists()

    with commit(execute=True):
        services.interview_book(
            interview=Interview.objects.get(pk=interview.pk), start=second, by=rita
        )
    event = _stored(radicale, uid).walk("VEVENT")[0]
    assert event.decoded("dtstart") == second and int(event["sequence"]) == 1

    with commit(execute=True):
        services.interview_cancel(
            interview=Interview.objects.get(pk=interview.pk), by=rita, reason="Filled"
        )
    assert _stored(radicale, uid) is None
    # Removing twice (a retried task) is fine; Hank has no connected calendar.
    assert tasks.push_to_calendars(interview.pk) == "0 written, 1 removed, 0 failed"


def test_a_calendar_that_stops_answering_is_reported_on_the_page(client, ivy, radicale):
    connection = _connect(ivy, radicale)
    connection.password = "changed-elsewhere"
    connection.save()
    assert tasks.sync_connected_calendar(connection.pk) == "failed"
    connection.refresh_from_db()
    assert "refused the user name or password" in connection.error
    login(client, ivy)
    assert (
        "refused the user name or password"
        in client.get("/interviews/availability/calendar/").content.decode()
    )


def test_basic_auth_header_is_built_from_the_account():
    account = caldav.Account(url="https://x.example/", username="a", password="b:c")
    token = account.headers()["Authorization"].split()[1]
    assert base64.b64decode(token) == b"a:b:c"


def test_hostile_xml_from_a_server_is_refused():
    answer = remote.Answer(
        status=207,
        headers={},
        body=b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>',
    )
    with pytest.raises(caldav.CalDAVError, match="not readable XML"):
        caldav._multistatus(answer)


def test_the_stamp_is_utc():
    moment = datetime(2026, 7, 1, 12, 30, tzinfo=UTC)
    assert caldav._stamp(moment) == "20260701T123000Z"
