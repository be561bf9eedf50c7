"""The staff's interviews page: open interviews, who waits for one, plans, overdue feedback."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse

from outhire.interviews import services
from outhire.interviews.models import Scorecard
from outhire.testing import login


def test_staff_see_what_needs_doing_in_constant_queries(
    client, submitted_application, rita, ivy, gina, carla, django_assert_max_num_queries
):
    for n in range(5):
        services.interview_create(
            application=submitted_application(f"Person{n}", "Doe", f"p{n}@example.test"),
            by=rita,
            interviewers=[ivy],
            fields={"title": f"Interview {n}"},
        )
    waiting = submitted_application("Wendy", "Waiting", "wendy@example.test")
    Scorecard.objects.filter(interview__title="Interview 0").update(
        due_at=waiting.moved_at - timedelta(days=3)
    )
    login(client, rita)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("interviews:interview_list")).content.decode()
    assert page.count("Person") >= 5
    assert "Wendy Waiting" in page
    assert reverse("interviews:application_interviews", args=[waiting.pk]) in page
    assert reverse("interviews:plan", args=[waiting.requisition_id]) in page
    assert "Ivy Interviewer" in page  # the overdue scorecard
    for outsider in (gina, carla):
        login(client, outsider)
        assert client.get(reverse("interviews:interview_list")).status_code == 404
