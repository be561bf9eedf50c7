"""The new-interview form takes the plan's values and the job's time zone at once."""

from __future__ import annotations

import pytest
from django.urls import reverse

from outhire.interviews import services
from outhire.interviews.models import Availability
from outhire.requisitions.models import Requisition
from outhire.testing import login


@pytest.fixture
def plan(requisition, rita, ivy):
    return services.plan_save(
        requisition=requisition,
        fields={
            "stage": requisition.stages.get(kind="interview"),
            "name": "Panel with the team",
            "kind": "panel",
            "duration_minutes": 90,
            "location": "Berlin office, room 4",
            "video_url": "https://meet.example.test/panel",
        },
        interviewers=[ivy],
        competencies=[],
        by=rita,
    )


def test_choosing_a_plan_fills_the_form_and_the_zone_is_the_jobs(
    client, rita, ivy, plan, submitted_application, requisition
):
    Requisition.objects.filter(pk=requisition.pk).update(time_zone="Europe/Berlin")
    Availability.objects.create(user=rita, time_zone="America/New_York")
    application = submitted_application()
    url = reverse("interviews:application_interviews", args=[application.pk])
    login(client, rita)
    blank = client.get(url)
    assert blank.context["form"]["time_zone"].value() == "Europe/Berlin"
    assert 'hx-get="' in blank.content.decode() and "Fill in from the plan" in (
        blank.content.decode()
    )
    page = client.get(url, {"plan": plan.pk})
    form = page.context["form"]
    assert form["title"].value() == "Panel with the team"
    assert form["kind"].value() == "panel" and form["duration_minutes"].value() == 90
    assert form["interviewers"].value() == [ivy.pk]
    assert form["location"].value() == "Berlin office, room 4"
    assert form["video_url"].value() == "https://meet.example.test/panel"
    assert form["time_zone"].value() == "Europe/Berlin"
    html = page.content.decode()
    assert 'value="Panel with the team"' in html and 'value="panel" selected' in html
    assert "Times are in the job's zone, Europe/Berlin" in html


def test_without_a_job_zone_it_is_the_coordinators_own(
    client, rita, submitted_application, requisition
):
    Availability.objects.create(user=rita, time_zone="America/New_York")
    login(client, rita)
    application = submitted_application()
    page = client.get(reverse("interviews:application_interviews", args=[application.pk]))
    assert page.context["form"]["time_zone"].value() == "America/New_York"


def test_what_the_filled_form_holds_is_what_is_created(
    client, rita, ivy, plan, submitted_application
):
    application = submitted_application()
    url = reverse("interviews:application_interviews", args=[application.pk])
    login(client, rita)
    response = client.post(
        url,
        {
            "plan": plan.pk,
            "from_plan": plan.pk,
            "title": "Panel with the team",
            "kind": "onsite",  # changed after the plan filled it in
            "duration_minutes": 60,
            "interviewers": [ivy.pk],
            "time_zone": "Europe/Berlin",
            "location": "Berlin office, room 4",
        },
    )
    assert response.status_code == 302
    interview = application.interviews.get()
    assert interview.kind == "onsite" and interview.duration_minutes == 60
    assert interview.time_zone == "Europe/Berlin" and interview.plan == plan
    assert interview.video_url == plan.video_url  # left empty: the plan's


def test_a_plan_of_another_requisition_is_refused(client, rita, plan, submitted_application):
    application = submitted_application()
    url = reverse("interviews:application_interviews", args=[application.pk])
    login(client, rita)
    page = client.get(url, {"plan": 10**9})
    assert page.status_code == 200
    assert "Select a valid choice" in page.content.decode()
    assert page.context["form"]["title"].value() in (None, "")


def test_the_job_zone_is_checked(client, rita, acme):
    login(client, rita)
    response = client.post(
        reverse("requisitions:requisition_create"),
        {
            "client": acme.pk,
            "title": "Welder",
            "remote_policy": "on_site",
            "employment_type": "permanent",
            "salary_currency": "EUR",
            "openings": 1,
            "priority": "normal",
            "time_zone": "Mars/Olympus_Mons",
        },
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Requisition.objects.exists()
