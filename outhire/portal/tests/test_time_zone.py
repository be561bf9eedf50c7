"""The candidate's own time zone in the portal: chosen with the contact details, then the
interviews on the portal's pages are shown in it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.urls import reverse

from outhire.interviews.models import Interview

AT = datetime(2027, 1, 11, 14, 0, tzinfo=UTC)


def _details(**changes) -> dict:
    return {
        "action": "details",
        "phone": "+44 20 7946 0958",
        "location": "London",
        "address": "",
        "time_zone": "",
        **changes,
    }


def test_the_candidate_chooses_a_zone_with_their_details(signed_in, ada):
    url = reverse("portal:details")
    page = signed_in.get(url).content.decode()
    assert '<optgroup label="Europe">' in page and "Each interview&#x27;s own" in page
    response = signed_in.post(url, _details(time_zone="America/New_York"))
    assert response.status_code == 302
    ada.refresh_from_db()
    assert ada.time_zone == "America/New_York" and ada.location == "London"

    bad = signed_in.post(url, _details(time_zone="Moon/Tranquility"))
    assert bad.status_code == 400
    ada.refresh_from_db()
    assert ada.time_zone == "America/New_York"


def test_the_portal_shows_interviews_in_the_candidates_zone(signed_in, ada, make_interview):
    interview = make_interview(send=False)
    Interview.objects.filter(pk=interview.pk).update(
        starts_at=AT,
        ends_at=AT + timedelta(minutes=45),
        status=Interview.Status.SCHEDULED,
        time_zone="Europe/London",
    )
    home = signed_in.get(reverse("portal:home")).content.decode()
    assert "Monday, 11 January 2027, 14:00 GMT</strong> (Europe/London)" in home
    ada.time_zone = "America/New_York"
    ada.save()
    home = signed_in.get(reverse("portal:home")).content.decode()
    assert "Monday, 11 January 2027, 09:00 EST</strong> (America/New_York)" in home
