from __future__ import annotations

import pytest

from outhire.accounts import audit
from outhire.accounts.models import AuditEvent
from outhire.testing import login


def test_events_are_append_only(db):
    event = audit.record("test.something", actor_label="tester")
    event.action = "changed"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.update(action="x")
    assert AuditEvent.objects.get().action == "test.something"


def test_secret_values_never_enter_the_trail(db):
    event = audit.record(
        "test.secret",
        changes={
            "password": "hunter2",
            "api_token": "oh_abc",
            "totp_secret": "JBSW",
            "name": "Ann",
            "nested": {"recovery_code": "1234-5678", "role": "admin"},
        },
    )
    text = str(event.changes)
    for secret in ("hunter2", "oh_abc", "JBSW", "1234-5678"):
        assert secret not in text
    assert event.changes["name"] == "Ann"
    assert event.changes["nested"]["role"] == "admin"


def test_it_records_the_actor_client_and_ip(rf, carla, acme):
    request = rf.get("/", REMOTE_ADDR="192.0.2.10")
    request.user = carla
    event = audit.record("test.thing", request=request, obj=acme)
    assert (event.actor, event.client, event.ip) == (carla, acme, "192.0.2.10")
    assert event.object_type == "accounts.Client" and event.object_id == str(acme.pk)


def test_it_trusts_forwarded_for_only_behind_configured_proxies(rf, settings, db):
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7, 10.0.0.2")
    assert audit.record("a", request=request).ip == "10.0.0.1"
    settings.OUTHIRE_TRUSTED_PROXIES = 1
    assert audit.record("b", request=request).ip == "10.0.0.2"
    settings.OUTHIRE_TRUSTED_PROXIES = 2
    assert audit.record("c", request=request).ip == "198.51.100.7"


def test_admins_list_and_filter_the_trail(client, alice, acme, globex):
    audit.record("client.updated", obj=acme, actor=alice)
    audit.record("client.updated", obj=globex, actor=alice)
    audit.record("membership.created", obj=acme, actor=alice)
    login(client, alice)
    response = client.get("/audit/", {"action": "client.", "client": acme.pk})
    assert response.status_code == 200
    assert [e.action for e in response.context["page"]] == ["client.updated"]
    assert response.context["page"][0].client == acme


def test_bad_filters_are_form_errors_not_500(client, alice):
    login(client, alice)
    response = client.get("/audit/", {"since": "yesterday", "client": "nope"})
    assert response.status_code == 200
    assert response.context["form"].errors


def test_only_provider_admins_read_the_trail(client, rita, carla):
    for user in (rita, carla):
        login(client, user)
        assert client.get("/audit/").status_code == 403
