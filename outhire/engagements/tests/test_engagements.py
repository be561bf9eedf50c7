from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from outhire.accounts.models import AuditEvent
from outhire.engagements.models import Engagement, EngagementPhase
from outhire.testing import login

VALID = {
    "name": "Acme 2026",
    "status": "active",
    "functions": ["sourcing", "screening"],
    "starts_on": "2026-01-01",
    "fee_model": "hybrid",
    "currency": "eur",
    "monthly_fee": "8000",
    "per_hire_fee": "2500",
    "sla_days_to_first_shortlist": "10",
    "sla_days_to_fill": "45",
    "sla_feedback_hours": "48",
    "sla_min_offer_acceptance": "85",
    "sla_min_candidate_nps": "30",
    "sla_min_manager_satisfaction": "4.2",
}


def test_it_creates_an_engagement(client, alice, acme):
    login(client, alice)
    response = client.post("/engagements/new/?client=acme", VALID)
    engagement = Engagement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/engagements/{engagement.pk}/"
    assert engagement.client == acme and engagement.currency == "EUR"
    assert engagement.functions == ["sourcing", "screening"]
    assert engagement.sla_days_to_fill == 45
    event = AuditEvent.objects.get(action="engagement.created")
    assert event.client == acme and event.changes["fee_model"] == "hybrid"


def test_the_create_page_offers_a_client_chooser(client, alice, acme, globex):
    login(client, alice)
    body = client.get("/engagements/new/").content.decode()
    assert 'value="acme"' in body and 'value="globex"' in body


def test_it_shows_which_amounts_the_fee_model_needs(client, alice, acme):
    login(client, alice)
    data = {**VALID, "monthly_fee": "", "per_hire_fee": ""}
    response = client.post("/engagements/new/?client=acme", data)
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["monthly_fee"] == ["This fee model needs this amount."]
    assert form.errors["per_hire_fee"] == ["This fee model needs this amount."]
    assert not Engagement.objects.exists()
    data = {**VALID, "fee_model": "percent_salary", "ends_on": "2025-01-01"}
    response = client.post("/engagements/new/?client=acme", data)
    assert response.status_code == 400
    assert "salary_percent" in response.context["form"].errors
    assert "ends_on" in response.context["form"].errors


def test_it_edits_an_engagement_with_an_audit_trail(client, alice, acme_engagement):
    login(client, alice)
    url = f"/engagements/{acme_engagement.pk}/edit/"
    assert client.get(url).status_code == 200
    response = client.post(url, {**VALID, "name": "Renamed", "fee_model": "per_hire"})
    assert response.status_code == 302
    acme_engagement.refresh_from_db()
    assert acme_engagement.name == "Renamed" and acme_engagement.sla_days_to_first_shortlist == 10
    event = AuditEvent.objects.get(action="engagement.updated")
    assert event.changes["name"] == ["Acme full cycle", "Renamed"]


def test_it_lists_and_filters_engagements(client, alice, acme_engagement, globex_engagement):
    login(client, alice)
    body = client.get("/engagements/").content.decode()
    assert "Acme full cycle" in body and "Globex sourcing" in body
    body = client.get("/engagements/?client=acme").content.decode()
    assert "Acme full cycle" in body and "Globex sourcing" not in body
    body = client.get("/engagements/?status=ended").content.decode()
    assert "Acme full cycle" not in body and "No engagements match" in body


def test_a_recruiter_sees_only_the_clients_assigned_and_cannot_edit(
    client, rita, acme_engagement, globex_engagement
):
    login(client, rita)
    body = client.get("/engagements/").content.decode()
    assert "Acme full cycle" in body and "Globex sourcing" not in body
    assert client.get(f"/engagements/{acme_engagement.pk}/").status_code == 200
    assert client.get(f"/engagements/{globex_engagement.pk}/").status_code == 404
    response = client.post(f"/engagements/{acme_engagement.pk}/edit/", VALID)
    assert response.status_code == 403
    assert client.get("/engagements/new/").status_code == 403


