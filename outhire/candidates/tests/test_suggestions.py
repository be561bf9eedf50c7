"""Typo-tolerant search: "Did you mean" on the list page and in the API."""

from __future__ import annotations

from html import unescape

from outhire.candidates.models import ProfileEntry
from outhire.candidates.services import candidate_reindex
from outhire.testing import bearer, login


def _pythonista(make_candidate, rita):
    ada = make_candidate("Ada", "Lovelace", current_title="Data Engineer", by=rita)
    ProfileEntry.objects.create(candidate=ada, kind="skill", name="Python", origin="parsed")
    candidate_reindex(ada)
    return ada


def test_a_misspelt_word_offers_the_corrected_search_which_finds_the_candidate(
    client, rita, make_candidate
):
    _pythonista(make_candidate, rita)
    login(client, rita)
    page = client.get("/candidates/", {"q": "pyhton", "location": ""}).content.decode()
    assert "Ada Lovelace" not in page
    assert "Did you mean" in page
    link = unescape(page.split('Did you mean: <a href="')[1].split('"')[0])
    assert link.startswith("?") and "q=python" in link and "location=" in link
    found = client.get("/candidates/" + link).content.decode()
    assert "Ada Lovelace" in found and "Did you mean" not in found


def test_an_exact_word_or_a_word_with_matches_gets_no_suggestion(client, rita, make_candidate):
    _pythonista(make_candidate, rita)
    login(client, rita)
    for query in ("python", "pyth", "engineer"):
        page = client.get("/candidates/", {"q": query}).content.decode()
        assert "Ada Lovelace" in page and "Did you mean" not in page, query
    nothing = client.get("/candidates/", {"q": "zzzqqq"}).content.decode()
    assert "Did you mean" not in nothing


def test_suggestions_never_come_from_the_candidates_own_words(client, rita, make_candidate):
    """Only a fixed vocabulary is offered: a rare word in someone's profile (a name, a
    client's product) is never suggested for a near miss."""
    make_candidate("Zorblax", "Quentaro", current_title="Vexilologist", by=rita)
    login(client, rita)
    for near_miss in ("zorblak", "quentaru", "vexilologyst"):
        page = client.get("/candidates/", {"q": near_miss}).content.decode()
        assert "Did you mean" not in page, near_miss


def test_the_api_search_says_did_you_mean(client, alice, token_for, make_candidate, rita):
    _pythonista(make_candidate, rita)
    headers = bearer(token_for(alice))
    body = client.get("/api/v1/candidates/search?q=pyhton", headers=headers).json()
    assert body["count"] == 0 and body["did_you_mean"] == "python"
    body = client.get("/api/v1/candidates/search?q=python", headers=headers).json()
    assert body["count"] == 1 and body["did_you_mean"] is None


def test_client_users_get_no_search_and_so_no_suggestion(client, carla, acme, token_for):
    login(client, carla)
    assert client.get("/candidates/", {"q": "pyhton"}).status_code == 404
    response = client.get(
        "/api/v1/candidates/search?q=pyhton", headers=bearer(token_for(carla, client=acme))
    )
    assert response.status_code in (403, 404) and b"python" not in response.content
