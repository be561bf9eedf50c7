"""The processing agreement of an engagement: provider admins record it, the client reads it."""

from __future__ import annotations

import pytest

from outhire.accounts.models import AuditEvent
from outhire.engagements.models import Engagement
from outhire.privacy.models import ProcessingAgreement
from outhire.testing import login

pytestmark = pytest.mark.django_db

VALID = {
    "provider_role": "processor",
    "signed_on": "2026-01-05",
    "sub_processors": "  Mailer Ltd, sends e-mails, Ireland  \n\n Postbox Inc, SMS, USA\n",
    "transfers": "USA: standard contractual clauses (2021/914)",
    "security_measures": "Quarterly access review",
    "notes": "",
}


@pytest.fixture
def engagement(acme):
    return Engagement.objects.create(
        client=acme,
        name="Acme full cycle",
        functions=["sourcing"],
        starts_on="2026-01-01",
        fee_model="per_hire",
        per_hire_fee=5000,
    )


def _urls(engagement) -> tuple[str, str]:
    base = f"/privacy/agreements/{engagement.pk}/"
    return base, base + "edit/"


def test_a_provider_admin_records_and_changes_the_agreement(client, alice, engagement):
    detail, edit = _urls(engagement)
    login(client, alice)
    assert "No processing agreement is recorded" in client.get(detail).content.decode()
    response = client.post(edit, VALID)
    assert response.status_code == 302 and response["Location"] == detail
    agreement = ProcessingAgreement.objects.get(engagement=engagement)
    assert agreement.client_id == engagement.client_id and agreement.updated_by == alice
    assert agreement.sub_processors == "Mailer Ltd, sends e-mails, Ireland\nPostbox Inc, SMS, USA"
    created = AuditEvent.objects.get(action="privacy.agreement_created")
    assert created.client_id == engagement.client_id
    body = client.get(detail).content.decode()
    assert "<li>Mailer Ltd, sends e-mails, Ireland</li>" in body
    assert "<li>Postbox Inc, SMS, USA</li>" in body and "Processor for the client" in body
    client.post(edit, {**VALID, "provider_role": "joint"})
    changed = AuditEvent.objects.get(action="privacy.agreement_changed")
    assert changed.changes == {"provider_role": ["processor", "joint"]}
    # Saving the same terms again changes nothing and records nothing.
    client.post(edit, {**VALID, "provider_role": "joint"})
    assert AuditEvent.objects.filter(action__startswith="privacy.agreement").count() == 2


def test_bad_input_is_a_form_error(client, alice, engagement):
    _, edit = _urls(engagement)
    login(client, alice)
    response = client.post(edit, {**VALID, "signed_on": "2999-01-01", "provider_role": "boss"})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "signed_on" in errors and "provider_role" in errors
    assert not ProcessingAgreement.objects.exists()


def test_the_clients_people_and_its_staff_read_it_but_do_not_change_it(
    client, alice, rita, carla, hank, ivy, engagement
):
    detail, edit = _urls(engagement)
    login(client, alice)
    client.post(edit, VALID)
    client.logout()
    for user in (rita, carla, hank, ivy):
        login(client, user)
        body = client.get(detail).content.decode()
        assert "Mailer Ltd" in body, user
        assert f'href="{edit}"' not in body
        assert client.get(edit).status_code == 403
        assert client.post(edit, {**VALID, "provider_role": "controller"}).status_code == 403
        client.logout()
    assert ProcessingAgreement.objects.get().provider_role == "processor"


def test_another_clients_people_never_see_it(client, alice, gina, sam, engagement):
    detail, edit = _urls(engagement)
    login(client, alice)
    client.post(edit, VALID)
    client.logout()
    for user in (gina, sam):
        login(client, user)
        for url in (detail, edit):
            assert client.get(url).status_code == 404
        assert client.post(edit, VALID).status_code == 404
        client.logout()


def test_the_engagement_page_links_to_it_and_the_register_shows_it(
    client, alice, carla, engagement
):
    detail, edit = _urls(engagement)
    login(client, alice)
    client.post(edit, VALID)
    page = client.get(f"/engagements/{engagement.pk}/").content.decode()
    assert f'href="{detail}"' in page
    client.logout()
    login(client, carla)
    register = client.get("/privacy/register/").content.decode()
    assert "Postbox Inc" in register and "USA: standard contractual clauses" in register
    assert f'href="{detail}"' in register
