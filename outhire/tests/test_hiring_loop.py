"""The issue's whole loop through the pages, as the people involved click it.

A recruiter runs an intake, the client's hiring manager approves the requisition in the portal,
the recruiter adds candidates and moves one through the board to hired, and the client sees
exactly the candidates submitted to it.
"""

from __future__ import annotations

from outhire.candidates.services import candidate_create
from outhire.engagements.models import Intake
from outhire.pipeline.models import Application, StageEvent
from outhire.requisitions.models import ApprovalRule, Requisition
from outhire.testing import confirmed, login


def test_intake_to_hire_with_the_client_in_the_loop(client, acme, rita, hank, carla, gina):
    ApprovalRule.objects.create(client=acme, position=1, approver=hank)
    intake = Intake.objects.create(
        client=acme,
        job_title="Robot Technician",
        job_family="specialist",
        purpose="Keep the line running",
        hiring_manager=hank,
        headcount=1,
        competencies=["Troubleshooting"],
        created_by=rita,
    )
    login(client, rita)
    response = client.post(f"/intakes/{intake.pk}/submit/")
    assert response.status_code == 302
    requisition = Requisition.objects.get(intake=intake)
    assert requisition.status == "draft" and requisition.competencies.count() == 1
    assert client.post(f"/requisitions/{requisition.pk}/submit/").status_code == 302
    requisition.refresh_from_db()
    assert requisition.status == "pending_approval"

    # The hiring manager approves from the portal; a second approval is refused.
    login(client, hank)
    assert "Robot Technician" in client.get("/requisitions/approvals/").content.decode()
    response = client.post(
        f"/requisitions/{requisition.pk}/approve/", {"decision": "approve", "comment": "Go"}
    )
    assert response.status_code == 302
    requisition.refresh_from_db()
    assert requisition.status == "open" and requisition.opening_set.count() == 1
    again = client.post(f"/requisitions/{requisition.pk}/approve/", {"decision": "approve"})
    assert again.status_code in {400, 403}
    assert requisition.approvals.filter(decision="approved").count() == 1

    # The recruiter adds two candidates and moves one through the board to hired.
    login(client, rita)
    ada = candidate_create(by=rita, first_name="Ada", last_name="Lovelace")
    bob = candidate_create(by=rita, first_name="Bob", last_name="Hidden")
    for person in (ada, bob):
        response = client.post(
            f"/requisitions/{requisition.pk}/applications/new/", {"candidate": person.pk}
        )
        assert response.status_code == 302
    application = Application.objects.get(candidate=ada)
    stages = {s.kind: s for s in requisition.stages.all()}
    for kind in ("screen", "submitted", "interview", "offer", "hired"):
        application.refresh_from_db()
        # Some moves skip stages: posted as confirmed (outhire.pipeline.confirming).
        response = client.post(
            f"/applications/{application.pk}/move/",
            confirmed({"stage": stages[kind].pk, "version": application.version}),
        )
        assert response.status_code == 302, kind
    board = client.get(f"/requisitions/{requisition.pk}/board/", {"status": "any"})
    assert board.status_code == 200 and "Ada Lovelace" in board.content.decode()
    application.refresh_from_db()
    requisition.refresh_from_db()
    assert application.status == "hired" and requisition.status == "filled"
    assert list(
        StageEvent.objects.filter(application=application).values_list("to_kind", flat=True)
    ) == [
        "sourced",
        "screen",
        "submitted",
        "interview",
        "offer",
        "hired",
    ]

    # The client sees the submitted candidate, never the one still with the provider.
    for user in (hank, carla):
        login(client, user)
        page = client.get(f"/requisitions/{requisition.pk}/candidates/").content.decode()
        assert "Ada Lovelace" in page and "Bob Hidden" not in page
        assert client.get(f"/requisitions/{requisition.pk}/board/").status_code == 404
    login(client, gina)
    assert client.get(f"/requisitions/{requisition.pk}/").status_code == 404
    assert client.get(f"/requisitions/{requisition.pk}/candidates/").status_code == 404
