from __future__ import annotations

from outhire.accounts.models import AuditEvent
from outhire.engagements.models import Engagement, Intake, IntakeTemplate
from outhire.requisitions.models import Requisition
from outhire.testing import bearer

ENGAGEMENT = {
    "client": "acme",
    "name": "Acme via API",
    "starts_on": "2026-01-01",
    "fee_model": "percent_salary",
    "salary_percent": "18.5",
    "functions": ["sourcing", "screening"],
    "currency": "usd",
    "sla_days_to_fill": 40,
}
INTAKE = {
    "client": "acme",
    "job_title": "Data engineer",
    "job_family": "professional",
    "purpose": "Pipelines",
    "must_have_skills": ["JS", "Python"],
    "competencies": ["Ownership"],
    "headcount": 3,
}


def test_an_admin_creates_and_patches_an_engagement(client, alice, acme, rita, token_for):
    headers = bearer(token_for(alice))
    response = client.post(
        "/api/v1/engagements",
        {**ENGAGEMENT, "account_lead": rita.email},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["client"] == "acme" and body["currency"] == "USD"
    assert body["account_lead"] == rita.email and body["functions"] == ["sourcing", "screening"]
    engagement_id = body["id"]
    response = client.patch(
        f"/api/v1/engagements/{engagement_id}",
        {"status": "ended", "ends_on": "2026-12-31"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 200 and response.json()["status"] == "ended"
    assert AuditEvent.objects.filter(action="engagement.updated").exists()
    # The replacement guarantee's terms, as on the engagement form (docs/billing.md).
    assert body["guarantee_days"] == 0
    response = client.patch(
        f"/api/v1/engagements/{engagement_id}",
        {
            "guarantee_days": 90,
            "guarantee_remedy": "credit_prorata",
            "guarantee_replacement": False,
        },
        content_type="application/json",
        headers=headers,
    )
    body = response.json()
    assert response.status_code == 200, body
    assert (body["guarantee_days"], body["guarantee_remedy"], body["guarantee_replacement"]) == (
        90,
        "credit_prorata",
        False,
    )
    for bad in ({"guarantee_days": 731}, {"guarantee_remedy": "refund"}):
        response = client.patch(
            f"/api/v1/engagements/{engagement_id}",
            bad,
            content_type="application/json",
            headers=headers,
        )
        assert response.status_code == 422, bad


def test_engagement_input_errors_are_4xx(client, alice, acme, token_for):
    headers = bearer(token_for(alice))
    post = {"content_type": "application/json", "headers": headers}
    response = client.post("/api/v1/engagements", {**ENGAGEMENT, "salary_percent": None}, **post)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "salary_percent"
    for bad in (
        {"functions": ["juggling"]},
        {"fee_model": "barter"},
        {"sla_min_candidate_nps": 500},
        {"client": "nowhere"},
        {"surprise": 1},
    ):
        response = client.post("/api/v1/engagements", {**ENGAGEMENT, **bad}, **post)
        assert response.status_code == 422, bad
        assert response.json()["code"] == "invalid"
    response = client.post("/api/v1/engagements", "{nope", **post)
    assert response.status_code == 400
    assert not Engagement.objects.exists()


def test_client_tokens_read_their_engagements_without_fees(
    client, carla, acme, acme_engagement, globex_engagement, token_for
):
    headers = bearer(token_for(carla, acme))
    body = client.get("/api/v1/engagements", headers=headers).json()
    assert [e["name"] for e in body["items"]] == ["Acme full cycle"]
    assert body["items"][0]["per_hire_fee"] is None and body["items"][0]["sla_days_to_fill"] == 45
    assert body["items"][0]["guarantee_days"] is None  # money terms: provider staff only
    detail = client.get(f"/api/v1/engagements/{globex_engagement.pk}", headers=headers)
    assert detail.status_code == 404
    response = client.patch(
        f"/api/v1/engagements/{acme_engagement.pk}",
        {"name": "Hacked"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 403
    response = client.post(
        "/api/v1/engagements", ENGAGEMENT, content_type="application/json", headers=headers
    )
    assert response.status_code == 403


def test_outsiders_get_404_before_their_body_is_read(client, gina, globex, acme_intake, token_for):
    headers = bearer(token_for(gina, globex))
    response = client.patch(
        f"/api/v1/intakes/{acme_intake.pk}",
        {"nonsense": True},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 404
    response = client.post(f"/api/v1/intakes/{acme_intake.pk}/submit", headers=headers)
    assert response.status_code == 404


def test_it_creates_patches_and_submits_an_intake(client, rita, acme, hank, token_for):
    headers = bearer(token_for(rita))
    json = {"content_type": "application/json", "headers": headers}
    template = IntakeTemplate.objects.create(
        name="Data", job_family="professional", interview_plan="Two rounds", questions=["Team?"]
    )
    response = client.post(
        "/api/v1/intakes",
        {**INTAKE, "template": template.pk, "hiring_manager": hank.email},
        **json,
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["must_have_skills"] == ["JavaScript", "Python"]
    assert body["interview_plan"] == "Two rounds" and body["answers"] == {"Team?": ""}
    intake_id = body["id"]
    response = client.patch(
        f"/api/v1/intakes/{intake_id}", {"nice_to_have_skills": ["Underwater welding"]}, **json
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "nice_to_have_skills"
    response = client.patch(
        f"/api/v1/intakes/{intake_id}",
        {"nice_to_have_skills": ["Underwater welding"], "allow_unknown_skills": True},
        **json,
    )
    assert response.json()["nice_to_have_skills"] == ["Underwater welding"]
    response = client.post(f"/api/v1/intakes/{intake_id}/submit", headers=headers)
    assert response.status_code == 200
    requisition = Requisition.objects.get()
    assert response.json()["requisition"] == requisition.pk
    assert requisition.openings == 3 and list(requisition.recruiters.all()) == [rita]
    again = client.post(f"/api/v1/intakes/{intake_id}/submit", headers=headers)
    assert again.status_code == 409 and again.json()["code"] == "conflict"
    response = client.patch(f"/api/v1/intakes/{intake_id}", {"job_title": "X"}, **json)
    assert response.status_code == 409
    detail = client.get(f"/api/v1/intakes/{intake_id}", headers=headers).json()
    assert detail["status"] == "submitted" and detail["requisition"] == requisition.pk


def test_intake_writes_need_write_access(client, rita, hank, acme, acme_intake, token_for):
    read_only = bearer(token_for(rita, can_write=False))
    response = client.post(
        "/api/v1/intakes", INTAKE, content_type="application/json", headers=read_only
    )
    assert response.status_code == 403
    assert client.get("/api/v1/intakes", headers=read_only).json()["count"] == 1
    manager = bearer(token_for(hank, acme))
    assert client.get(f"/api/v1/intakes/{acme_intake.pk}", headers=manager).status_code == 200
    response = client.post(f"/api/v1/intakes/{acme_intake.pk}/submit", headers=manager)
    assert response.status_code == 403
    assert Intake.objects.get().status == "draft"
