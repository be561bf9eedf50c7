"""Times of interviews in each person's own zone: staff pages in the user's, the booking page
and the e-mails in the candidate's; the calendar invitation stays in UTC for everyone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from django.core import mail
from django.urls import reverse

from outhire.interviews import mail as interview_mail
from outhire.interviews import services
from outhire.interviews.models import Interview
from outhire.interviews.tests.test_scheduling import calendars_of, only_event
from outhire.testing import login

# 14:00 UTC on a Monday in winter: 09:00 EST in New York, 14:00 GMT in London, 23:00 in Tokyo.
AT = datetime(2027, 1, 11, 14, 0, tzinfo=UTC)


def _booked_at(interview: Interview, start: datetime = AT) -> Interview:
    Interview.objects.filter(pk=interview.pk).update(
        starts_at=start, ends_at=start + timedelta(minutes=60), status=Interview.Status.SCHEDULED
    )
    interview.refresh_from_db()
    return interview


def test_a_user_in_new_york_sees_14_utc_as_9_est(client, interview, rita):
    _booked_at(interview)
    rita.time_zone = "America/New_York"
    rita.save()
    login(client, rita)
    listed = client.get(reverse("interviews:interview_list")).content.decode()
    assert "11 Jan 2027, 09:00 EST" in listed
    assert "14:00" not in listed
    detail = client.get(reverse("interviews:interview_detail", args=[interview.pk]))
    text = detail.content.decode()
    assert "Monday, 11 January 2027, 09:00 to 10:00 EST (America/New_York)" in text

    # Without a zone of their own, the same page is in the site's (UTC in tests).
    rita.time_zone = ""
    rita.save()
    listed = client.get(reverse("interviews:interview_list")).content.decode()
    assert "11 Jan 2027, 14:00 UTC" in listed


def test_the_booking_page_is_in_the_candidates_zone(client, interview):
    _booked_at(interview)
    url = reverse("interviews:schedule", args=[services.link_token(interview)])
    # Not chosen yet: the interview's zone, and the page asks the browser for the candidate's.
    first = client.get(url).content.decode()
    assert "Monday, 11 January 2027, 14:00 to 15:00 GMT</strong> (Europe/London)" in first
    assert "data-guess-zone" in first and "interviews/zone.js" in first

    candidate = interview.application.candidate
    candidate.time_zone = "America/New_York"
    candidate.save()
    page = client.get(url).content.decode()
    assert "Monday, 11 January 2027, 09:00 to 10:00 EST</strong> (America/New_York)" in page
    assert '<option value="America/New_York" selected>' in page
    assert "data-guess-zone" not in page
    # Asking for another zone shows that one, without changing the candidate's.
    tokyo = client.get(url, {"tz": "Asia/Tokyo"}).content.decode()
    assert "Monday, 11 January 2027, 23:00 to 00:00 JST</strong> (Asia/Tokyo)" in tokyo
    candidate.refresh_from_db()
    assert candidate.time_zone == "America/New_York"


def test_booking_in_a_chosen_zone_remembers_it_and_the_email_uses_it(client, interview, commit):
    candidate = interview.application.candidate
    url = reverse("interviews:schedule", args=[services.link_token(interview)])
    start = services.available_slots(interview)[0]
    with commit(execute=True):
        response = client.post(url, {"slot": start.isoformat(), "tz": "America/New_York"})
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.time_zone == "America/New_York"
    [to_candidate] = [m for m in mail.outbox if m.to == ["ada@example.test"]]
    local = start.astimezone(ZoneInfo("America/New_York"))
    assert f"{local:%H:%M} to " in to_candidate.body
    assert f"{local.tzname()} (America/New_York)" in to_candidate.body


def test_booking_in_the_interviews_own_zone_does_not_set_one(client, interview, commit):
    url = reverse("interviews:schedule", args=[services.link_token(interview)])
    start = services.available_slots(interview)[0]
    with commit(execute=True):
        client.post(url, {"slot": start.isoformat(), "tz": "Europe/London"})
    candidate = interview.application.candidate
    candidate.refresh_from_db()
    assert candidate.time_zone == ""


def test_each_email_is_in_its_readers_zone_and_the_invitation_in_utc(interview, ivy, hank):
    _booked_at(interview)
    candidate = interview.application.candidate
    candidate.time_zone = "America/New_York"
    candidate.save()
    ivy.time_zone = "Asia/Tokyo"
    ivy.save()
    assert interview_mail.send_invitations(interview) == 3
    by_reader = {m.to[0]: m for m in mail.outbox}
    assert "Monday, 11 January 2027, 09:00 to 10:00 EST (America/New_York)" in (
        by_reader["ada@example.test"].body
    )
    assert "Monday, 11 January 2027, 23:00 to 00:00 JST (Asia/Tokyo)" in (
        by_reader["ivy@acme.test"].body
    )
    # Hank chose no zone: his working hours' zone, else the interview's.
    assert "14:00 to 15:00 GMT (Europe/London)" in by_reader["hank@acme.test"].body
    for message in mail.outbox:
        [(_, calendar)] = calendars_of(message)
        event = only_event(calendar)
        assert event.decoded("dtstart") == AT
        assert event["dtstart"].to_ical() == b"20270111T140000Z"
