"""The survey and rating links, followed from their e-mails in Chromium with JavaScript off.

A candidate answers the experience survey with the keyboard and cannot answer it twice, and
stops further surveys from the unsubscribe link; a hiring manager rates a filled requisition.
The signed link is the only permission these pages have, so only a real browser shows whether
its form gets through (a `Referrer-Policy: no-referrer` page makes Chromium send `Origin: null`,
which Django's CSRF check refuses). A 5xx response, a failed stylesheet or a console error
fails the test.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import expect

from outhire.accounts.tests.test_browser import (  # noqa: F401 (fixtures)
    _allow_sync_orm_under_playwright,
    browser,
    link_page,
)
from outhire.analytics.models import CandidateSurvey, ManagerRating, SurveyOptOut
from outhire.analytics.tests.test_surveys import one_seat  # noqa: F401 (fixture)
from outhire.candidates.services import candidate_create
from outhire.pipeline import services as pipeline
from outhire.requisitions import services as requisitions
from outhire.requisitions.models import DispositionReason

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCORE_QUESTION = "How likely are you to recommend applying here to a friend?"
RATING_QUESTION = "How satisfied are you with how this requisition was filled?"


def _apply(requisition, rita, first_name: str, email: str):
    person = candidate_create(by=rita, first_name=first_name, last_name="Tester", emails=[email])
    return pipeline.application_create(requisition=requisition, candidate=person, by=rita)


def _hire(requisition, application, rita) -> None:
    hired = requisition.stages.get(kind="hired")
    pipeline.application_move(application=application, to_stage=hired, by=rita)


def _link_path(to: str, kind: str) -> str:
    """The path of the /surveys/... or /ratings/... link in the last e-mail sent to `to`."""
    [*_, message] = [m for m in mail.outbox if m.to == [to]]
    link = re.search(rf"https?://\S+/{kind}/\S+/", message.body).group(0)
    return urlsplit(link).path


def test_a_candidate_answers_the_survey_once_with_the_keyboard(link_page, one_seat, rita):  # noqa: F811
    application = _apply(one_seat, rita, "Ada", "ada@example.test")
    _hire(one_seat, application, rita)
    survey = CandidateSurvey.objects.get(application=application)
    path = _link_path("ada@example.test", "surveys")
    # The same e-mail opened a second time, in another tab, before answering.
    second_tab = link_page()
    second_tab.goto(path)

    page = link_page()
    page.goto(path)
    expect(
        page.get_by_role("heading", name="Acme Robotics: how was your experience?")
    ).to_be_visible()
    scale = page.get_by_role("group", name=SCORE_QUESTION)
    expect(scale.get_by_role("radio")).to_have_count(11)
    comment = page.get_by_label("Anything you would like to tell us? (optional)")
    comment.fill("Quick replies and clear next steps.")
    # Sent without a score: refused, and the comment typed is still there.
    comment.press("Tab")
    send = page.get_by_role("button", name="Send")
    expect(send).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("group", name=SCORE_QUESTION)).to_contain_text(
        "This field is required."
    )
    expect(comment).to_have_value("Quick replies and clear next steps.")
    survey.refresh_from_db()
    assert survey.responded_at is None

    page.get_by_role("group", name=SCORE_QUESTION).get_by_label("9", exact=True).check()
    expect(scale.get_by_label("10", exact=True)).not_to_be_checked()
    comment.focus()
    page.keyboard.press("Tab")
    expect(send).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Your answer to Acme Robotics is recorded.")
    survey.refresh_from_db()
    assert (survey.score, survey.comment) == (9, "Quick replies and clear next steps.")
    assert survey.responded_at is not None
    answered_at = survey.responded_at

    # The link opened again says it was answered and offers no form.
    page.goto(path)
    expect(page.get_by_role("main")).to_contain_text(
        "This survey has already been answered. Thank you!"
    )
    expect(page.get_by_role("radio")).to_have_count(0)
    # The form left open in the other tab cannot answer a second time.
    second_tab.get_by_role("group", name=SCORE_QUESTION).get_by_label("2", exact=True).check()
    second_tab.get_by_role("button", name="Send").press("Enter")
    expect(second_tab.get_by_role("main")).to_contain_text(
        "This survey has already been answered. Thank you!"
    )
    survey.refresh_from_db()
    assert (survey.score, survey.responded_at) == (9, answered_at)
    assert CandidateSurvey.objects.filter(application=application).count() == 1


def test_the_unsubscribe_link_stops_further_surveys(link_page, one_seat, rita):  # noqa: F811
    reason = DispositionReason.objects.filter(client=one_seat.client).first()
    application = _apply(one_seat, rita, "Cy", "cy@example.test")
    pipeline.application_reject(application=application, by=rita, disposition=reason)
    assert CandidateSurvey.objects.filter(application=application).count() == 1
    [message] = [m for m in mail.outbox if m.to == ["cy@example.test"]]
    unsubscribe = re.search(r"https?://\S+/surveys/\S+/unsubscribe/", message.body).group(0)

    page = link_page()
    page.goto(urlsplit(unsubscribe).path)
    expect(page.get_by_role("heading", name="No more surveys")).to_be_visible()
    assert not SurveyOptOut.objects.exists()  # opening the link (a link preview) changes nothing
    page.get_by_role("button", name="Send me no more surveys").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_contain_text(
        "Done: you will not be sent any more of these surveys."
    )
    assert SurveyOptOut.objects.filter(candidate=application.candidate).exists()

    # Honoured: rejected again for another requisition, Cy is sent no survey.
    other = requisitions.requisition_create(
        client=one_seat.client, by=rita, fields={"title": "Painter", "openings": 1}
    )
    requisitions.requisition_submit(requisition=other, by=rita)
    again = pipeline.application_create(requisition=other, candidate=application.candidate, by=rita)
    mail.outbox.clear()
    pipeline.application_reject(application=again, by=rita, disposition=reason)
    assert not CandidateSurvey.objects.filter(application=again).exists()
    assert [m for m in mail.outbox if m.to == ["cy@example.test"] and "/surveys/" in m.body] == []


def test_a_hiring_manager_rates_a_filled_requisition(link_page, one_seat, rita, hank):  # noqa: F811
    application = _apply(one_seat, rita, "Bo", "bo@example.test")
    _hire(one_seat, application, rita)
    one_seat.refresh_from_db()
    assert one_seat.status == "filled"
    rating = ManagerRating.objects.get(requisition=one_seat)
    assert rating.manager == hank
    path = _link_path(hank.email, "ratings")

    page = link_page()
    page.goto(path)
    expect(page.get_by_role("heading", name="“Welder” is filled")).to_be_visible()
    scale = page.get_by_role("group", name=RATING_QUESTION)
    expect(scale.get_by_role("radio")).to_have_count(5)
    four = scale.get_by_label("4", exact=True)
    four.focus()
    page.keyboard.press("Space")
    expect(four).to_be_checked()
    comment = page.get_by_label("Comment (optional)")
    comment.fill("Two strong finalists within a month.")
    comment.press("Tab")
    expect(page.get_by_role("button", name="Send")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Your answer to Acme Robotics is recorded.")
    rating.refresh_from_db()
    assert (rating.rating, rating.comment) == (4, "Two strong finalists within a month.")
    assert rating.responded_at is not None

    page.goto(path)
    expect(page.get_by_role("main")).to_contain_text(
        "This requisition has already been rated. Thank you!"
    )
    expect(page.get_by_role("radio")).to_have_count(0)
