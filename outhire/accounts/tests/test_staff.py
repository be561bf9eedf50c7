from __future__ import annotations

from outhire.accounts.models import AuditEvent, Membership
from outhire.testing import login


def test_admins_list_staff(client, alice, rita, sam, carla):
    login(client, alice)
    response = client.get("/staff/")
    assert b"Rita Recruiter" in response.content and b"Sam Sourcer" in response.content
    assert b"Carla" not in response.content


def test_an_admin_changes_a_role_and_deactivates(client, alice, rita):
    login(client, alice)
    response = client.post(
        f"/staff/{rita.pk}/", {"full_name": "Rita R", "provider_role": "coordinator"}
    )
    assert response.status_code == 302
    rita.refresh_from_db()
    assert rita.provider_role == "coordinator" and not rita.is_active
    assert Membership.objects.get(user=rita).role == "coordinator"
    event = AuditEvent.objects.get(action="user.updated")
    assert event.changes["is_active"] == [True, False]


def test_an_admin_cannot_demote_themselves(client, alice):
    login(client, alice)
    response = client.post(
        f"/staff/{alice.pk}/",
        {"full_name": "Alice", "provider_role": "recruiter", "is_active": "on"},
    )
    assert response.status_code == 400
    alice.refresh_from_db()
    assert alice.provider_role == "admin"


def test_client_users_are_not_staff_pages(client, alice, carla):
    login(client, alice)
    assert client.get(f"/staff/{carla.pk}/").status_code == 404


def test_a_deactivated_user_loses_their_session(client, alice, rita):
    login(client, rita)
    assert client.get("/clients/").status_code == 200
    rita.is_active = False
    rita.save()
    assert client.get("/clients/").status_code == 302


def test_an_admin_resets_a_colleagues_two_factor(client, alice, rita):
    import pyotp

    rita.totp_secret = pyotp.random_base32()
    rita.totp_confirmed_at = rita.date_joined
    rita.save()
    login(client, alice)
    assert client.post(f"/staff/{rita.pk}/two-factor/reset/").status_code == 302
    rita.refresh_from_db()
    assert not rita.has_2fa
    assert AuditEvent.objects.filter(action="two_factor.reset").exists()


def test_only_admins_reset_two_factor(client, rita, sam):
    import pyotp

    sam.totp_secret = pyotp.random_base32()
    sam.totp_confirmed_at = sam.date_joined
    sam.save()
    login(client, rita)
    assert client.post(f"/staff/{sam.pk}/two-factor/reset/").status_code == 403
    sam.refresh_from_db()
    assert sam.has_2fa
