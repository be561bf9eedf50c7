"""The audit trail through the JSON API: provider admins only, filtered like the Audit page."""

from __future__ import annotations

from outhire.accounts import audit
from outhire.testing import bearer


def test_a_provider_admin_reads_the_trail_newest_first_with_filters(
    client, alice, acme, globex, token_for
):
    audit.record("requisition.status_changed", actor=alice, client=acme, changes={"to": "open"})
    audit.record("membership.created", actor=alice, client=globex)
    headers = bearer(token_for(alice, can_write=False))
    body = client.get("/api/v1/audit-events", headers=headers).json()
    actions = [e["action"] for e in body["items"]]
    assert actions.index("membership.created") < actions.index("requisition.status_changed")
    only = client.get(
        "/api/v1/audit-events?action=requisition.&client=acme", headers=headers
    ).json()["items"]
    assert [(e["action"], e["client"], e["actor"]) for e in only] == [
        ("requisition.status_changed", "acme", "Alice Admin")
    ]
    assert only[0]["changes"] == {"to": "open"} and "ip" not in only[0]


def test_others_may_not(client, rita, carla, alice, acme, token_for):
    for headers in (
        bearer(token_for(rita)),
        bearer(token_for(carla, acme)),
        bearer(token_for(alice, acme)),  # an admin's token narrowed to one client
    ):
        assert client.get("/api/v1/audit-events", headers=headers).status_code == 403


def test_a_bad_date_is_a_422(client, alice, token_for):
    headers = bearer(token_for(alice))
    assert client.get("/api/v1/audit-events?since=0", headers=headers).status_code == 422