def test_client_users_read_their_engagement_only(
    client, carla, hank, acme_engagement, globex_engagement
):
    for user in (carla, hank):
        login(client, user)
        response = client.get(f"/engagements/{acme_engagement.pk}/")
        body = response.content.decode()
        assert response.status_code == 200
        assert "Days to fill" in body and "Sourcing and attraction" in body
        assert "5000" not in body  # the fees stay with the provider
        assert client.get(f"/engagements/{globex_engagement.pk}/").status_code == 404
        assert client.post(f"/engagements/{acme_engagement.pk}/edit/", VALID).status_code == 403
        assert (
            client.post(
                f"/engagements/{acme_engagement.pk}/phases/",
                {"starts_on": "2026-01-01", "functions": ["sourcing"]},
            ).status_code
            == 403
        )
    acme_engagement.refresh_from_db()
    assert acme_engagement.name == "Acme full cycle"
    assert not EngagementPhase.objects.exists()


def test_another_client_gets_404(client, gina, acme_engagement):
    login(client, gina)
    assert client.get(f"/engagements/{acme_engagement.pk}/").status_code == 404
    assert client.get(f"/engagements/{acme_engagement.pk}/edit/").status_code == 404
    assert "Acme full cycle" not in client.get("/engagements/").content.decode()


def test_a_started_phase_changes_the_functions(client, alice, acme_engagement):
    login(client, alice)
    url = f"/engagements/{acme_engagement.pk}/phases/"
    response = client.post(
        url,
        {
            "starts_on": "2026-03-01",
            "functions": ["sourcing", "screening", "interview_scheduling"],
            "note": "Phase 2",
        },
    )
    assert response.status_code == 302
    acme_engagement.refresh_from_db()
    assert acme_engagement.functions == ["sourcing", "screening", "interview_scheduling"]
    assert AuditEvent.objects.filter(action="engagement.phase_added").exists()
    # A phase that has not started yet changes nothing until it starts.
    future = datetime.date.today() + datetime.timedelta(days=30)
    client.post(url, {"starts_on": future.isoformat(), "functions": ["reporting"]})
    acme_engagement.refresh_from_db()
    assert acme_engagement.current_functions == ["sourcing", "screening", "interview_scheduling"]
    assert acme_engagement.functions == ["sourcing", "screening", "interview_scheduling"]
    body = client.get(f"/engagements/{acme_engagement.pk}/").content.decode()
    assert "Interview coordination" in body and "Current" in body
    # The functions now follow the phases: the edit form does not change them.
    edit = client.get(f"/engagements/{acme_engagement.pk}/edit/")
    assert edit.context["form"].fields["functions"].disabled


def test_a_phase_needs_functions(client, alice, acme_engagement):
    login(client, alice)
    url = f"/engagements/{acme_engagement.pk}/phases/"
    response = client.post(url, {"starts_on": "2026-03-01"})
    assert response.status_code == 400
    assert "functions" in response.context["phase_form"].errors


def test_the_list_takes_the_same_number_of_queries_for_more_rows(client, alice, acme, globex):
    login(client, alice)

    def make(n):
        for i in range(n):
            e = Engagement.objects.create(
                client=acme if i % 2 else globex,
                name=f"E{i}",
                starts_on="2026-01-01",
                fee_model="per_hire",
                per_hire_fee=1,
                account_lead=alice,
            )
            EngagementPhase.objects.create(
                client_id=e.client_id, engagement=e, starts_on="2026-01-01", functions=["sourcing"]
            )

    make(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/engagements/").status_code == 200
    make(8)
    with CaptureQueriesContext(connection) as many:
        assert client.get("/engagements/").status_code == 200
    assert len(many) == len(few)


def test_the_client_page_links_engagements_and_intakes(client, carla, ivy, acme):
    login(client, carla)
    body = client.get("/clients/acme/").content.decode()
    assert "/intakes/?client=acme" in body and "/engagements/?client=acme" in body
    login(client, ivy)
    body = client.get("/clients/acme/").content.decode()
    assert "/intakes/?client=acme" not in body
    assert client.get("/engagements/").status_code == 200


def test_the_periodic_job_moves_engagements_to_a_phase_that_has_started(
    acme_engagement, time_machine
):
    from outhire.engagements.tasks import sync_engagement_phases

    time_machine.move_to("2026-03-01 09:00Z")
    EngagementPhase.objects.create(
        client=acme_engagement.client,
        engagement=acme_engagement,
        starts_on=datetime.date(2026, 4, 1),
        functions=["sourcing", "screening", "offer_management"],
    )
    assert sync_engagement_phases() == "0 engagement(s) moved to a new phase"
    time_machine.move_to("2026-04-01 09:00Z")
    assert sync_engagement_phases() == "1 engagement(s) moved to a new phase"
    acme_engagement.refresh_from_db()
    assert "offer_management" in acme_engagement.functions
