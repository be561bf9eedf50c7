"""A new client's set-up checklist: steps done by what the data holds, each linking to the page
that does it and back, for provider admins only, in a constant number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from outhire.accounts import services as accounts
from outhire.accounts.models import Client, Invitation
from outhire.engagements.models import Engagement
from outhire.lib.navigation import safe_next
from outhire.pipeline.communication.defaults import (
    STANDARD_TEMPLATES,
    message_templates_ensure,
)
from outhire.pipeline.communication.messaging import template_errors
from outhire.pipeline.models import MessageTemplate
from outhire.requisitions.models import ApprovalRule, Requisition
from outhire.testing import login

CHECKLIST = "/onboarding/initech/"


@pytest.fixture
def initech(alice):
    return accounts.client_create(name="Initech", slug="initech", industry="finance", by=alice)


def _states(client) -> dict[str, bool]:
    from outhire.onboarding.checklist import client_checklist

    return {step.key: step.done for step in client_checklist(client).steps}


def test_a_new_client_starts_with_its_checklist_and_standard_emails(client, alice):
    login(client, alice)
    response = client.post("/clients/new/", {"name": "Initech", "industry": "finance"})
    assert response["Location"] == CHECKLIST
    body = client.get(CHECKLIST).content.decode()
    assert "2 of 7 steps done." in body
    initech = Client.objects.get(slug="initech")
    assert _states(initech) == {
        "client": True,
        "branding": False,
        "engagement": False,
        "people": False,
        "approvals": False,
        "emails": True,
        "requisition": False,
    }
    assert MessageTemplate.objects.filter(client=initech).count() == len(STANDARD_TEMPLATES)
    # Every step's form comes back here after saving.
    for path in (
        "/clients/initech/branding/?next=/onboarding/initech/",
        "/engagements/new/?client=initech&amp;next=%2Fonboarding%2Finitech%2F",
        "/clients/initech/?next=%2Fonboarding%2Finitech%2F#invite",
        "/requisitions/approval-chain/initech/?next=%2Fonboarding%2Finitech%2F",
        "/requisitions/new/?client=initech&amp;next=%2Fonboarding%2Finitech%2F",
    ):
        assert path.replace("?next=/onboarding/initech/", "?next=%2Fonboarding%2Finitech%2F") in (
            body
        ), path


def test_the_standard_templates_use_only_known_merge_fields_and_come_once(initech, alice):
    for _name, _trigger, _kind, subject, body in STANDARD_TEMPLATES:
        assert template_errors(subject) == [] and template_errors(body) == []
    assert message_templates_ensure(client=initech, by=alice) == []
    MessageTemplate.objects.filter(client=initech, name="Thanks for applying").delete()
    [again] = message_templates_ensure(client=initech, by=alice)
    assert again.name == "Thanks for applying" and again.stage_kind == "applied"


def test_each_step_is_done_from_the_data_and_returns_to_the_checklist(client, alice, initech, rita):
    login(client, alice)
    # Branding, from its form, back to the checklist.
    response = client.post(
        f"/clients/initech/branding/?next={CHECKLIST}",
        {
            "name": "Initech",
            "primary_colour": "#1f4e79",
            "accent_colour": "#f0b429",
            "hero_text": "Make software that matters",
        },
    )
    assert response.status_code == 302 and response["Location"] == CHECKLIST
    # The engagement's form starts from the common SLA targets.
    form = client.get(f"/engagements/new/?client=initech&next={CHECKLIST}").content.decode()
    assert 'name="sla_days_to_fill" value="45"' in form
    assert 'value="Initech recruitment"' in form
    response = client.post(
        f"/engagements/new/?client=initech&next={CHECKLIST}",
        {
            "name": "Initech recruitment",
            "status": "active",
            "starts_on": timezone.localdate().isoformat(),
            "fee_model": "per_hire",
            "per_hire_fee": "6000",
            "currency": "EUR",
            "sla_days_to_fill": "45",
        },
    )
    assert response["Location"] == CHECKLIST
    # An invitation at the default role, then the chain names the invited person.
    detail = client.get(f"/clients/initech/?next={CHECKLIST}").content.decode()
    assert '<option value="coordinator" selected>' in detail  # assigning staff, too
    assert '<option value="interviewer" selected>' in detail and 'id="invite_role"' in detail
    assert f'<input type="hidden" name="next" value="{CHECKLIST}">' in detail
    response = client.post(
        "/clients/initech/invite/",
        {"email": "hm@initech.test", "role": "hiring_manager", "next": CHECKLIST},
    )
    assert response["Location"] == CHECKLIST
    invited = Invitation.objects.get(client=initech).user
    chain = client.get(f"/requisitions/approval-chain/initech/?next={CHECKLIST}").content
    assert "hm@initech.test, invited (has not joined yet)" in chain.decode()
    response = client.post(
        f"/requisitions/approval-chain/initech/?next={CHECKLIST}", {"approver": invited.pk}
    )
    assert response["Location"] == CHECKLIST
    # The first requisition: the client is chosen already.
    form = client.get(f"/requisitions/new/?client=initech&next={CHECKLIST}").content.decode()
    assert f'<option value="{initech.pk}" selected>' in form
    with time_machine.travel(initech.created_at + timedelta(minutes=7)):
        response = client.post(
            f"/requisitions/new/?client=initech&next={CHECKLIST}",
            {
                "client": initech.pk,
                "title": "Backend engineer",
                "openings": 1,
                "priority": "normal",
                "remote_policy": "on_site",
                "employment_type": "permanent",
                "salary_currency": "EUR",
            },
        )
    assert response.status_code == 302 and response["Location"] == CHECKLIST
    initech.refresh_from_db()
    assert all(_states(initech).values())
    body = client.get(CHECKLIST).content.decode()
    assert "7 of 7 steps done." in body
    assert "Initech is set up: 7 minutes from its creation to its first requisition." in body
    assert Requisition.objects.filter(client=initech).count() == 1
    assert ApprovalRule.objects.get(client=initech).approver == invited


def test_the_standard_templates_are_one_click_away_when_missing(client, alice, acme):
    login(client, alice)
    assert "Add the standard templates" in client.get("/onboarding/acme/").content.decode()
    response = client.post("/onboarding/acme/templates/")
    assert response["Location"] == "/onboarding/acme/"
    assert MessageTemplate.objects.filter(client=acme).count() == len(STANDARD_TEMPLATES)
    client.post("/onboarding/acme/templates/")
    assert MessageTemplate.objects.filter(client=acme).count() == len(STANDARD_TEMPLATES)


def test_only_provider_admins_see_a_checklist(client, acme, rita, carla, gina, sam):
    for user, status in ((rita, 403), (carla, 403), (gina, 404), (sam, 404)):
        login(client, user)
        assert client.get("/onboarding/acme/").status_code == status, user
        assert client.post("/onboarding/acme/templates/").status_code == status, user
    assert not MessageTemplate.objects.filter(client=acme).exists()
    client.logout()
    assert client.get("/onboarding/acme/").status_code == 302


def test_the_checklist_reads_a_constant_number_of_queries(
    client, alice, initech, rita, django_assert_max_num_queries
):
    from outhire.requisitions import services as requisitions

    login(client, alice)
    with django_assert_max_num_queries(30) as small:
        assert client.get(CHECKLIST).status_code == 200
    Engagement.objects.create(
        client=initech,
        name="Initech RPO",
        starts_on=timezone.localdate(),
        fee_model="per_hire",
        per_hire_fee=5000,
        sla_days_to_fill=45,
    )
    for n in range(6):
        accounts.invitation_create(
            email=f"p{n}@initech.test", role="hiring_manager", client=initech, by=alice
        )
        requisitions.requisition_create(client=initech, by=alice, fields={"title": f"Role {n}"})
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(CHECKLIST).status_code == 200


@pytest.mark.parametrize(
    ("target", "followed"),
    [
        ("/onboarding/acme/", "/onboarding/acme/"),
        ("//evil.example/x", ""),
        ("https://evil.example/", ""),
        ("/\\evil.example", ""),
        ("javascript:alert(1)", ""),
    ],
)
def test_only_our_own_pages_are_returned_to(rf, target, followed):
    assert safe_next(rf.get("/", {"next": target})) == followed
