from __future__ import annotations

import re

import pytest
from django.core import mail

from outhire.accounts.models import AuditEvent, Invitation, Membership, User
from outhire.accounts.services import invitation_create, invitation_token
from outhire.testing import PASSWORD, login


def _link(message) -> str:
    return re.search(r"https?://\S+/invitations/\S+/", message.body).group(0)


def _path(link: str) -> str:
    return "/" + link.split("/", 3)[3]


@pytest.fixture
def invited(acme, carla, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitation_create(
            email="Nora@Acme.test",
            role="hiring_manager",
            client=acme,
            by=carla,
            full_name="Nora New",
        )
    return invitation


def test_a_client_admin_invites_through_the_page(
    client, carla, acme, django_capture_on_commit_callbacks
):
    login(client, carla)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/clients/acme/invite/", {"email": "nora@acme.test", "role": "hiring_manager"}
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nora@acme.test"]
    assert "Acme Robotics" in mail.outbox[0].subject
    assert "/invitations/" in mail.outbox[0].body
    assert AuditEvent.objects.filter(action="invitation.created", client=acme).exists()


def test_the_email_is_stored_encrypted_with_a_blind_index(invited):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT email FROM accounts_invitation WHERE id = %s", [invited.pk])
        stored = cursor.fetchone()[0]
    assert "acme" not in stored.lower()
    assert Invitation.objects.get(pk=invited.pk).email == "Nora@Acme.test"


def test_it_refuses_a_second_pending_invitation(invited, acme, carla):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="already pending"):
        invitation_create(email="nora@acme.test", role="interviewer", client=acme, by=carla)


def test_the_page_shows_a_duplicate_as_a_form_error(client, carla, invited):
    login(client, carla)
    response = client.post(
        "/clients/acme/invite/", {"email": "nora@acme.test", "role": "interviewer"}
    )
    assert response.status_code == 400
    assert b"already pending" in response.content
    assert Invitation.objects.count() == 1


def test_a_hiring_manager_cannot_invite(client, hank):
    login(client, hank)
    response = client.post("/clients/acme/invite/", {"email": "x@acme.test", "role": "interviewer"})
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_a_client_admin_cannot_invite_provider_roles(client, carla):
    login(client, carla)
    response = client.post("/clients/acme/invite/", {"email": "x@acme.test", "role": "admin"})
    assert response.status_code == 400
    assert not Invitation.objects.exists()


def test_it_creates_the_account_and_membership(client, invited, acme):
    link = _link(mail.outbox[0])
    page = client.get(_path(link))
    assert page.status_code == 200
    assert b"Hiring manager" in page.content
    response = client.post(
        _path(link), {"full_name": "Nora New", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302
    user = User.objects.get(email="nora@acme.test")
    assert user.full_name == "Nora New" and user.provider_role == ""
    assert Membership.objects.get(user=user).role == "hiring_manager"
    assert client.session["_auth_user_id"] == str(user.pk)
    invited.refresh_from_db()
    assert invited.status == "accepted"


def test_the_link_works_once(client, invited):
    path = _path(_link(mail.outbox[0]))
    client.post(path, {"full_name": "Nora", "password1": PASSWORD, "password2": PASSWORD})
    client.logout()
    response = client.post(path, {"full_name": "Eve", "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 410
    assert b"already been used" in response.content
    assert User.objects.filter(email="nora@acme.test").count() == 1


def test_an_expired_link_is_refused_with_nothing_written(client, invited, time_machine):
    time_machine.move_to(invited.expires_at)
    response = client.post(
        _path(_link(mail.outbox[0])),
        {"full_name": "Nora", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 410
    assert b"expired" in response.content
    # The account made at the invitation stays without a password or any membership.
    nora = User.objects.get(email="nora@acme.test")
    assert not nora.has_joined and not nora.memberships.exists()


def test_a_forged_link_is_refused(client, invited):
    token = invitation_token(invited)
    response = client.get(f"/invitations/{token[:-1]}x/")
    assert response.status_code == 404
    assert b"not valid" in response.content


def test_a_revoked_invitation_is_refused(client, carla, invited):
    login(client, carla)
    client.post(f"/clients/acme/invitations/{invited.pk}/revoke/")
    client.logout()
    assert client.get(_path(_link(mail.outbox[0]))).status_code == 410


def test_a_weak_password_keeps_what_was_typed(client, invited):
    response = client.post(
        _path(_link(mail.outbox[0])),
        {"full_name": "Nora New", "password1": "123", "password2": "123"},
    )
    assert response.status_code == 400
    assert b'value="Nora New"' in response.content
    assert not User.objects.get(email="nora@acme.test").has_joined


def test_an_existing_account_joins_after_signing_in(
    client, acme, sam, alice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(email=sam.email, role="coordinator", client=acme, by=alice)
    path = _path(_link(mail.outbox[0]))
    assert b"already have an Outhire account" in client.get(path).content
    login(client, sam)
    assert client.post(path).status_code == 302
    assert Membership.objects.get(user=sam, client=acme).role == "coordinator"


def test_provider_staff_invitations(client, alice, django_capture_on_commit_callbacks):
    login(client, alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/staff/", {"email": "new@provider.test", "role": "sourcer"})
    assert response.status_code == 302
    path = _path(_link(mail.outbox[0]))
    client.logout()
    client.post(path, {"full_name": "Nell", "password1": PASSWORD, "password2": PASSWORD})
    assert User.objects.get(email="new@provider.test").provider_role == "sourcer"
