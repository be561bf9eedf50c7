"""Self-scheduling: the link, booking, rescheduling and cancelling, with the invitations sent."""

from __future__ import annotations

import re
import threading
from datetime import timedelta
from email.message import Message
from zoneinfo import ZoneInfo

import pytest
from django.core import mail, signing
from django.db import close_old_connections
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from outhire.accounts.tenancy import unscoped
from outhire.careers.tests.brand_checks import assert_branded
from outhire.interviews import services, tasks
from outhire.interviews.models import Availability, BusyTime, Interview, Scorecard
from outhire.interviews.tests.helpers import next_weekday
from outhire.testing import login


def calendars_of(message) -> list[tuple[str, Calendar]]:
    """(content type, parsed calendar) of each text/calendar part of an e-mail."""
    found = []
    for attachment in message.attachments:
        if isinstance(attachment, Message) and attachment.get_content_type() == "text/calendar":
            data = attachment.get_payload(decode=True)
            found.append((attachment["Content-Type"], Calendar.from_ical(data)))
    return found


def only_event(calendar: Calendar):
    [event] = [c for c in calendar.walk() if c.name == "VEVENT"]
    return event


def link_from(message) -> str:
    return re.search(r"https?://\S+/interviews/schedule/\S+/", message.body).group(0)


def path_of(link: str) -> str:
    return link.split("127.0.0.1:8000", 1)[-1]


def test_the_link_is_emailed_signed_and_names_no_person(client, interview, rita, commit):
    login(client, rita)
    with commit(execute=True):
        response = client.post(reverse("interviews:interview_send_link", args=[interview.pk]))
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.status == "proposed"
    [message] = mail.outbox
    assert message.to == ["ada@example.test"]
    link = link_from(message)
    token = link.rstrip("/").rsplit("/", 1)[-1]
    # No personal data in the URL: the signed payload holds the interview id and a nonce.
    assert "ada" not in link.lower() and "lovelace" not in link.lower()
    assert set(signing.loads(token, salt=services.LINK_SALT)) == {"i", "n"}


def test_the_candidate_books_a_slot_in_their_own_time_zone(client, interview, commit):
    token = services.link_token(interview)
    url = reverse("interviews:schedule", args=[token])
    page = client.get(url)
    text = page.content.decode()
    assert page.status_code == 200
    assert "Technical interview" in text and "Robotics Engineer" in text
    assert '<option value="Europe/London" selected>' in text  # the interview's zone by default
    tokyo = client.get(url, {"tz": "Asia/Tokyo"}).content.decode()
    assert "Times in Asia/Tokyo" in tokyo

    start = services.available_slots(interview)[0]
    # Each slot is labelled in the chosen zone, and its value is the instant in UTC.
    in_tokyo = start.astimezone(ZoneInfo("Asia/Tokyo"))
    assert f'value="{start.isoformat()}"' in tokyo
    assert f">{in_tokyo:%H:%M}</label>" in tokyo and f"{in_tokyo:%A, %-d %B %Y}" in tokyo
    with commit(execute=True):
        response = client.post(url, {"slot": start.isoformat(), "tz": "Asia/Tokyo"})
    assert response.status_code == 302 and response["Location"].endswith("?tz=Asia/Tokyo")
    interview.refresh_from_db()
    assert interview.status == "scheduled" and interview.starts_at == start
    assert interview.ends_at == start + timedelta(minutes=60)
    assert interview.sequence == 0
    due = {s.due_at for s in interview.scorecards.all()}
    assert due == {interview.ends_at + timedelta(hours=48)}
    confirmation = client.get(response["Location"]).content.decode()
    assert "Your interview is booked" in confirmation
    assert f"{in_tokyo:%H:%M}" in confirmation

    # One e-mail each to the candidate and both interviewers, each with the same invitation.
    assert sorted(m.to[0] for m in mail.outbox) == [
        "ada@example.test",
        "hank@acme.test",
        "ivy@acme.test",
    ]
    for message in mail.outbox:
        [(content_type, calendar)] = calendars_of(message)
        assert "text/calendar" in content_type and "method=REQUEST" in content_type
        assert str(calendar["method"]) == "REQUEST"
        event = only_event(calendar)
        assert str(event["uid"]) == interview.ical_uid
        assert int(event["sequence"]) == 0
        assert event.decoded("dtstart") == start and event.decoded("dtend") == interview.ends_at
        assert str(event["url"]) == "https://meet.example.test/abc"
        assert str(event["organizer"]) == "mailto:rita@provider.test"
        attendees = sorted(str(a) for a in event["attendee"])
        assert attendees == [
            "mailto:ada@example.test",
            "mailto:hank@acme.test",
            "mailto:ivy@acme.test",
        ]


