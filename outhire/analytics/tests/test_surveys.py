"""Candidate surveys and hiring-manager ratings: triggers, the signed links, one answer, opt-out."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from outhire.analytics import surveys
from outhire.analytics.metrics import Scope, kpis_from_aggregates
from outhire.analytics.models import CandidateSurvey, ManagerRating, SurveyOptOut, SurveySettings
from outhire.candidates.services import candidate_create
from outhire.careers.tests.brand_checks import assert_branded
from outhire.pipeline import services as pipeline
from outhire.requisitions import services as requisitions
from outhire.requisitions.models import DispositionReason


@pytest.fixture
def one_seat(acme, rita, hank):
    req = requisitions.requisition_create(
        client=acme, by=rita, fields={"title": "Welder", "openings": 1, "hiring_manager": hank}
    )
    requisitions.requisition_submit(requisition=req, by=rita)
    requisitions.dispositions_ensure(acme)
    req.refresh_from_db()
    return req


def _apply(req, rita, name, email):
    person = candidate_create(by=rita, first_name=name, last_name="Tester", emails=[email])
    return pipeline.application_create(requisition=req, candidate=person, by=rita)


def _link(message) -> str:
    return re.search(r"http://\S+/(surveys|ratings)/\S+/", message.body).group(0)


def _path(link: str) -> str:
    return link.split("8000", 1)[1] if "8000" in link else "/" + link.split("/", 3)[3]


def test_a_hire_surveys_the_candidate_and_asks_the_manager(
    client, one_seat, rita, hank, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application = _apply(one_seat, rita, "Ada", "ada@example.test")
    hired = one_seat.stages.get(kind="hired")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        pipeline.application_move(application=application, to_stage=hired, by=rita)
    survey = CandidateSurvey.objects.get(application=application)
    assert survey.moment == "hired" and survey.sent_at is not None
    rating = ManagerRating.objects.get(requisition=one_seat)
    assert rating.manager == hank and rating.sent_at is not None
    to = {m.to[0]: m for m in mail.outbox}
    assert set(to) == {"ada@example.test", "hank@acme.test"}
    # The candidate answers once, without signing in; a second answer is refused.
    survey_url = _path(_link(to["ada@example.test"]))
    assert "ada" not in survey_url.lower()  # no personal data in the link
    page = client.get(survey_url)
    assert page.status_code == 200 and "Acme Robotics" in page.content.decode()
    refused = client.post(survey_url, {"score": "11"})
    assert refused.status_code == 400
    # The error is announced with the group of choices, not only shown beside it.
    assert 'aria-describedby="score-error"' in refused.content.decode()
    assert 'id="score-error"' in refused.content.decode()
    assert client.post(survey_url, {"score": "9", "comment": "Smooth"}).status_code == 200
    again = client.post(survey_url, {"score": "0"})
    assert "already been answered" in again.content.decode()
    survey.refresh_from_db()
    assert (survey.score, survey.comment) == (9, "Smooth")
    # The manager rates the filled requisition the same way.
    rating_url = _path(_link(to["hank@acme.test"]))
    assert 'aria-describedby="rating-error"' in client.post(rating_url, {}).content.decode()
    assert client.post(rating_url, {"rating": "4"}).status_code == 200
    rating.refresh_from_db()
    assert rating.rating == 4
    # NPS and manager satisfaction read the answers.
    today = timezone.localdate()
    kpis = kpis_from_aggregates(Scope((one_seat.client_id,), today, today + timedelta(days=1)))
    assert (kpis.nps.n, kpis.nps.score) == (1, 100.0)
    assert (kpis.manager_satisfaction.n, kpis.manager_satisfaction.mean) == (1, 4)


def test_a_forged_or_altered_link_is_not_found(client, one_seat, rita):
    application = _apply(one_seat, rita, "Bo", "bo@example.test")
    survey = CandidateSurvey.objects.create(
        client=one_seat.client, application=application, moment="applied", trigger="t:1"
    )
    token = surveys.survey_token(survey)
    assert client.get(f"/surveys/{token}/").status_code == 200
    assert client.get(f"/surveys/{token[:-2]}xx/").status_code == 404
    rating_token = surveys.rating_token(
        ManagerRating(pk=survey.pk)
    )  # a rating link for the survey's id opens no survey
    assert client.get(f"/surveys/{rating_token}/").status_code == 404


def test_opted_out_candidates_and_unchosen_moments_get_no_survey(
    client, one_seat, rita, django_capture_on_commit_callbacks
):
    reason = DispositionReason.objects.filter(client=one_seat.client).first()
    first = _apply(one_seat, rita, "Cy", "cy@example.test")
    token = surveys.opt_out_token(first.candidate_id)
    assert client.get(f"/surveys/{token}/unsubscribe/").status_code == 200
    assert not SurveyOptOut.objects.exists()  # a GET (a link preview) changes nothing
    assert client.post(f"/surveys/{token}/unsubscribe/").status_code == 200
    again = client.get(f"/surveys/{token}/unsubscribe/").content.decode()
    assert "you will not be sent any more" in again and "<form" not in again.split("<main")[1]
    with django_capture_on_commit_callbacks(execute=True):
        pipeline.application_reject(application=first, by=rita, disposition=reason)
    assert not CandidateSurvey.objects.filter(application=first).exists()

    SurveySettings.objects.create(client=one_seat.client, after_rejection=False)
    second = _apply(one_seat, rita, "Di", "di@example.test")
    with django_capture_on_commit_callbacks(execute=True):
        pipeline.application_reject(application=second, by=rita, disposition=reason)
    assert not CandidateSurvey.objects.filter(application=second).exists()


def test_a_rejection_is_surveyed_once(one_seat, rita, django_capture_on_commit_callbacks):
    reason = DispositionReason.objects.filter(client=one_seat.client).first()
    application = _apply(one_seat, rita, "Ed", "ed@example.test")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        pipeline.application_reject(application=application, by=rita, disposition=reason)
    survey = CandidateSurvey.objects.get(application=application)
    assert survey.moment == "rejected"
    assert [m.to for m in mail.outbox if "experience" in m.subject] == [["ed@example.test"]]
    surveys.on_stage_event(application.events.last().pk)  # the same event again
    assert CandidateSurvey.objects.filter(application=application).count() == 1


def test_interviews_that_ended_are_surveyed_once(one_seat, rita):
    from outhire.interviews.models import Interview

    application = _apply(one_seat, rita, "Flo", "flo@example.test")
    now = timezone.now()
    Interview.objects.create(
        client=one_seat.client,
        application=application,
        title="Panel",
        status="scheduled",
        starts_at=now - timedelta(hours=3),
        ends_at=now - timedelta(hours=2),
    )
    Interview.objects.create(
        client=one_seat.client,
        application=application,
        title="Later",
        status="scheduled",
        starts_at=now + timedelta(hours=3),
        ends_at=now + timedelta(hours=4),
    )
    assert surveys.survey_completed_interviews() == 1
    assert surveys.survey_completed_interviews() == 0
    assert CandidateSurvey.objects.get().moment == "interview"


def test_survey_settings_are_changed_by_writers_only(client, acme, carla, hank):
    from outhire.testing import login

    login(client, hank)
    assert client.get("/analytics/acme/surveys/").status_code == 200
    assert client.post("/analytics/acme/surveys/", {"after_applying": "on"}).status_code == 403
    login(client, carla)
    response = client.post("/analytics/acme/surveys/", {"after_applying": "on"})
    assert response.status_code == 302
    saved = SurveySettings.objects.get(client=acme)
    assert saved.after_applying and not saved.after_hire


def test_the_survey_pages_wear_the_clients_brand(client, one_seat, rita, globex):
    application = _apply(one_seat, rita, "Fay", "fay@example.test")
    survey = CandidateSurvey.objects.create(
        client=one_seat.client, application=application, moment="applied", trigger="t:9"
    )
    url = f"/surveys/{surveys.survey_token(survey)}/"
    html = client.get(url).content.decode()
    assert_branded(html, one_seat.client, not_for=globex)
    assert "<title>A short survey · Acme Robotics</title>" in html
    thanks = client.post(url, {"score": "8"}).content.decode()
    assert "Your answer to Acme Robotics is recorded" in thanks
    assert_branded(thanks, one_seat.client, not_for=globex)
    # One opt-out covers every client: that page names none of them.
    opt_out = client.get(f"/surveys/{surveys.opt_out_token(application.candidate_id)}/unsubscribe/")
    assert "Acme Robotics" not in opt_out.content.decode()
