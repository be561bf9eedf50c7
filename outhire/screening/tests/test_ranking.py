"""The match pages: applicants ranked, best matches of the talent network, add to pipeline."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from outhire.candidates.models import Candidate
from outhire.pipeline.models import Application
from outhire.pipeline.services import application_create
from outhire.requisitions import services as requisitions
from outhire.requisitions.services import dispositions_ensure
from outhire.screening import matcher
from outhire.screening.models import ScoreLog, ScreeningSettings
from outhire.testing import login


@pytest.fixture
def requisition(acme, rita):
    req = requisitions.requisition_create(
        client=acme,
        by=rita,
        fields={
            "title": "Python Developer",
            "description": "Build web services in Python and Django. 5+ years of experience "
            "with Python.",
            "location": "Berlin",
            "must_have_skills": ["Python", "Django"],
            "nice_to_have_skills": ["PostgreSQL"],
        },
    )
    requisitions.requisition_submit(requisition=req, by=rita)
    dispositions_ensure(acme)
    req.refresh_from_db()
    return req


def _url(requisition) -> str:
    return reverse("screening:requisition_matches", args=[requisition.pk])


def _table(html: str, caption: str) -> str:
    start = html.index(f"<caption>{caption}</caption>")
    return html[start : html.index("</table>", start)]


def _rows(table: str, names: list[str]) -> list[str]:
    """The table row of each person named, in the order asked."""
    rows = table.split("<tr>")
    return [next(r for r in rows if f"{n} Doe" in r) for n in names]


def _marks(row: str) -> dict[str, str]:
    """Skill -> "has it" / "related experience" / "missing", as the row marks it."""
    found = re.findall(
        r'<span class="skill \w+"><span aria-hidden="true">. </span>([^<]+)'
        r'<span class="visually-hidden"> \(([^)]+)\)</span>',
        row,
    )
    return dict(found)


def _order(table: str, names: list[str]) -> list[str]:
    found = [(table.index(f"{n} Doe"), n) for n in names if f"{n} Doe" in table]
    return [n for _, n in sorted(found)]


def test_it_ranks_applicants_best_first(client, requisition, rita, person):
    otto = person(
        "Otto", "Accountant", "Bookkeeping and payroll in Python scripts", location="Hamburg"
    )
    pia = person(
        "Pia",
        "Python Developer",
        "Python and Django web services developer, PostgreSQL",
        skills=["Python", "Django", "PostgreSQL"],
        location="Berlin",
        years_experience=6,
    )
    for candidate in (otto, pia):
        application_create(requisition=requisition, candidate=candidate, by=rita)
    html = login(client, rita).get(_url(requisition)).content.decode()
    assert (
        "Scores assist; people decide. Nothing is rejected or advanced because of a score." in html
    )
    table = _table(html, "Applicants ranked")
    assert _order(table, ["Otto", "Pia"]) == ["Pia", "Otto"]
    pia_row, otto_row = _rows(table, ["Pia", "Otto"])
    # Each must-have marked per person: had, missing (the sign is for the eye, the words for
    # a screen reader).
    assert _marks(pia_row).items() >= {"Python": "has it", "Django": "has it"}.items()
    assert _marks(otto_row)["Django"] in {"missing", "related experience"}
    assert "Must-haves:" in pia_row
    assert "Location: lives in Berlin" in table


def test_best_matches_leave_out_people_without_consent_or_already_applied(
    client, requisition, rita, person
):
    person("Pia", "Python Developer", "Python and Django", skills=["Python", "Django"])
    person("Nico", "Python Developer", "Python and Django", consent=False)
    ada = person("Ada", "Python Developer", "Python and Django")
    application_create(requisition=requisition, candidate=ada, by=rita)
    # No consent, but applied to another requisition before: may be approached.
    other = requisitions.requisition_create(
        client=requisition.client, by=rita, fields={"title": "Data Engineer"}
    )
    requisitions.requisition_submit(requisition=other, by=rita)
    bea = person("Bea", "Python Engineer", "Python", consent=False)
    application_create(requisition=other, candidate=bea, by=rita)
    withdrawn = person("Wim", "Python Developer", "Python and Django")
    withdrawn.consents.update(withdrawn_at="2026-01-01T00:00Z")
    person("Zed", "Gardener", "Roses and hedges")  # matches none of the words

    html = login(client, rita).get(_url(requisition)).content.decode()
    table = _table(html, "Best matches in the talent network")
    assert "Pia Doe" in table and "Bea Doe" in table
    assert "Nico Doe" not in table and "Ada Doe" not in table and "Wim Doe" not in table
    assert "Zed Doe" not in table
    assert "Ada Doe" in _table(html, "Applicants ranked")


def test_add_to_pipeline_creates_a_sourced_application_and_records_the_decision(
    client, requisition, rita, person
):
    pia = person("Pia", "Python Developer", "Python and Django", source="referral")
    login(client, rita).get(_url(requisition))
    shown = ScoreLog.objects.get(requisition=requisition, candidate=pia)
    assert shown.decision == ""

    response = client.post(
        reverse("screening:requisition_matches_add", args=[requisition.pk]), {"candidate": pia.pk}
    )
    assert response.status_code == 302
    application = Application.objects.get(requisition=requisition, candidate=pia)
    assert application.source == Candidate.Source.SOURCED
    assert application.stage.kind == "sourced"
    shown.refresh_from_db()
    assert shown.decision == ScoreLog.Decision.ADDED_TO_PIPELINE
    assert shown.decided_by == rita and shown.decided_at is not None
    assert shown.application == application

    # Twice: a clear message, no second application.
    response = client.post(
        reverse("screening:requisition_matches_add", args=[requisition.pk]),
        {"candidate": pia.pk},
        follow=True,
    )
    assert "already in the pipeline" in response.content.decode()
    assert Application.objects.filter(candidate=pia).count() == 1


def test_it_writes_score_logs_with_version_and_digest(client, requisition, rita, person):
    pia = person("Pia", "Python Developer", "Python and Django")
    ada = person("Ada", "Python Developer", "Python and Django and Flask")
    application_create(requisition=requisition, candidate=ada, by=rita)
    login(client, rita).get(_url(requisition))
    logs = {log.candidate_id: log for log in ScoreLog.objects.filter(requisition=requisition)}
    assert set(logs) == {pia.pk, ada.pk}
    for log in logs.values():
        assert log.matcher_version == matcher.MATCHER_VERSION
        assert re.fullmatch(r"[0-9a-f]{64}", log.input_digest)
        assert log.shown_to == rita and log.client_id == requisition.client_id
        assert log.reasons and 0 <= log.score <= 100
    assert logs[ada.pk].application.candidate_id == ada.pk
    assert logs[pia.pk].application is None
    assert logs[pia.pk].input_digest != logs[ada.pk].input_digest

    # Same inputs, same digest; a changed profile, another digest.
    client.get(_url(requisition))
    again = ScoreLog.objects.filter(candidate=pia).order_by("-id").first()
    assert again.input_digest == logs[pia.pk].input_digest
    pia.current_title = "Python Lead"
    pia.save(update_fields=["current_title"])  # marks the stored feature row stale
    client.get(_url(requisition))
    changed = ScoreLog.objects.filter(candidate=pia).order_by("-id").first()
    assert changed.input_digest != logs[pia.pk].input_digest


def test_switched_off_it_shows_no_scores_and_logs_nothing(client, requisition, rita, person):
    ScreeningSettings.objects.create(client=requisition.client, ai_ranking_enabled=False)
    pia = person("Pia", "Python Developer", "Python and Django")
    application_create(requisition=requisition, candidate=pia, by=rita)
    html = login(client, rita).get(_url(requisition)).content.decode()
    assert "AI-assisted ranking is switched off" in html
    assert "Pia Doe" not in html and "Applicants ranked" not in html
    assert not ScoreLog.objects.exists()


@pytest.mark.parametrize("who", ["carla", "hank", "sam", "gina"])
def test_client_users_and_other_clients_staff_get_404(client, requisition, person, who, request):
    pia = person("Pia", "Python Developer", "Python and Django")
    login(client, request.getfixturevalue(who))
    assert client.get(_url(requisition)).status_code == 404
    add = reverse("screening:requisition_matches_add", args=[requisition.pk])
    assert client.post(add, {"candidate": pia.pk}).status_code == 404
    assert not Application.objects.exists()
    assert not ScoreLog.objects.exists()


def test_settings_page_switches_ranking_and_validates_weights(client, acme, carla, rita, alice):
    url = reverse("screening:settings", args=[acme.slug])
    assert login(client, rita).get(url).status_code == 403
    login(client, carla)
    response = client.post(url, {"weight_location": "-1"})
    assert response.status_code == 200
    assert "greater than or equal to 0" in response.content.decode()
    assert not ScreeningSettings.objects.exists()

    response = client.post(url, {"weight_location": "0.5", "weight_expansion": ""})
    assert response.status_code == 302
    saved = ScreeningSettings.objects.get(client=acme)
    assert saved.ai_ranking_enabled is False
    assert saved.weights == {"location": 0.5}
    assert saved.matcher_weights().location == 0.5
    assert saved.matcher_weights().expansion == matcher.Weights().expansion

    login(client, alice)
    client.post(url, {"ai_ranking_enabled": "on"})
    saved.refresh_from_db()
    assert saved.ai_ranking_enabled is True and saved.weights == {}


def test_settings_page_is_404_for_other_clients(client, acme, gina, sam):
    url = reverse("screening:settings", args=[acme.slug])
    for user in (gina, sam):
        assert login(client, user).get(url).status_code == 404


def test_the_board_links_to_the_matches(client, requisition, rita):
    html = login(client, rita).get(reverse("pipeline:board", args=[requisition.pk])).content
    assert _url(requisition).encode() in html


def _queries(client, requisition) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(_url(requisition)).status_code == 200
    return len(queries)


def test_the_page_costs_a_fixed_number_of_queries(client, requisition, rita, person):
    def add(n: int, start: int) -> None:
        for i in range(start, start + n):
            candidate = person(f"P{i}", "Python Developer", "Python and Django", skills=["Python"])
            if i % 2:
                application_create(requisition=requisition, candidate=candidate, by=rita)

    login(client, rita)
    add(2, 0)
    few = _queries(client, requisition)
    add(18, 2)
    many = _queries(client, requisition)
    assert ScoreLog.objects.filter(shown_at__isnull=False).count() == 2 + 20
    assert few == many