def test_rescheduling_keeps_the_uid_and_raises_the_sequence_then_cancel(client, interview, commit):
    token = services.link_token(interview)
    url = reverse("interviews:schedule", args=[token])
    first, second = services.available_slots(interview)[:2]
    with commit(execute=True):
        client.post(url, {"slot": first.isoformat()})
    mail.outbox.clear()
    with commit(execute=True):
        response = client.post(url, {"slot": second.isoformat()})
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.starts_at == second and interview.sequence == 1
    assert "Your interview is moved" in client.get(response["Location"]).content.decode()
    events = [only_event(c) for m in mail.outbox for _, c in calendars_of(m)]
    assert len(events) == 3
    assert {str(e["uid"]) for e in events} == {interview.ical_uid}
    assert {int(e["sequence"]) for e in events} == {1}
    assert {e.decoded("dtstart") for e in events} == {second}

    mail.outbox.clear()
    with commit(execute=True):
        cancel = client.post(reverse("interviews:schedule_cancel", args=[token]), {"reason": "Ill"})
    assert cancel.status_code == 200 and "cancelled" in cancel.content.decode()
    interview.refresh_from_db()
    assert interview.status == "cancelled" and interview.sequence == 2
    assert interview.cancel_reason == "By the candidate: Ill"
    # The recruiter who set it up is told (interview_cancelled: right away by default); the
    # interviewers and the candidate get the calendar's cancellation.
    told = [m for m in mail.outbox if not calendars_of(m)]
    assert [m.to for m in told] == [["rita@provider.test"]]
    assert told[0].subject.startswith("Interview cancelled: “Technical interview”")
    cancellations = [m for m in mail.outbox if calendars_of(m)]
    for message in cancellations:
        [(content_type, calendar)] = calendars_of(message)
        assert "method=CANCEL" in content_type
        assert str(calendar["method"]) == "CANCEL"
        event = only_event(calendar)
        assert str(event["uid"]) == interview.ical_uid and int(event["sequence"]) == 2
        assert str(event["status"]) == "CANCELLED"
    assert len(cancellations) == 3
    # The cancellation revoked the link.
    assert client.get(url).status_code == 404


def test_forged_expired_and_revoked_links_are_404(client, interview, time_machine):
    token = services.link_token(interview)
    url = reverse("interviews:schedule", args=[token[:-2] + "xx"])
    assert client.get(url).status_code == 404
    assert client.get(reverse("interviews:schedule", args=["nonsense"])).status_code == 404
    time_machine.move_to(timezone.now() + services.LINK_MAX_AGE + timedelta(minutes=1))
    assert client.get(reverse("interviews:schedule", args=[token])).status_code == 404


def test_a_slot_not_offered_is_refused_with_a_form_error(client, interview):
    url = reverse("interviews:schedule", args=[services.link_token(interview)])
    response = client.post(url, {"slot": "2020-01-01T10:00:00+00:00"})
    assert response.status_code == 400
    assert "no longer offered" in response.content.decode()
    response = client.post(url, {"slot": "junk", "tz": "Mars/Olympus"})
    assert response.status_code == 400
    interview.refresh_from_db()
    assert interview.status == "planned"


def test_busy_times_and_other_interviews_are_not_offered(
    interview, ivy, submitted_application, rita, hank
):
    start = services.available_slots(interview)[0]
    BusyTime.objects.create(user=ivy, starts_at=start, ends_at=start + timedelta(hours=1))
    assert start not in services.available_slots(interview)
    other = services.interview_create(
        application=submitted_application("Grace", "Hopper", "grace@example.test"),
        by=rita,
        interviewers=[hank],
        fields={"title": "Chat", "duration_minutes": 30},
    )
    later = services.available_slots(other)[-1]
    services.interview_book(interview=other, start=later, by=rita)
    # Hank is now busy then (with his 10-minute buffer on each side).
    near = [s for s in services.available_slots(interview) if abs(s - later) < timedelta(hours=1)]
    assert near == []


def test_a_booked_interviewer_cannot_be_double_booked(interview, submitted_application, rita, hank):
    start = services.available_slots(interview)[0]
    services.interview_book(interview=interview, start=start, by=rita)
    other = services.interview_create(
        application=submitted_application("Grace", "Hopper", "grace@example.test"),
        by=rita,
        interviewers=[hank],
        fields={"title": "Chat", "duration_minutes": 30},
    )
    with pytest.raises(Exception, match="no longer free"):
        services.interview_book(interview=other, start=start + timedelta(minutes=30), by=rita)
    other.refresh_from_db()
    assert other.status == "planned" and other.starts_at is None


