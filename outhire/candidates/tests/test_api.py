from __future__ import annotations

import pytest

from outhire.accounts.models import AuditEvent
from outhire.candidates import services
from outhire.candidates.models import Candidate, Consent, Note, PoolMembership, TalentPool
from outhire.testing import bearer


@pytest.fixture
def staff(alice, token_for):
    """Headers of a provider-wide token that may write."""
    return bearer(token_for(alice))


def test_it_lists_candidates_with_their_contact_points(client, staff, ada, make_candidate):
    make_candidate("Grace", "Hopper", current_employer="US Navy")
    response = client.get("/api/v1/candidates", headers=staff)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    ada_out = next(c for c in body["items"] if c["id"] == ada.pk)
    assert ada_out["emails"] == ["ada@example.org"]
    assert ada_out["phones"] == ["+44 20 7946 0018"]
    assert "search_text" not in ada_out
    filtered = client.get("/api/v1/candidates?q=navy", headers=staff).json()
    assert [c["full_name"] for c in filtered["items"]] == ["Grace Hopper"]


def test_it_pages_the_list(client, staff, make_candidate):
    for i in range(5):
        make_candidate(f"P{i}")
    body = client.get("/api/v1/candidates?limit=2&offset=4", headers=staff).json()
    assert body["count"] == 5 and len(body["items"]) == 1


def test_it_searches_full_text_with_snippets_and_filters(client, staff, ada, make_candidate):
    grace = make_candidate("Grace", "Hopper", location="New York", summary="COBOL compilers")
    services.profile_entry_add(candidate=grace, fields={"kind": "skill", "name": "COBOL"}, by=None)
    services.candidate_reindex(grace)
    body = client.get("/api/v1/candidates/search?q=compil", headers=staff).json()
    assert body["count"] == 1 and body["count_is_capped"] is False
    hit = body["items"][0]
    assert hit["candidate"]["full_name"] == "Grace Hopper"
    assert "<mark>compilers</mark>" in hit["snippet"] and hit["rank"] > 0
    by_skill = client.get("/api/v1/candidates/search?skills=cobol", headers=staff).json()
    assert [h["candidate"]["id"] for h in by_skill["items"]] == [grace.pk]
    listed = client.get("/api/v1/candidates?location=london", headers=staff).json()
    assert [c["id"] for c in listed["items"]] == [ada.pk]


def test_search_refuses_bad_parameters_with_a_json_error(client, staff):
    for query in ("active_since=yesterday", "limit=0", "limit=1000", "pool=abc", "q=" + "x" * 300):
        response = client.get(f"/api/v1/candidates/search?{query}", headers=staff)
        assert response.status_code == 422, query
        assert response.json()["code"] and response.json()["errors"]


def test_search_is_closed_to_client_tokens(client, carla, acme, token_for, ada):
    response = client.get(
        "/api/v1/candidates/search?q=ada", headers=bearer(token_for(carla, client=acme))
    )
    assert response.status_code == 404


def test_it_gets_one_candidate(client, staff, ada):
    services.profile_entry_add(candidate=ada, fields={"kind": "skill", "name": "Maths"}, by=None)
    services.profile_entry_add(candidate=ada, fields={"kind": "skill", "name": "k8s"}, by=None)
    body = client.get(f"/api/v1/candidates/{ada.pk}", headers=staff).json()
    assert body["full_name"] == "Ada Lovelace"
    # the resume's words, and the taxonomy's name that matching and the skills filter read
    assert [(e["name"], e["skill"]) for e in body["profile"]] == [
        ("Maths", ""),  # unknown to the taxonomy
        ("k8s", "Kubernetes"),
    ]


