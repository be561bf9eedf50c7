"""The candidate books from the self-scheduling link in Chromium; the interviewer then sees it.

Reuses the watched pages of the accounts browser tests: a console error, a CSP violation or a
5xx response fails the test.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from outhire.accounts.tests.test_browser import (  # noqa: F401 (fixtures)
    _allow_sync_orm_under_playwright,
    browser,
    open_page,
    sign_in,
    watched,
)
from outhire.interviews import services, slots
from outhire.interviews.models import Interview

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_candidate_books_a_slot_and_the_interviewer_sees_it(
    open_page,  # noqa: F811
    interview,
    ivy,
):
    slots.time_zone_choices()  # read the zone database once, before the server is timed
    candidate = open_page().page
    # The shared CI machines are slow; a page of three weeks of slots may take a while.
    candidate.set_default_timeout(30_000)
    candidate.goto(f"/interviews/schedule/{services.link_token(interview)}/?tz=America/New_York")
    expect(
        candidate.get_by_role("heading", name="Your interview with Acme Robotics")
    ).to_be_visible()
    expect(candidate.get_by_label("Show times in")).to_have_value("America/New_York")
    first = candidate.locator("input[name=slot]").first
    label = candidate.locator(f"label[for='{first.get_attribute('id')}']").inner_text()
    # With the keyboard: focus the first time, choose it, and submit.
    first.focus()
    candidate.keyboard.press("Space")
    candidate.get_by_role("button", name="Book this time").click()
    expect(candidate.get_by_role("status")).to_contain_text("Your interview is booked")
    expect(candidate.locator("#booked-time")).to_contain_text(label)
    expect(candidate.locator("#booked-time")).to_contain_text("America/New_York")

    interview.refresh_from_db()
    assert interview.status == Interview.Status.SCHEDULED

    colleague = open_page().page
    colleague.set_default_timeout(30_000)
    sign_in(colleague, ivy.email)
    colleague.goto("/interviews/mine/")
    upcoming = colleague.get_by_role("table").first
    expect(upcoming).to_contain_text("Ada Lovelace")
    expect(upcoming.get_by_role("link", name="Technical interview")).to_be_visible()
