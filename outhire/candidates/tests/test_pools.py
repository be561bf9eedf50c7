from __future__ import annotations

from outhire.accounts.models import AuditEvent
from outhire.candidates.models import PoolMembership, TalentPool
from outhire.testing import login


def test_it_creates_a_pool(client, rita):
    login(client, rita)
    response = client.post(
        "/candidates/pools/new/",
        {
            "name": "Silver medallists",
            "description": "Runners-up",
            "owner": rita.pk,
            "tags": "engineering, 2025",
        },
    )
    pool = TalentPool.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/candidates/pools/{pool.pk}/"
    assert pool.owner == rita
    assert sorted(pool.tags.values_list("name", flat=True)) == ["2025", "engineering"]
    assert AuditEvent.objects.filter(action="pool.created").exists()


def test_a_pool_name_is_unique(client, rita):
    TalentPool.objects.create(name="Nurses")
    login(client, rita)
    response = client.post("/candidates/pools/new/", {"name": "Nurses"})
    assert response.status_code == 400
    assert TalentPool.objects.count() == 1


def test_it_edits_a_pool(client, rita):
    pool = TalentPool.objects.create(name="Nurses")
    login(client, rita)
    response = client.post(f"/candidates/pools/{pool.pk}/edit/", {"name": "Night nurses"})
    assert response.status_code == 302
    pool.refresh_from_db()
    assert pool.name == "Night nurses"


def test_it_adds_and_removes_a_candidate(client, rita, ada):
    pool = TalentPool.objects.create(name="Nurses")
    login(client, rita)
    response = client.post(f"/candidates/{ada.pk}/pools/", {"pool": pool.pk})
    assert response.status_code == 302
    assert PoolMembership.objects.get().candidate == ada
    listing = client.get("/candidates/pools/").content.decode()
    assert "Nurses" in listing
    detail = client.get(f"/candidates/pools/{pool.pk}/").content.decode()
    assert "Ada Lovelace" in detail and "1 member" in detail
    response = client.post(f"/candidates/{ada.pk}/pools/{pool.pk}/remove/", {"from": "pool"})
    assert response["Location"] == f"/candidates/pools/{pool.pk}/"
    assert not PoolMembership.objects.exists()


def test_the_list_filters_by_pool(client, rita, ada, make_candidate):
    from outhire.candidates.services import pool_add

    make_candidate("Grace", "Hopper")
    pool = TalentPool.objects.create(name="Nurses")
    pool_add(pool=pool, candidate=ada, by=rita)
    login(client, rita)
    body = client.get("/candidates/", {"pool": pool.pk}).content.decode()
    assert "Ada Lovelace" in body and "Grace Hopper" not in body


def test_client_users_see_no_pools(client, carla):
    pool = TalentPool.objects.create(name="Nurses")
    login(client, carla)
    assert client.get("/candidates/pools/").status_code == 404
    assert client.get(f"/candidates/pools/{pool.pk}/").status_code == 404
    assert client.post("/candidates/pools/new/", {"name": "X"}).status_code == 404
