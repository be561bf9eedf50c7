"""The candidate books from the self-scheduling link in Chromium; the interviewer then sees it.
With JavaScript off and the keyboard, the candidate books from the e-mailed link, moves the
interview to another time and cancels it, which revokes the link.

Reuses the watched pages of the accounts browser tests: a console error, a CSP violation or a
5xx response fails the test.
"""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import Locator, Page, expect

from outhire.accounts.tests.test_browser import (  # noqa: F401 (fixtures)
    _allow_sync_orm_under_playwright,
    browser,
    link_page,
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
    # The first time of the second day: the very first may reach the notice period by the time
    # the form is sent.
    first = candidate.locator("fieldset.slot-day").nth(1).locator("input[name=slot]").first
    label = candidate.locator(f"label[for='{first.get_attribute('id')}']").inner_text()
    # With the keyboard: focus the time, choose it, and submit.
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


def _a_slot(page: Page) -> tuple[datetime, str, Locator]:
    """The first time offered on the second day offered: its instant, its day and time as the
    candidate reads them, and its radio button found by its label inside the group named by
    its day. (The first time of all may be so near the notice period that it has passed it
    by the time the page is sent.)"""
    day = page.locator("fieldset.slot-day").nth(1)
    first = day.get_by_role("radio").first
    start = datetime.fromisoformat(first.get_attribute("value"))
    legend = day.locator("legend").inner_text().strip()
    time = page.locator(f"label[for='{first.get_attribute('id')}']").inner_text().strip()
    radio = page.get_by_role("group", name=legend, exact=True).get_by_label(time, exact=True)
    expect(radio).to_have_attribute("value", first.get_attribute("value"))
    return start, f"{legend}, {time}", radio


def test_a_candidate_books_moves_and_cancels_without_javascript(
    link_page,  # noqa: F811
    interview,
    rita,
):
    slots.time_zone_choices()  # read the zone database once, before the server is timed
    services.interview_send_link(interview=interview, by=rita)
    interview.refresh_from_db()
    assert interview.status == Interview.Status.PROPOSED
    [message] = [m for m in mail.outbox if m.to == ["ada@example.test"]]
    link = re.search(r"https?://\S+/interviews/schedule/\S+/", message.body).group(0)
    path = urlsplit(link).path

    page = link_page()
    page.goto(path)
    expect(page.get_by_role("heading", name="Your interview with Acme Robotics")).to_be_visible()
    # The time zone is a GET form: choose one and send it with the keyboard.
    zone = page.get_by_label("Show times in")
    expect(zone).to_have_value("Europe/London")
    zone.select_option("America/New_York")
    zone.press("Tab")
    expect(page.get_by_role("button", name="Show")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Show times in")).to_have_value("America/New_York")
    expect(page.get_by_role("region", name="Choose a time")).to_contain_text(
        "Times in America/New_York."
    )

    # Book a time: choose it with the space bar, send with Enter.
    start, when, radio = _a_slot(page)
    radio.focus()
    page.keyboard.press("Space")
    expect(radio).to_be_checked()
    book = page.get_by_role("button", name="Book this time")
    book.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text(
        "Your interview is booked; the invitation is in your inbox."
    )
    booked = page.get_by_role("region", name="Booked")
    expect(booked).to_contain_text(when)
    expect(booked).to_contain_text("(America/New_York)")
    interview.refresh_from_db()
    assert interview.status == Interview.Status.SCHEDULED
    assert interview.starts_at == start and interview.sequence == 0

    # Move it: the booked time is no longer among those offered.
    expect(page.get_by_role("heading", name="Choose another time")).to_be_visible()
    later, later_when, radio = _a_slot(page)
    assert later != start
    radio.focus()
    page.keyboard.press("Space")
    expect(radio).to_be_checked()
    page.get_by_role("button", name="Move my interview to this time").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text(
        "Your interview is moved; a new invitation is in your inbox."
    )
    expect(page.get_by_role("region", name="Booked")).to_contain_text(later_when)
    interview.refresh_from_db()
    assert interview.status == Interview.Status.SCHEDULED
    assert interview.starts_at == later and interview.sequence == 1

    # Cancel it, giving a reason; Enter in the reason field sends its form.
    cancel = page.get_by_role("region", name="Cannot make it?")
    reason = cancel.get_by_label("Reason (optional)")
    reason.fill("I accepted another offer")
    reason.press("Enter")
    expect(page.get_by_role("heading", name="Your interview is cancelled")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text(
        "Acme Robotics's recruiting team has been told"
    )
    interview.refresh_from_db()
    assert interview.status == Interview.Status.CANCELLED
    assert interview.cancel_reason == "By the candidate: I accepted another offer"
    assert interview.sequence == 2

    # The cancellation revoked the link.
    response = page.goto(path)
    assert response is not None and response.status == 404
