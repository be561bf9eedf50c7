from __future__ import annotations

from outhire.accounts.models import AuditEvent
from outhire.engagements.models import Intake, IntakeTemplate
from outhire.requisitions.models import Requisition
from outhire.testing import login

VALID = {
    "job_title": "Robotics engineer",
    "job_family": "specialist",
    "department": "R&D",
    "purpose": "Build the next robot arm",
    "must_have_skills": "JS\npython",
    "nice_to_have_skills": "k8s",
    "competencies": "Ownership\nCuriosity",
    "salary_min": "60000",
    "salary_max": "80000",
    "salary_currency": "EUR",
    "location": "Berlin",
    "remote_policy": "hybrid",
    "headcount": "2",
    "target_start": "2026-06-01",
    "interview_plan": "Screen, tech, panel",
    "sourcing_channels": "LinkedIn\nReferrals",
    "baseline_days_to_fill": "60",
    "baseline_cost_per_hire": "7000",
    "baseline_yearly_hires": "40",
}


def test_it_creates_an_intake_with_taxonomy_skills(client, rita, acme, hank, acme_engagement):
    login(client, rita)
    page = client.get("/intakes/new/?client=acme")
    assert page.status_code == 200
    assert page.context["form"].initial.get("engagement") == acme_engagement.pk
    response = client.post(
        "/intakes/new/?client=acme",
        {**VALID, "hiring_manager": hank.pk, "engagement": acme_engagement.pk},
    )
    intake = Intake.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/intakes/{intake.pk}/"
    assert intake.must_have_skills == ["JavaScript", "Python"]
    assert intake.nice_to_have_skills == ["Kubernetes"]
    assert intake.competencies == ["Ownership", "Curiosity"]
    assert intake.baseline_days_to_fill == 60 and intake.created_by == rita
    assert AuditEvent.objects.filter(action="intake.created", client=acme).exists()


def test_unknown_skills_are_an_error_unless_kept_as_free_text(client, rita, acme):
    login(client, rita)
    data = {**VALID, "must_have_skills": "Python, Basket weaving"}
    response = client.post("/intakes/new/?client=acme", data)
    assert response.status_code == 400
    assert "Basket weaving" in response.context["form"].errors["must_have_skills"][0]
    response = client.post(
        "/intakes/new/?client=acme", {**data, "allow_unknown_skills": "on"}, follow=True
    )
    assert Intake.objects.get().must_have_skills == ["Python", "Basket weaving"]
    assert "Kept as free text" in response.content.decode()


def test_the_hiring_manager_must_be_of_the_client(client, rita, acme, gina, carla):
    login(client, rita)
    response = client.post("/intakes/new/?client=acme", {**VALID, "hiring_manager": gina.pk})
    assert response.status_code == 400 and "hiring_manager" in response.context["form"].errors
    response = client.post("/intakes/new/?client=acme", {**VALID, "hiring_manager": carla.pk})
    assert response.status_code == 302


def test_it_edits_a_draft(client, rita, acme_intake):
    login(client, rita)
    url = f"/intakes/{acme_intake.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(url, {**VALID, "job_title": "Senior robotics engineer"})
    assert response.status_code == 302
    acme_intake.refresh_from_db()
    assert acme_intake.job_title == "Senior robotics engineer"
    assert AuditEvent.objects.get(action="intake.updated").changes["job_title"][1] == (
        "Senior robotics engineer"
    )


def test_submit_drafts_a_requisition(client, rita, acme_intake, hank):
    login(client, rita)
    response = client.post(f"/intakes/{acme_intake.pk}/submit/")
    requisition = Requisition.objects.get()
    assert response.status_code == 302
    assert response["Location"] in {
        f"/requisitions/{requisition.pk}/",
        f"/intakes/{acme_intake.pk}/",
    }
    assert requisition.status == "draft" and requisition.intake == acme_intake
    assert requisition.title == "Robotics engineer" and requisition.openings == 2
    assert requisition.hiring_manager == hank
    assert requisition.description == "Build the robots"
    assert requisition.must_have_skills == ["Python"]
    assert requisition.engagement == acme_intake.engagement
    assert list(requisition.recruiters.all()) == [rita]
    assert [c.name for c in _competencies(requisition)] == ["Ownership", "Curiosity"]
    acme_intake.refresh_from_db()
    assert acme_intake.status == "submitted" and acme_intake.submitted_at


def _competencies(requisition):
    from outhire.requisitions.models import Competency

    return Competency.objects.filter(requisition=requisition).order_by("position")


def test_submitting_twice_is_refused(client, rita, acme_intake):
    login(client, rita)
    client.post(f"/intakes/{acme_intake.pk}/submit/")
    response = client.post(f"/intakes/{acme_intake.pk}/submit/", follow=True)
    assert "already submitted" in response.content.decode()
    assert Requisition.objects.count() == 1
    # and a submitted intake is read-only
    response = client.post(f"/intakes/{acme_intake.pk}/", {**VALID, "job_title": "Changed"})
    assert response.status_code == 302
    acme_intake.refresh_from_db()
    assert acme_intake.job_title == "Robotics engineer"
    page = client.get(f"/intakes/{acme_intake.pk}/")
    assert "form" not in page.context and "can no longer be edited" in page.content.decode()


def test_client_users_read_their_intakes_only(client, hank, carla, gina, acme_intake):
    for user in (hank, carla):
        login(client, user)
        page = client.get(f"/intakes/{acme_intake.pk}/")
        assert page.status_code == 200 and "Build the robots" in page.content.decode()
        assert "form" not in page.context
        assert client.post(f"/intakes/{acme_intake.pk}/", VALID).status_code == 403
        assert client.post(f"/intakes/{acme_intake.pk}/submit/").status_code == 403
        assert client.get("/intakes/new/?client=acme").status_code == 404
    login(client, gina)
    assert client.get(f"/intakes/{acme_intake.pk}/").status_code == 404
    assert "Robotics engineer" not in client.get("/intakes/").content.decode()
    assert not Requisition.objects.exists()


def test_an_intake_starts_from_a_template(client, rita, acme):
    template = IntakeTemplate.objects.create(
        name="Engineers",
        job_family="specialist",
        competencies=["Problem solving"],
        interview_plan="Two rounds",
        sourcing_channels=["GitHub"],
        questions=["Which team?", "Why now?"],
    )
    login(client, rita)
    url = f"/intakes/new/?client=acme&template={template.pk}"
    page = client.get(url)
    form = page.context["form"]
    assert form.initial["competencies"] == "Problem solving"
    assert form.initial["interview_plan"] == "Two rounds"
    assert "Which team?" in page.content.decode()
    data = {**VALID, "competencies": "Problem solving", "answer_0": "Arms", "answer_1": "Growth"}
    assert client.post(url, data).status_code == 302
    intake = Intake.objects.get()
    assert intake.template == template
    assert intake.answers == {"Which team?": "Arms", "Why now?": "Growth"}