@pytest.mark.django_db(transaction=True)
def test_two_bookings_racing_for_one_slot_give_one_interview(
    submitted_application, rita, hank, django_capture_on_commit_callbacks
):
    interviews = [
        services.interview_create(
            application=submitted_application(first, "Racer", f"{first}@example.test"),
            by=rita,
            interviewers=[hank],
            fields={"title": "Chat", "duration_minutes": 45},
        )
        for first in ("Ann", "Ben")
    ]
    start = services.available_slots(interviews[0])[0]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def book(interview: Interview) -> None:
        try:
            barrier.wait()
            # A thread starts with no tenant scope; the booking page it stands for is public.
            with unscoped():
                services.interview_book(interview=interview, start=start, by=None)
            outcomes.append("booked")
        except Exception as error:  # noqa: BLE001 - recorded for the assertion
            outcomes.append(type(error).__name__)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=book, args=(i,)) for i in interviews]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes) == ["ValidationError", "booked"]
    assert Interview.objects.filter(status="scheduled", starts_at=start).count() == 1


def test_staff_book_from_the_interview_page(client, interview, rita, commit):
    login(client, rita)
    page = client.get(reverse("interviews:interview_detail", args=[interview.pk]), {"tz": "UTC"})
    assert page.status_code == 200
    start = services.available_slots(interview)[2]
    assert start.isoformat() in page.content.decode()
    with commit(execute=True):
        response = client.post(
            reverse("interviews:interview_book", args=[interview.pk]),
            {"slot": start.isoformat(), "tz": "UTC"},
        )
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.starts_at == start and len(mail.outbox) == 3


def test_reminders_go_out_once_a_day_and_an_hour_before(interview, rita, time_machine):
    # Booked without running the after-commit invitations: only reminders are counted here.
    start = next_weekday(10, days=3)
    services.interview_book(interview=interview, start=start, by=rita)
    mail.outbox.clear()
    time_machine.move_to(start - timedelta(hours=30))
    tasks.send_interview_reminders()
    assert mail.outbox == []
    time_machine.move_to(start - timedelta(hours=23))
    tasks.send_interview_reminders()
    tasks.send_interview_reminders()
    assert len(mail.outbox) == 3
    assert all("tomorrow" in m.subject for m in mail.outbox)
    time_machine.move_to(start - timedelta(minutes=50))
    tasks.send_interview_reminders()
    tasks.send_interview_reminders()
    assert len(mail.outbox) == 6
    assert all("in an hour" in m.subject for m in mail.outbox[3:])


def test_rescheduling_rearms_the_reminders(interview, rita, time_machine):
    start = next_weekday(10, days=3)
    services.interview_book(interview=interview, start=start, by=rita)
    Interview.objects.filter(pk=interview.pk).update(reminded_day_at=timezone.now())
    services.interview_book(interview=interview, start=start + timedelta(hours=2), by=rita)
    interview.refresh_from_db()
    assert interview.reminded_day_at is None and interview.sequence == 1


def test_the_sla_of_the_engagement_sets_the_feedback_due_time(interview, rita):
    from outhire.engagements.models import Engagement

    engagement = Engagement.objects.create(
        client=interview.client,
        name="RPO",
        starts_on="2026-01-01",
        fee_model="per_hire",
        sla_feedback_hours=24,
    )
    requisition = interview.application.requisition
    requisition.engagement = engagement
    requisition.save(update_fields=["engagement"])
    start = next_weekday(10, days=3)
    services.interview_book(interview=interview, start=start, by=rita)
    assert set(Scorecard.objects.values_list("due_at", flat=True)) == {
        start + timedelta(minutes=60, hours=24)
    }


def test_outsiders_never_reach_the_staff_pages(client, interview, gina, ivy):
    for user in (gina, ivy):
        login(client, user)
        for name in ("interview_detail", "interview_book", "interview_cancel"):
            url = reverse(f"interviews:{name}", args=[interview.pk])
            assert client.get(url).status_code in {404, 405}
            assert client.post(url).status_code == 404
    interview.refresh_from_db()
    assert interview.status == "planned"


