"""Screening clicked through in Chromium: a recruiter reads the ranked, explained candidates of a
requisition, adds a match from the talent network, sends an assessment that the candidate takes
without JavaScript, advances the applicant, and the AI decision log shows each decision beside
the score that was shown.

Reuses the watched pages of the accounts browser tests: a console error, a CSP violation or a
5xx response fails the test.
"""

from __future__ import annotations

import pytest
from django.core import mail
from playwright.sync_api import expect

from outhire.accounts.tests.test_browser import (  # noqa: F401 (fixtures)
    _allow_sync_orm_under_playwright,
    browser,
    open_page,
    sign_in,
    watched,
)
from outhire.candidates.services import (
    contact_points_set,
)
from outhire.pipeline.models import Application
from outhire.pipeline.services import application_create
from outhire.requisitions.models import Requisition
from outhire.screening import assessments
from outhire.screening.models import (
    Assessment,
    AssessmentQuestion,
    AssessmentSitting,
    ScoreLog,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_recruiter_ranks_adds_assesses_and_decides(
    watched,  # noqa: F811
    browser,  # noqa: F811
    live_server,
    acme,
    rita,
    person,
    requisition,
    stage,
):
    Requisition.objects.filter(pk=requisition.pk).update(
        description="Build robot control software in Python and C++.",
        must_have_skills=["Python", "C++"],
    )
    requisition.refresh_from_db()
    ada = person(
        "Ada",
        "Robotics Engineer",
        "Python and C++ for robot arms",
        skills=["Python", "C++"],
        consent=False,
    )
    carl = person("Carl", "Chef", "Kitchen, menus and catering", skills=["Cooking"], consent=False)
    contact_points_set(candidate=ada, emails=["ada@example.test"], phones=[])
    ada_app = application_create(requisition=requisition, candidate=ada, by=rita)
    application_create(requisition=requisition, candidate=carl, by=rita)
    person("Pia", "Robotics Engineer", "Python robot software", skills=["Python"])
    assessment = Assessment.objects.create(
        client=acme, name="Robotics basics", requisition=requisition, days_valid=7, created_by=rita
    )
    AssessmentQuestion.objects.create(
        client=acme,
        assessment=assessment,
        position=1,
        area="skills",
        kind="choice",
        prompt="How often do you write Python?",
        options=[
            {"label": "Daily", "points": 5, "flag": False},
            {"label": "Never", "points": 0, "flag": True},
        ],
        max_points=5,
    )

    page = watched.page
    sign_in(page, rita.email)
    page.goto(f"/requisitions/{requisition.pk}/matches/")
    applicants = page.get_by_role("table", name="Applicants ranked")
    rows = applicants.locator("tbody tr")
    expect(rows.first).to_contain_text("Ada Doe")
    # Each must-have marked on each person, in words as well as signs.
    expect(rows.first).to_contain_text("Must-haves:")
    expect(rows.first).to_contain_text("Python (has it)")
    expect(rows.first).to_contain_text("C++ (has it)")
    expect(rows.nth(1)).to_contain_text("Carl Doe")
    expect(rows.nth(1)).to_contain_text("Python (missing)")
    # The requisition's skills, shown as on its own page.
    skills = page.get_by_role("region", name="Skills")
    expect(skills).to_contain_text("Must-have")
    expect(skills).to_contain_text("C++")
    matches = page.get_by_role("table", name="Best matches in the talent network")
    expect(matches).to_contain_text("Pia Doe")

    # The match is added by a person, as sourced, and the decision sits beside its score.
    button = page.get_by_role("button", name="Add to pipeline Pia Doe")
    button.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Pia Doe was added to the pipeline.")
    pia_app = Application.objects.get(requisition=requisition, candidate__first_name="Pia")
    assert pia_app.source == "sourced"
    # The score she was added on carries the decision; the page shown after it logs her
    # again, now as an applicant, with no decision yet.
    pia_logs = ScoreLog.objects.filter(
        candidate__first_name="Pia", requisition=requisition
    ).order_by("shown_at", "id")
    assert [log.decision for log in pia_logs] == [ScoreLog.Decision.ADDED_TO_PIPELINE, ""]
    assert pia_logs[0].application == pia_app

    # An assessment goes to Ada by e-mail; she takes it with JavaScript off.
    page.goto(f"/applications/{ada_app.pk}/assessments/")
    page.get_by_label("Assessment").select_option(label="Robotics basics")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("status")).to_contain_text("Assessment sent")
    sitting = AssessmentSitting.objects.get(application=ada_app)
    assert [m.to for m in mail.outbox if "Robotics basics" in m.body] == [["ada@example.test"]]
    candidate_view = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        taking = candidate_view.new_page()
        taking.set_default_timeout(10_000)
        taking.goto(f"/assessment/{assessments.link_token(sitting)}/")
        taking.get_by_label("Daily").check()
        taking.get_by_role("button", name="Finish and send my answers").click()
        expect(taking.get_by_role("heading", name="Thank you")).to_be_visible()
    finally:
        candidate_view.close()
    sitting.refresh_from_db()
    assert sitting.submitted_at is not None and sitting.auto_points == 5

    page.goto(f"/applications/{ada_app.pk}/assessments/")
    expect(page.get_by_role("main")).to_contain_text("5 of 5")

    # The recruiter decides on the board; the decision log shows it beside Ada's score.
    page.goto(f"/requisitions/{requisition.pk}/board/")
    move = page.get_by_role("button", name="Move Ada Doe")
    move.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Ada Doe moved to")
    page.goto(f"/requisitions/{requisition.pk}/ai-decisions/")
    log = page.get_by_role("main")
    expect(log).to_contain_text("Advanced")
    expect(log).to_contain_text("Added to the pipeline")
    expect(log).to_contain_text("No decision yet")  # Carl: nobody decided yet
    watched.assert_clean()
