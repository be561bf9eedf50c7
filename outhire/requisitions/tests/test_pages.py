from __future__ import annotations

from django.urls import reverse

from outhire.candidates.services import candidate_create
from outhire.pipeline.services import application_create
from outhire.requisitions import services
from outhire.requisitions.models import Requisition, RequisitionEvent
from outhire.testing import login


def _detail(requisition) -> str:
    return reverse("requisitions:requisition_detail", args=[requisition.pk])


def _edit_data(requisition, **changes) -> dict:
    data = {
        "title": requisition.title,
        "department": requisition.department,
        "location": requisition.location,
        "remote_policy": requisition.remote_policy,
        "employment_type": requisition.employment_type,
        "salary_currency": requisition.salary_currency,
        "openings": requisition.openings,
        "priority": requisition.priority,
        "hiring_manager": requisition.hiring_manager_id or "",
        "version": requisition.version,
    }
    data.update(changes)
    return data


def test_it_lists_the_requisitions_of_visible_clients(client, rita, make_requisition, acme, globex):
    make_requisition(acme, "Welder")
    make_requisition(globex, "Nurse", by=None)
    login(client, rita)
    response = client.get(reverse("requisitions:requisition_list"))
    assert response.status_code == 200
    assert b"Welder" in response.content and b"Nurse" not in response.content


def test_it_filters_the_list(client, rita, make_requisition, acme):
    make_requisition(acme, "Welder", priority="high")
    mine = make_requisition(acme, "Painter")
    mine.recruiters.set([rita])
    login(client, rita)
    url = reverse("requisitions:requisition_list")
    body = client.get(url, {"priority": "high"}).content
    assert b"Welder" in body and b"Painter" not in body
    body = client.get(url, {"mine": "on"}).content
    assert b"Painter" in body and b"Welder" not in body
    body = client.get(url, {"recruiter": rita.pk}).content
    assert b"Painter" in body and b"Welder" not in body
    body = client.get(url, {"status": "open"}).content
    assert b"Painter" not in body and b"Welder" not in body