def test_it_creates_a_candidate(client, staff, alice):
    response = client.post(
        "/api/v1/candidates",
        {
            "first_name": "Grace",
            "last_name": "Hopper",
            "emails": ["grace@example.org"],
            "tags": ["cobol"],
            "source": "referral",
        },
        content_type="application/json",
        headers=staff,
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["emails"] == ["grace@example.org"] and body["tags"] == ["cobol"]
    assert body["owner"] == alice.email
    assert AuditEvent.objects.get(action="candidate.created").changes["via"].startswith("API")


def test_it_answers_409_with_the_duplicates(client, staff, ada):
    payload = {"first_name": "A", "emails": ["ada@example.org"]}
    response = client.post(
        "/api/v1/candidates", payload, content_type="application/json", headers=staff
    )
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "conflict" and body["message"]
    assert body["duplicates"] == [
        {
            "id": ada.pk,
            "full_name": "Ada Lovelace",
            "current_title": "Analyst",
            "current_employer": "Analytical Engines",
            "reasons": ["same e-mail"],
        }
    ]
    assert Candidate.objects.count() == 1
    response = client.post(
        "/api/v1/candidates",
        {**payload, "allow_duplicate": True},
        content_type="application/json",
        headers=staff,
    )
    assert response.status_code == 201
    assert Candidate.objects.count() == 2


def test_it_refuses_bad_input(client, staff):
    response = client.post(
        "/api/v1/candidates",
        {"first_name": "X", "emails": ["nope"], "unknown": 1},
        content_type="application/json",
        headers=staff,
    )
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"emails", "unknown"}
    response = client.post(
        "/api/v1/candidates",
        {"first_name": "X", "linkedin_url": "not a url"},
        content_type="application/json",
        headers=staff,
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "linkedin_url"
    assert not Candidate.objects.exists()


def test_it_updates_a_candidate(client, staff, ada, rita):
    response = client.patch(
        f"/api/v1/candidates/{ada.pk}",
        {"location": "Paris", "phones": [], "owner": rita.email},
        content_type="application/json",
        headers=staff,
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["location"] == "Paris" and body["phones"] == []
    assert body["emails"] == ["ada@example.org"] and body["owner"] == rita.email


def test_it_adds_and_lists_notes(client, staff, ada):
    response = client.post(
        f"/api/v1/candidates/{ada.pk}/notes",
        {"body": "Keen", "visibility": "shared"},
        content_type="application/json",
        headers=staff,
    )
    assert response.status_code == 201
    assert Note.objects.get().visibility == "shared"
    items = client.get(f"/api/v1/candidates/{ada.pk}/notes", headers=staff).json()["items"]
    assert [n["body"] for n in items] == ["Keen"]


def test_it_records_and_withdraws_consents(client, staff, ada):
    response = client.post(
        f"/api/v1/candidates/{ada.pk}/consents",
        {"purpose": "marketing"},
        content_type="application/json",
        headers=staff,
    )
    assert response.status_code == 201 and response.json()["status"] == "active"
    consent = Consent.objects.get()
    assert consent.method == "api"
    response = client.post(
        f"/api/v1/candidates/{ada.pk}/consents/{consent.pk}/withdraw", headers=staff
    )
    assert response.json()["status"] == "withdrawn"
    listed = client.get(f"/api/v1/candidates/{ada.pk}/consents", headers=staff).json()
    assert [c["status"] for c in listed] == ["withdrawn"]


def test_it_manages_pools(client, staff, ada):
    response = client.post(
        "/api/v1/pools",
        {"name": "Nurses", "tags": ["care"]},
        content_type="application/json",
        headers=staff,
    )
    assert response.status_code == 201
    pool_id = response.json()["id"]
    assert client.put(f"/api/v1/pools/{pool_id}/members/{ada.pk}", headers=staff).status_code == 204
    members = client.get(f"/api/v1/pools/{pool_id}/members", headers=staff).json()
    assert [m["id"] for m in members["items"]] == [ada.pk]
    assert client.get(f"/api/v1/candidates/{ada.pk}", headers=staff).json()["pools"] == [pool_id]
    pools = client.get("/api/v1/pools", headers=staff).json()
    assert pools["items"][0]["tags"] == ["care"]
    response = client.delete(f"/api/v1/pools/{pool_id}/members/{ada.pk}", headers=staff)
    assert response.status_code == 204
    assert not PoolMembership.objects.exists()


def test_client_tokens_and_client_users_see_no_candidates(
    client, ada, carla, rita, acme, token_for
):
    pool = TalentPool.objects.create(name="Nurses")
    urls = [
        "/api/v1/candidates",
        f"/api/v1/candidates/{ada.pk}",
        f"/api/v1/candidates/{ada.pk}/notes",
        f"/api/v1/candidates/{ada.pk}/consents",
        f"/api/v1/candidates/{ada.pk}/documents",
        "/api/v1/pools",
        f"/api/v1/pools/{pool.pk}",
    ]
    # A staff member's own token narrowed to one client is a client token too.
    for secret in (token_for(carla, acme), token_for(rita, acme)):
        for url in urls:
            response = client.get(url, headers=bearer(secret))
            assert response.status_code == 404, url
            assert response.json()["code"] == "not_found"
        response = client.post(
            "/api/v1/candidates",
            {"first_name": "X", "allow_duplicate": True},
            content_type="application/json",
            headers=bearer(secret),
        )
        assert response.status_code == 404
    from outhire.testing import login

    login(client, carla)
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert Candidate.objects.count() == 1


def test_read_only_tokens_cannot_write(client, ada, alice, token_for):
    headers = bearer(token_for(alice, can_write=False))
    assert client.get(f"/api/v1/candidates/{ada.pk}", headers=headers).status_code == 200
    writes = [
        ("post", "/api/v1/candidates", {"first_name": "X", "allow_duplicate": True}),
        ("patch", f"/api/v1/candidates/{ada.pk}", {"location": "Mars"}),
        ("post", f"/api/v1/candidates/{ada.pk}/notes", {"body": "x"}),
        ("post", f"/api/v1/candidates/{ada.pk}/consents", {"purpose": "marketing"}),
        ("post", "/api/v1/pools", {"name": "X"}),
    ]
    for method, url, payload in writes:
        response = getattr(client, method)(
            url, payload, content_type="application/json", headers=headers
        )
        assert response.status_code == 403, url
        assert response.json()["code"] == "forbidden"
    ada.refresh_from_db()
    assert ada.location == "London"
    assert not Note.objects.exists() and not TalentPool.objects.exists()


def test_it_lists_duplicates_and_merges_them_with_an_audit_event(
    client, staff, ada, make_candidate
):
    twin = make_candidate("Ada", "King", emails=["ada@example.org"], location="London")
    Note.objects.create(candidate=twin, body="Met at a fair", visibility="provider")
    found = client.get(f"/api/v1/candidates/{ada.pk}/duplicates", headers=staff).json()
    assert [d["id"] for d in found] == [twin.pk] and "same e-mail" in found[0]["reasons"]
    response = client.post(
        f"/api/v1/candidates/{ada.pk}/merge",
        {"duplicate_id": twin.pk},
        content_type="application/json",
        headers=staff,
    )
    assert response.status_code == 200, response.json()
    twin.refresh_from_db()
    assert twin.merged_into_id == ada.pk
    assert Note.objects.get().candidate_id == ada.pk
    assert AuditEvent.objects.filter(action="candidate.merged").exists()
    again = client.post(
        f"/api/v1/candidates/{ada.pk}/merge",
        {"duplicate_id": twin.pk},
        content_type="application/json",
        headers=staff,
    )
    assert again.status_code == 404  # the merged record is no longer an active candidate
    itself = client.post(
        f"/api/v1/candidates/{ada.pk}/merge",
        {"duplicate_id": ada.pk},
        content_type="application/json",
        headers=staff,
    )
    assert itself.status_code == 422 and "itself" in itself.json()["message"]


def test_a_read_only_token_cannot_merge(client, alice, token_for, ada, make_candidate):
    twin = make_candidate("Ada", "King", emails=["ada@example.org"])
    response = client.post(
        f"/api/v1/candidates/{ada.pk}/merge",
        {"duplicate_id": twin.pk},
        content_type="application/json",
        headers=bearer(token_for(alice, can_write=False)),
    )
    assert response.status_code == 403
    twin.refresh_from_db()
    assert twin.merged_into_id is None
