"""Screening in the JSON API: matches, adding a match, the decision log, assessments, bias audit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from outhire.accounts.models import AuditEvent
from outhire.accounts.services import api_token_create
from outhire.candidates.models import Candidate
from outhire.pipeline.models import Application
from outhire.pipeline.services import application_create, application_move
from outhire.privacy.models import SelfIdentification
from outhire.requisitions import services as requisitions
from outhire.requisitions.services import dispositions_ensure
from outhire.screening import matcher
from outhire.screening.models import (
    Assessment,
    AssessmentSitting,
    ScoreLog,
    ScreeningSettings,
)
from outhire.testing import login

API = "/api/v1"


@pytest.fixture
def requisition(acme, rita, hank):
    req = requisitions.requisition_create(
        client=acme,
        by=rita,
        fields={
            "title": "Python Developer",
            "description": "Build web services in Python and Django. 5+ years of experience "
            "with Python.",
            "location": "Berlin",
            "must_have_skills": ["Python", "Django"],
            "hiring_manager": hank,
        },
    )
    requisitions.requisition_submit(requisition=req, by=rita)
    dispositions_ensure(acme)
    req.refresh_from_db()
    return req


@pytest.fixture
def person(person):
    """A Python developer in Berlin, by first name (the shared fixture, fixed profile)."""

    def make(first: str, *, consent: bool = True) -> Candidate:
        return person(
            first,
            "Python Developer",
            "Python and Django web services developer",
            skills=("Python", "Django"),
            consent=consent,
            location="Berlin",
        )

    return make


@pytest.fixture
def call(client):
    """call(user, client=None, can_write=True) -> request(method, path, params=None)."""

    def make(user, scope=None, *, can_write: bool = True):
        _, secret = api_token_create(name="t", client=scope, can_write=can_write, by=user)
        headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}

        def request(method: str, path: str, params=None):
            if method == "get":
                return client.get(API + path, params or {}, **headers)
            return client.post(API + path, {}, content_type="application/json", **headers)

        return request

    return make


@pytest.fixture
def pool(requisition, rita, person):
    """Pia applied; Bea is in the talent network with a talent-pool consent."""
    pia = person("Pia")
    application = application_create(requisition=requisition, candidate=pia, by=rita)
    bea = person("Bea")
    return {"pia": pia, "application": application, "bea": bea}


def _by_candidate(rows: list[dict]) -> dict[int, dict]:
    return {row["candidate"]: row for row in rows}


# --- Matches ---------------------------------------------------------------------------------


def test_it_ranks_applicants_and_matches_and_logs_every_score(call, requisition, rita, pool):
    response = call(rita)("get", f"/requisitions/{requisition.pk}/matches")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["requisition"] == requisition.pk
    assert body["matcher_version"] == matcher.MATCHER_VERSION
    pia = _by_candidate(body["applicants"])[pool["pia"].pk]
    assert pia["name"] == "Pia Doe"
    assert pia["application"] == pool["application"].pk and pia["stage"] == "Sourced"
    assert 0 < pia["score"] <= 100
    assert {r["kind"] for r in pia["reasons"]} >= {"skills", "location"}
    skills = next(line for line in pia["reason_lines"] if "must-have skills" in line)
    assert skills.startswith("Has ") and "Python" in skills and "Django" in skills
    assert "Location: lives in Berlin" in pia["reason_lines"]
    bea = _by_candidate(body["matches"])[pool["bea"].pk]
    assert bea["name"] == "Bea Doe" and bea["application"] is None and bea["stage"] is None

    logs = {log.candidate_id: log for log in ScoreLog.objects.filter(requisition=requisition)}
    assert set(logs) == {pool["pia"].pk, pool["bea"].pk}
    assert all(log.shown_to == rita and log.decision == "" for log in logs.values())
    assert logs[pool["pia"].pk].score == pia["score"]
    assert logs[pool["pia"].pk].application == pool["application"]
    assert logs[pool["bea"].pk].reasons == bea["reasons"]

    # Each call shows the scores again, so each call logs them again.
    call(rita)("get", f"/requisitions/{requisition.pk}/matches")
    assert ScoreLog.objects.filter(requisition=requisition).count() == 4


def test_a_browser_session_gets_the_same_matches(client, requisition, rita, pool):
    login(client, rita)
    response = client.get(f"{API}/requisitions/{requisition.pk}/matches")
    assert response.status_code == 200
    assert pool["pia"].pk in _by_candidate(response.json()["applicants"])
    assert ScoreLog.objects.filter(shown_to=rita).count() == 2


def test_blind_review_hides_applicants_names_not_the_talent_networks(
    call, acme, requisition, rita, pool
):
    ScreeningSettings.objects.create(client=acme, blind_review=True, blind_until_kind="interview")
    response = call(rita)("get", f"/requisitions/{requisition.pk}/matches")
    body = response.json()
    pia = _by_candidate(body["applicants"])[pool["pia"].pk]
    assert pia["name"] is None and "Pia" not in response.content.decode()
    assert _by_candidate(body["matches"])[pool["bea"].pk]["name"] == "Bea Doe"


def test_switched_off_it_answers_409_and_logs_nothing(call, acme, requisition, rita, pool):
    ScreeningSettings.objects.create(client=acme, ai_ranking_enabled=False)
    response = call(rita)("get", f"/requisitions/{requisition.pk}/matches")
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    assert "AI-assisted ranking is switched off for Acme Robotics" in response.json()["message"]
    assert "Pia" not in response.content.decode()
    assert not ScoreLog.objects.exists()


@pytest.mark.parametrize(
    "who, scope",
    [("carla", "acme"), ("hank", "acme"), ("ivy", "acme"), ("gina", "globex"), ("sam", None)],
)
def test_client_users_and_other_clients_staff_get_404(requisition, pool, call, who, scope, request):
    user = request.getfixturevalue(who)
    as_user = call(user, request.getfixturevalue(scope) if scope else None)
    base = f"/requisitions/{requisition.pk}"
    assert as_user("get", f"{base}/matches").status_code == 404
    assert as_user("post", f"{base}/matches/{pool['bea'].pk}/add").status_code == 404
    assert as_user("get", f"{base}/score-log").status_code == 404
    assert not ScoreLog.objects.exists()
    assert not Application.objects.filter(candidate=pool["bea"]).exists()


def test_a_client_scoped_token_of_provider_staff_gets_404(call, acme, requisition, rita, pool):
    # Narrowed to one client, the token is not the provider's: the match pages are not for it.
    as_token = call(rita, acme)
    assert as_token("get", f"/requisitions/{requisition.pk}/matches").status_code == 404


# --- Adding a match --------------------------------------------------------------------------


def test_add_creates_a_sourced_application_and_records_the_decision(call, requisition, rita, pool):
    as_rita = call(rita)
    as_rita("get", f"/requisitions/{requisition.pk}/matches")
    shown = ScoreLog.objects.get(requisition=requisition, candidate=pool["bea"])

    url = f"/requisitions/{requisition.pk}/matches/{pool['bea'].pk}/add"
    response = as_rita("post", url)
    assert response.status_code == 201, response.json()
    application = Application.objects.get(requisition=requisition, candidate=pool["bea"])
    assert response.json() == {
        "application": application.pk,
        "requisition": requisition.pk,
        "candidate": pool["bea"].pk,
        "stage": "Sourced",
        "decision_recorded": True,
    }
    assert application.source == Candidate.Source.SOURCED
    assert application.stage.kind == "sourced"
    shown.refresh_from_db()
    assert shown.decision == ScoreLog.Decision.ADDED_TO_PIPELINE
    assert shown.decided_by == rita and shown.decided_at is not None
    assert shown.application == application

    again = as_rita("post", url)
    assert again.status_code == 409 and again.json()["code"] == "conflict"
    assert "already in the pipeline" in again.json()["message"]
    assert Application.objects.filter(candidate=pool["bea"]).count() == 1


def test_add_without_a_score_shown_records_no_decision(call, requisition, rita, pool):
    url = f"/requisitions/{requisition.pk}/matches/{pool['bea'].pk}/add"
    response = call(rita)("post", url)
    assert response.status_code == 201 and response.json()["decision_recorded"] is False
    assert not ScoreLog.objects.exists()


def test_a_read_only_token_cannot_add(call, requisition, rita, pool):
    as_reader = call(rita, can_write=False)
    assert as_reader("get", f"/requisitions/{requisition.pk}/matches").status_code == 200
    response = as_reader("post", f"/requisitions/{requisition.pk}/matches/{pool['bea'].pk}/add")
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    assert not Application.objects.filter(candidate=pool["bea"]).exists()
    assert not ScoreLog.objects.exclude(decision="").exists()


def test_add_refuses_unknown_candidates_and_closed_requisitions(call, requisition, rita, pool):
    as_rita = call(rita)
    assert as_rita("post", f"/requisitions/{requisition.pk}/matches/999999/add").status_code == 404
    requisition.status = "cancelled"
    requisition.save(update_fields=["status"])
    response = as_rita("post", f"/requisitions/{requisition.pk}/matches/{pool['bea'].pk}/add")
    assert response.status_code == 422 and response.json()["code"] == "invalid"
    assert "does not take candidates" in response.json()["message"]
    assert not Application.objects.filter(candidate=pool["bea"]).exists()


# --- The decision log ------------------------------------------------------------------------


def test_the_score_log_lists_scores_beside_decisions(call, requisition, rita, pool):
    as_rita = call(rita)
    as_rita("get", f"/requisitions/{requisition.pk}/matches")
    as_rita("post", f"/requisitions/{requisition.pk}/matches/{pool['bea'].pk}/add")

    response = as_rita("get", f"/requisitions/{requisition.pk}/score-log")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    rows = _by_candidate(body["items"])
    bea = rows[pool["bea"].pk]
    log = ScoreLog.objects.get(candidate=pool["bea"])
    assert bea["id"] == log.pk and bea["requisition"] == requisition.pk
    assert bea["matcher_version"] == matcher.MATCHER_VERSION
    assert bea["input_digest"] == log.input_digest and bea["score"] == log.score
    assert bea["reasons"] == log.reasons and bea["reason_lines"]
    assert bea["shown_to"] == "rita@provider.test" and bea["shown_at"]
    assert bea["decision"] == "added_to_pipeline" and bea["decided_by"] == "rita@provider.test"
    assert bea["application"] == Application.objects.get(candidate=pool["bea"]).pk
    assert bea["decided_at"] is not None
    pia = rows[pool["pia"].pk]
    assert pia["decision"] == "" and pia["decided_by"] is None and pia["decided_at"] is None
    assert "name" not in pia  # ids, not names, as in the CSV export

    paged = as_rita("get", f"/requisitions/{requisition.pk}/score-log", {"limit": 1}).json()
    assert paged["count"] == 2 and len(paged["items"]) == 1


# --- Assessments -----------------------------------------------------------------------------


@pytest.fixture
def sittings(acme, requisition, pool, rita):
    assessment = Assessment.objects.create(client=acme, name="Data skills", requisition=requisition)
    now = timezone.now()
    scored = AssessmentSitting.objects.create(
        client=acme,
        assessment=assessment,
        application=pool["application"],
        sent_by=rita,
        sent_at=now - timedelta(days=2),
        expires_at=now + timedelta(days=5),
        submitted_at=now - timedelta(days=1),
        auto_points=6,
        reviewer_points=2,
        possible_points=10,
        flagged=True,
        flag_reasons=["How often do you write SQL?: Never"],
    )
    sent = AssessmentSitting.objects.create(
        client=acme,
        assessment=assessment,
        application=pool["application"],
        sent_by=rita,
        expires_at=now + timedelta(days=7),
    )
    return {"scored": scored, "sent": sent}


def test_an_applications_assessments(call, requisition, rita, pool, sittings):
    response = call(rita)("get", f"/applications/{pool['application'].pk}/assessments")
    assert response.status_code == 200
    rows = {row["id"]: row for row in response.json()}
    scored, sent = rows[sittings["scored"].pk], rows[sittings["sent"].pk]
    assert scored["assessment_name"] == "Data skills"
    assert scored["status"] == "scored" and scored["points"] == 8.0
    assert scored["possible_points"] == 10.0 and scored["percent"] == 80
    assert scored["flagged"] is True and scored["needs_review"] is False
    assert scored["flag_reasons"] == ["How often do you write SQL?: Never"]
    assert sent["status"] == "sent" and sent["points"] is None and sent["percent"] is None
    assert [row["id"] for row in response.json()] == [sittings["sent"].pk, sittings["scored"].pk]


def test_client_users_see_assessments_once_the_application_reaches_them(
    call, acme, globex, requisition, rita, hank, ivy, gina, pool, sittings, stage
):
    url = f"/applications/{pool['application'].pk}/assessments"
    for user, scope in ((hank, acme), (ivy, acme), (gina, globex)):
        assert call(user, scope)("get", url).status_code == 404
    application_move(application=pool["application"], to_stage=stage("submitted"), by=rita)
    for user in (hank, ivy):
        response = call(user, acme)("get", url)
        assert response.status_code == 200 and len(response.json()) == 2
    assert call(gina, globex)("get", url).status_code == 404


# --- Bias audit ------------------------------------------------------------------------------


@pytest.fixture
def audit_world(make_application, stage, rita):
    """Six reach `screen`: Female 3 (2 interviewed), Male 3 (1 interviewed)."""
    plan = [("Female", True), ("Female", True), ("Female", False)]
    plan += [("Male", True), ("Male", False), ("Male", False)]
    for n, (sex, interviewed) in enumerate(plan):
        app = make_application(f"P{n}")
        SelfIdentification.objects.create(
            client_id=app.client_id, application=app, sex=sex, race_ethnicity="White"
        )
        application_move(application=app, to_stage=stage("screen"), by=rita)
        if interviewed:
            app.refresh_from_db()
            application_move(application=app, to_stage=stage("interview"), by=rita)


def _groups(table: dict) -> dict[str, dict]:
    return {g["category"]: g for g in table["groups"]}


def test_the_bias_audit_for_provider_and_client_admins_is_audited(
    call, acme, requisition, alice, carla, audit_world
):
    params = {"measure": "selection", "from_kind": "screen", "to_kind": "interview"}
    for user, scope in ((alice, None), (carla, acme)):
        response = call(user, scope)("get", f"/clients/{acme.slug}/bias-audit", params)
        assert response.status_code == 200, response.json()
        body = response.json()
        assert (body["client"], body["measure"]) == ("acme", "selection")
        assert (body["from_kind"], body["to_kind"], body["requisitions"]) == (
            "screen",
            "interview",
            [],
        )
        assert body["assessed"] == 6 and body["with_self_id"] == 6
        assert [t["dimension"] for t in body["tables"]] == ["sex", "race", "intersection"]
        sex = _groups(body["tables"][0])
        assert (sex["Female"]["count"], sex["Female"]["favourable"]) == (3, 2)
        assert sex["Male"]["impact_ratio"] == pytest.approx(0.5)
        assert sex["Male"]["below_four_fifths"] is True
        assert sex["Female"]["below_four_fifths"] is False
        assert "P1 Doe" not in response.content.decode()  # aggregates only
    assert AuditEvent.objects.filter(action="screening.bias_audit_viewed").count() == 2

    one = call(alice)(
        "get", f"/clients/{acme.slug}/bias-audit", {**params, "requisitions": [requisition.pk]}
    )
    assert one.status_code == 200 and one.json()["requisitions"] == [requisition.pk]
    assert one.json()["assessed"] == 6


def test_the_bias_audit_refuses_others_and_bad_choices(
    call, acme, globex, alice, rita, hank, ivy, gina, sam
):
    url = f"/clients/{acme.slug}/bias-audit"
    for user, scope in ((rita, None), (hank, acme), (ivy, acme), (gina, globex), (sam, None)):
        assert call(user, scope)("get", url).status_code == 404
    as_rita = call(alice)
    later = as_rita("get", url, {"from_kind": "offer", "to_kind": "screen"})
    assert later.status_code == 422
    assert later.json()["errors"][0]["field"] == "to_kind"
    assert "later than the first" in later.json()["message"]
    backwards = as_rita("get", url, {"start": "2026-02-01", "end": "2026-01-01"})
    assert backwards.status_code == 422 and backwards.json()["errors"][0]["field"] == "end"
    other = requisitions.requisition_create(client=globex, by=sam, fields={"title": "Nurse"})
    foreign = as_rita("get", url, {"requisitions": [other.pk]})
    assert foreign.status_code == 422 and foreign.json()["errors"][0]["field"] == "requisitions"
    assert as_rita("get", url, {"measure": "vibes"}).status_code == 422
    assert not AuditEvent.objects.filter(action="screening.bias_audit_viewed").exists()


def test_an_id_that_is_not_a_number_is_a_404(call, rita, carla, acme):
    # The path check reads it as 0, which nothing has: the same answer as for an object out of
    # reach, before anything else about the request.
    for as_user in (call(rita), call(carla, acme)):
        assert as_user("get", "/requisitions/abc/matches").status_code == 404
        assert as_user("post", "/requisitions/abc/matches/1/add").status_code == 404
        assert as_user("get", "/applications/abc/assessments").status_code == 404
