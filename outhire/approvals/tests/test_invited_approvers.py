"""Someone invited to a client can be put in its approval chains before they accept: the
invitation makes their account (without a password), and when they accept they find the
approval waiting for them."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from outhire.accounts.models import Membership, User
from outhire.accounts.services import invitation_create, invitation_revoke
from outhire.approvals.forms import approver_choices
from outhire.approvals.services import chain_rule_add
from outhire.requisitions import services as requisitions
from outhire.requisitions.models import Approval
from outhire.requisitions.services import CHAIN
from outhire.testing import PASSWORD, login


@pytest.fixture
def invitation(acme, alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return invitation_create(
            email="Nadia@Acme.test", role="hiring_manager", client=acme, by=alice, full_name=""
        )


def _path(message) -> str:
    link = re.search(r"https?://\S+/invitations/\S+/", message.body).group(0)
    return "/" + link.split("/", 3)[3]


def test_an_invited_hiring_manager_is_offered_as_an_approver(acme, globex, invitation):
    person = invitation.user
    assert person is not None and person.email == "nadia@acme.test"
    assert not person.has_joined and not person.has_usable_password()
    assert person in approver_choices(acme)
    # Not for another client, and not once the invitation is withdrawn.
    assert person not in approver_choices(globex)
    invitation_revoke(invitation=invitation, by=invitation.invited_by)
    assert person not in approver_choices(acme)


def test_an_interviewer_invitation_does_not_make_an_approver(acme, alice):
    other = invitation_create(email="ian@acme.test", role="interviewer", client=acme, by=alice)
    assert other.user not in approver_choices(acme)


def test_accepting_finds_the_approval_waiting(client, acme, rita, alice, invitation):
    person = invitation.user
    chain_rule_add(kind=CHAIN, client=acme, approver=person, by=alice)
    requisition = requisitions.requisition_create(
        client=acme, by=rita, fields={"title": "Lab technician"}
    )
    requisitions.requisition_submit(requisition=requisition, by=rita)
    step = Approval.objects.get(requisition=requisition)
    assert step.approver == person and step.decision == "pending"
    # The invitation's link asks for a name and a password, not for a sign-in.
    path = _path(mail.outbox[0])
    page = client.get(path).content.decode()
    assert "Your full name" in page and "already have an Outhire account" not in page
    response = client.post(
        path, {"full_name": "Nadia Novak", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.has_joined and person.full_name == "Nadia Novak"
    assert Membership.objects.get(user=person, client=acme).role == "hiring_manager"
    assert User.objects.filter(email__iexact="nadia@acme.test").count() == 1
    waiting = client.get("/requisitions/approvals/").content.decode()
    assert "Lab technician" in waiting
    response = client.post(
        f"/requisitions/{requisition.pk}/approve/", {"decision": "approve", "comment": ""}
    )
    assert response.status_code == 302
    requisition.refresh_from_db()
    assert requisition.status == "open"


def test_the_invited_account_cannot_sign_in_before_accepting(client, invitation):
    response = client.post("/login/", {"email": "nadia@acme.test", "password": ""})
    assert response.status_code != 302
    assert not client.session.get("_auth_user_id")


def test_inviting_again_reuses_the_account(acme, alice, invitation):
    invitation_revoke(invitation=invitation, by=alice)
    again = invitation_create(email="nadia@acme.test", role="client_admin", client=acme, by=alice)
    assert again.user == invitation.user
    assert User.objects.filter(email__iexact="nadia@acme.test").count() == 1


def test_a_chain_page_marks_who_has_not_joined(client, acme, alice, carla, invitation):
    chain_rule_add(kind=CHAIN, client=acme, approver=invitation.user, by=alice)
    login(client, carla)
    body = client.get("/requisitions/approval-chain/acme/").content.decode()
    assert "invited, has not joined yet" in body