def test_availability_is_saved_and_busy_times_added_in_ones_zone(client, ivy):
    login(client, ivy)
    url = reverse("interviews:availability")
    assert client.get(url).status_code == 200
    bad = client.post(
        url, {"action": "settings", "time_zone": "Nowhere", "hours": "Mon 9-5", "buffer_minutes": 5}
    )
    assert bad.status_code == 400
    response = client.post(
        url,
        {
            "action": "settings",
            "time_zone": "America/New_York",
            "hours": "Mon 08:00-12:00\nTue 08:00-12:00",
            "buffer_minutes": 15,
            "calendar_url": "",
        },
    )
    assert response.status_code == 302
    availability = Availability.objects.get(user=ivy)
    assert availability.time_zone == "America/New_York" and availability.buffer_minutes == 15
    assert availability.hours == {"0": [["08:00", "12:00"]], "1": [["08:00", "12:00"]]}
    response = client.post(
        url, {"action": "busy", "starts_at": "2026-07-01T09:00", "ends_at": "2026-07-01T10:00"}
    )
    assert response.status_code == 302
    busy = BusyTime.objects.get(user=ivy)
    assert busy.starts_at.isoformat() == "2026-07-01T13:00:00+00:00"  # 09:00 EDT
    http = client.post(
        url,
        {
            "action": "settings",
            "time_zone": "UTC",
            "hours": "Mon 08:00-12:00",
            "buffer_minutes": 0,
            "calendar_url": "http://calendar.example/feed.ics",
        },
    )
    assert http.status_code == 400 and "https" in http.content.decode()


def test_a_hostile_ics_upload_is_read_fast_and_says_what_it_left_out(client, ivy):
    """Every second from 1900 to 2100, and a rule that would be walked a second at a time."""
    import time as clock

    from django.core.files.uploadedfile import SimpleUploadedFile

    login(client, ivy)
    data = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:Every second\r\n"
        b"DTSTART:19000101T000000Z\r\nDURATION:PT1S\r\n"
        b"RRULE:FREQ=SECONDLY;UNTIL=21000101T000000Z\r\nEND:VEVENT\r\n"
        b"BEGIN:VEVENT\r\nSUMMARY:Nine o'clock seconds\r\nDTSTART:19000101T090000Z\r\n"
        b"DURATION:PT1S\r\nRRULE:FREQ=SECONDLY;BYHOUR=9;COUNT=2000000000\r\nEND:VEVENT\r\n"
        b"END:VCALENDAR\r\n"
    )
    upload = SimpleUploadedFile("cal.ics", data, content_type="text/calendar")
    started = clock.monotonic()
    response = client.post(
        reverse("interviews:availability"), {"action": "upload", "file": upload}, follow=True
    )
    assert clock.monotonic() - started < 10  # it never finished before
    page = response.content.decode()
    assert "2000 busy time(s) imported from the file." in page
    assert "Nine o&#x27;clock seconds” was not fully read" in page
    assert BusyTime.objects.filter(user=ivy, source="file").count() == 2000


def test_an_ics_file_replaces_the_busy_times_of_the_last_file(client, ivy):
    from django.core.files.uploadedfile import SimpleUploadedFile

    login(client, ivy)
    start = (timezone.now() + timedelta(days=2)).strftime("%Y%m%dT100000Z")
    end = (timezone.now() + timedelta(days=2)).strftime("%Y%m%dT110000Z")
    data = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//T//EN\r\nBEGIN:VEVENT\r\nUID:a@t\r\n"
        f"DTSTAMP:20260101T000000Z\r\nDTSTART:{start}\r\nDTEND:{end}\r\nEND:VEVENT\r\n"
        "END:VCALENDAR\r\n"
    ).encode()
    url = reverse("interviews:availability")
    for _ in range(2):
        upload = SimpleUploadedFile("cal.ics", data, content_type="text/calendar")
        assert client.post(url, {"action": "upload", "file": upload}).status_code == 302
    assert BusyTime.objects.filter(user=ivy, source="file").count() == 1
    junk = SimpleUploadedFile("cal.ics", b"not a calendar", content_type="text/calendar")
    response = client.post(url, {"action": "upload", "file": junk})
    assert response.status_code == 400 and "Not an iCalendar file" in response.content.decode()
    busy = BusyTime.objects.get(user=ivy)
    assert client.post(reverse("interviews:busy_delete", args=[busy.pk])).status_code == 302
    assert not BusyTime.objects.filter(user=ivy).exists()


def test_the_booking_page_wears_the_clients_brand(client, interview, globex):
    url = reverse("interviews:schedule", args=[services.link_token(interview)])
    html = client.get(url).content.decode()
    assert_branded(html, interview.client, not_for=globex)
    assert "<h1>Your interview with Acme Robotics</h1>" in html
    # The page after a cancellation, which revokes the link, still names the client.
    cancelled = client.post(
        reverse("interviews:schedule_cancel", args=[services.link_token(interview)])
    )
    assert_branded(cancelled.content.decode(), interview.client, not_for=globex)
