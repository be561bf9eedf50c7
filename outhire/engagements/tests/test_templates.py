from __future__ import annotations

from outhire.accounts.models import AuditEvent
from outhire.engagements.models import IntakeTemplate
from outhire.testing import login


def _template(**fields):
    return IntakeTemplate.objects.create(
        **{
            "name": "Executives",
            "job_family": "executive",
            "competencies": ["Vision"],
            "questions": ["Board exposure?"],
            **fields,
        }
    )


def test_an_admin_creates_a_provider_template(client, alice):
    login(client, alice)
    response = client.post(
        "/intake-templates/new/",
        {
            "name": "Entry level",
            "job_family": "entry",
            "competencies": "Reliability\nTeamwork",
            "questions": "Shift work ok?\n\nDriving licence?",
            "sourcing_channels": "Job boards",
        },
    )
    template = IntakeTemplate.objects.get()
    assert response.status_code == 302
    assert template.client is None and template.competencies == ["Reliability", "Teamwork"]
    assert template.questions == ["Shift work ok?", "Driving licence?"]
    assert AuditEvent.objects.filter(action="intake_template.created").exists()


def test_a_recruiter_keeps_templates_for_their_clients_only(client, rita, acme):
    login(client, rita)
    data = {"name": "Acme engineers", "job_family": "specialist"}
    response = client.post("/intake-templates/new/", data)
    assert response.status_code == 400
    assert "client" in response.context["form"].errors
    response = client.post("/intake-templates/new/", {**data, "client": acme.pk})
    assert response.status_code == 302
    assert IntakeTemplate.objects.get().client == acme


def test_it_copies_a_template_to_another_client(client, alice, acme, globex):
    template = _template()
    login(client, alice)
    response = client.post(f"/intake-templates/{template.pk}/copy/", {"client": globex.pk})
    copy = IntakeTemplate.objects.exclude(pk=template.pk).get()
    assert response.status_code == 302
    assert response["Location"] == f"/intake-templates/{copy.pk}/"
    assert copy.client == globex and copy.questions == ["Board exposure?"]
    assert AuditEvent.objects.filter(action="intake_template.copied", client=globex).exists()


def test_copying_needs_both_clients_in_reach(client, rita, acme, globex):
    template = _template(client=acme)
    login(client, rita)
    response = client.post(f"/intake-templates/{template.pk}/copy/", {"client": globex.pk})
    assert response.status_code == 400
    assert IntakeTemplate.objects.count() == 1
    other = _template(client=globex, name="Globex executives")
    response = client.post(f"/intake-templates/{other.pk}/copy/", {"client": acme.pk})
    assert response.status_code == 404


def test_client_users_never_see_templates(client, carla, acme):
    template = _template(client=acme)
    login(client, carla)
    assert client.get("/intake-templates/").status_code == 404
    assert client.get(f"/intake-templates/{template.pk}/").status_code == 404


def test_staff_see_provider_templates_and_their_clients_copies(client, sam, acme, globex):
    _template()
    _template(client=acme, name="Acme executives")
    _template(client=globex, name="Globex executives")
    login(client, sam)
    body = client.get("/intake-templates/").content.decode()
    assert "Executives" in body and "Globex executives" in body
    assert "Acme executives" not in body


def test_the_pages_render(client, alice, rita, acme, acme_intake):
    template = _template()
    login(client, alice)
    for url in (
        "/intakes/",
        "/intakes/new/",
        "/intake-templates/",
        "/intake-templates/new/",
        f"/intake-templates/{template.pk}/",
        "/engagements/new/?client=acme",
        f"/engagements/{acme_intake.engagement_id}/",
    ):
        assert client.get(url).status_code == 200, url
    login(client, rita)
    page = client.get(f"/intake-templates/{template.pk}/")
    assert page.status_code == 200 and "Only provider admins" in page.content.decode()
    assert client.post(f"/intake-templates/{template.pk}/", {"name": "X"}).status_code == 403
