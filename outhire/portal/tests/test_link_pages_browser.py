"""The pages a candidate opens from an e-mailed link (booking an interview, an assessment, an
offer, a survey) on a phone, in Chromium with JavaScript off as from a mail client: each is
reached through the link in the real e-mail, wears the client's careers brand (its name, its
colour in the header) and fits a 390 px screen without sideways scrolling.

Set CANDIDATE_SHOTS=/some/dir to keep screenshots of each page at 1366 and 390 px.
"""

from __future__ import annotations

import os
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from outhire.accounts.tests.test_browser import (  # noqa: F401 (fixtures)
    _allow_sync_orm_under_playwright,
    browser,
    link_page,
)
from outhire.analytics.models import CandidateSurvey
from outhire.analytics.tasks import send_candidate_survey
from outhire.interviews import slots
from outhire.offers.tests.factories import at_offer_stage, open_requisition, sent_offer
from outhire.screening import assessments

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("CANDIDATE_SHOTS", "")
BRAND = "#6b2d5c"  # Acme's header colour for this test, not the provider's blue


def _link(to: str, pattern: str) -> str:
    """The path of the link matching `pattern` in the last e-mail sent to `to`."""
    bodies = [m.body for m in mail.outbox if m.to == [to] and re.search(pattern, m.body)]
    assert bodies, f"no e-mail to {to} with {pattern}"
    return urlsplit(re.search(rf"https?://\S*{pattern}", bodies[-1]).group(0)).path


def _shot(page: Page, name: str) -> None:
    if not SHOTS:
        return
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900 if width > 390 else 844})
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})


@pytest.fixture
def links(acme, rita, hank, ada_application, make_interview):
    """The four links Ada is e-mailed, each the path of a real signed link."""
    acme.primary_colour = BRAND
    acme.save(update_fields=["primary_colour"])
    slots.time_zone_choices()  # read the zone database once, before the server is timed
    make_interview()
    assessment = assessments.assessment_create(
        client=acme, fields={"name": "Robotics basics", "days_valid": 7}, by=rita
    )
    assessments.question_add(
        assessment=assessment,
        fields={
            "kind": "choice",
            "area": "skills",
            "prompt": "How often do you write control software?",
            "options": [
                {"label": "Daily", "points": 4, "flag": False},
                {"label": "Never", "points": 0, "flag": True},
            ],
        },
        by=rita,
    )
    assessments.sitting_send(assessment=assessment, application=ada_application, by=rita)
    survey = CandidateSurvey.objects.create(
        client=acme, application=ada_application, moment="applied", trigger="browser:1"
    )
    send_candidate_survey(survey.pk)
    offered = at_offer_stage(
        open_requisition(acme, rita, hank), rita, first="Ada", email="ada@example.test"
    )
    sent_offer(offered, rita)
    return {
        "scheduling": _link("ada@example.test", r"/interviews/schedule/\S+/"),
        "assessment": _link("ada@example.test", r"/assessment/\S+/"),
        "offer": _link("ada@example.test", r"/offer/\S+/"),
        "survey": _link("ada@example.test", r"/surveys/[^/\s]+/"),
    }


def test_the_link_pages_are_the_clients_and_fit_a_phone_without_javascript(
    link_page,  # noqa: F811
    links,
):
    page = link_page()
    page.set_default_timeout(30_000)  # three weeks of interview times on a slow machine
    page.set_viewport_size({"width": 390, "height": 844})
    headings = {
        "scheduling": "Your interview with Acme Robotics",
        "assessment": "Robotics basics",
        "offer": "Your offer from Acme Robotics",
        "survey": "Acme Robotics: how was your experience?",
    }
    for name, path in links.items():
        page.goto(path)
        expect(page.get_by_role("heading", name=headings[name], exact=True)).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, name
        header = page.get_by_role("banner")
        expect(header).to_contain_text("Acme Robotics careers")
        expect(header).not_to_contain_text("Outhire")
        expect(page).to_have_title(re.compile(r"Acme Robotics"))
        assert "Outhire" not in page.title()
        # The client's colour, from its theme, behind its name.
        # (expect retries: the theme is a stylesheet of its own, applied once it has arrived)
        expect(header).to_have_css("background-color", "rgb(107, 45, 92)")
        _shot(page, name)

    # The booking page's controls are all on screen: the zone picker's button too.
    page.goto(links["scheduling"])
    show = page.get_by_role("button", name="Show")
    box = show.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    # It still works without script: another zone is a GET form.
    page.get_by_label("Show times in").select_option("Asia/Tokyo")
    show.click()
    expect(page.get_by_text("Times in Asia/Tokyo.")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # The offer reads in order on the phone: what is offered, then what to do.
    page.goto(links["offer"])
    offered = page.get_by_role("region", name="What is offered")
    expect(offered).to_contain_text("€70,000.00 per year")
    expect(offered).to_contain_text("Rotterdam")
    next_steps = page.get_by_role("region", name="What to do")
    assert offered.bounding_box()["y"] < next_steps.bounding_box()["y"]