def test_the_list_counts_active_applications_in_a_constant_number_of_queries(
    client, rita, make_requisition, acme, django_assert_max_num_queries
):
    def add_open(title: str, candidates: int):
        requisition = make_requisition(acme, title)
        requisition.recruiters.set([rita])
        services.requisition_submit(requisition=requisition, by=rita)
        for n in range(candidates):
            person = candidate_create(by=rita, first_name=f"{title}{n}")
            application_create(requisition=requisition, candidate=person, by=rita)
        return requisition

    add_open("Welder", 3)
    login(client, rita)
    url = reverse("requisitions:requisition_list")
    client.get(url)  # warm up the session and access caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        response = client.get(url)
    assert "<td>3</td>" in response.content.decode()
    for n in range(5):
        add_open(f"Painter{n}", 2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("<td>2</td>") >= 5


def test_it_creates_a_requisition_for_a_chosen_client(client, rita, acme, hank):
    login(client, rita)
    response = client.post(
        reverse("requisitions:requisition_create"),
        {
            "client": acme.pk,
            "title": "Robot Tamer",
            "remote_policy": "hybrid",
            "employment_type": "permanent",
            "salary_min": "50000",
            "salary_max": "60000",
            "salary_currency": "eur",
            "openings": 2,
            "priority": "high",
            "hiring_manager": hank.pk,
            "recruiters": [rita.pk],
            "must_have_skills": "Python, ROS",
        },
    )
    requisition = Requisition.objects.get()
    assert response.status_code == 302 and response["Location"] == _detail(requisition)
    assert requisition.client == acme and requisition.salary_currency == "EUR"
    assert requisition.must_have_skills == ["Python", "ROS"]
    assert list(requisition.recruiters.all()) == [rita]


def test_an_invalid_creation_is_refused_with_errors_next_to_fields(client, rita, acme, gina):
    login(client, rita)
    response = client.post(
        reverse("requisitions:requisition_create"),
        {
            "client": acme.pk,
            "title": "",
            "salary_min": "60000",
            "salary_max": "50000",
            "openings": 1,
            "priority": "normal",
            "remote_policy": "on_site",
            "employment_type": "permanent",
            "salary_currency": "EUR",
            "hiring_manager": gina.pk,
        },
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert "title" in form.errors and "hiring_manager" in form.errors
    assert not Requisition.objects.exists()


def test_the_detail_shows_history_and_the_allowed_buttons(client, rita, draft):
    login(client, rita)
    body = client.get(_detail(draft)).content.decode()
    assert "Welder" in body and "Submit for approval" in body and "Cancel the requisition" in body
    assert "Put on hold" not in body
    assert f"/requisitions/{draft.pk}/board/" in body


def test_transitions_need_a_reason_and_leave_history(client, rita, draft):
    login(client, rita)
    client.post(reverse("requisitions:requisition_submit", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == "open"  # no approval chain
    response = client.post(
        reverse("requisitions:requisition_hold", args=[draft.pk]), {"reason": ""}
    )
    assert response.status_code == 400 and "Say why" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "open"
    client.post(reverse("requisitions:requisition_hold", args=[draft.pk]), {"reason": "Freeze"})
    client.post(reverse("requisitions:requisition_resume", args=[draft.pk]))
    client.post(reverse("requisitions:requisition_cancel", args=[draft.pk]), {"reason": "Merged"})
    draft.refresh_from_db()
    assert draft.status == "cancelled"
    events = list(
        RequisitionEvent.objects.filter(requisition=draft).values_list("to_status", "reason")
    )
    assert ("on_hold", "Freeze") in events and ("cancelled", "Merged") in events
    body = client.get(_detail(draft)).content.decode()
    assert "Freeze" in body and "On hold" in body and "Merged" in body


def test_a_bad_transition_shows_a_message(client, rita, draft):
    login(client, rita)
    response = client.post(reverse("requisitions:requisition_resume", args=[draft.pk]), follow=True)
    assert "cannot become open" in response.content.decode()
    response = client.post(
        reverse("requisitions:requisition_hold", args=[draft.pk]), {"reason": "x"}, follow=True
    )
    assert "cannot become on hold" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_it_edits_a_requisition(client, rita, draft):
    login(client, rita)
    url = reverse("requisitions:requisition_edit", args=[draft.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _edit_data(draft, title="Senior Welder"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Senior Welder" and draft.version == 2


def test_a_stale_edit_keeps_the_input_and_shows_the_current_values(client, rita, draft):
    login(client, rita)
    url = reverse("requisitions:requisition_edit", args=[draft.pk])
    seen = _edit_data(draft)
    services.requisition_update(requisition=draft, fields={"title": "Lead Welder"}, by=rita)
    response = client.post(url, {**seen, "title": "Junior Welder"})
    assert response.status_code == 409
    body = response.content.decode()
    assert "Someone else changed this" in body and "Lead Welder" in body
    assert 'value="Junior Welder"' in body
    assert f'name="version" value="{draft.version}"' in body  # refreshed: now 2
    draft.refresh_from_db()
    assert draft.title == "Lead Welder"
    # Saving again with the version now shown keeps this person's input.
    response = client.post(url, {**seen, "title": "Junior Welder", "version": draft.version})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Junior Welder"


def test_client_roles_cannot_hold_or_cancel_and_interviewers_cannot_edit(client, hank, ivy, draft):
    login(client, ivy)
    assert client.get(reverse("requisitions:requisition_edit", args=[draft.pk])).status_code == 403
    assert (
        client.post(reverse("requisitions:requisition_submit", args=[draft.pk])).status_code == 403
    )
    login(client, hank)
    response = client.post(
        reverse("requisitions:requisition_cancel", args=[draft.pk]), {"reason": "x"}
    )
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_an_outsider_gets_404_everywhere(client, gina, sam, draft):
    for user in (gina, sam):
        login(client, user)
        for name in ("requisition_detail", "requisition_edit", "stage_list"):
            assert client.get(reverse(f"requisitions:{name}", args=[draft.pk])).status_code == 404
        for name in ("requisition_submit", "requisition_cancel", "requisition_approve"):
            url = reverse(f"requisitions:{name}", args=[draft.pk])
            assert client.post(url, {"reason": "x"}).status_code == 404
        assert b"Welder" not in client.get(reverse("requisitions:requisition_list")).content
