"""The booking page fills its time zone in from the browser (a script; without it the page
shows the interview's zone and the picker works as a plain GET form)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from outhire.accounts.tests.test_browser import (  # noqa: F401 (fixtures)
    _allow_sync_orm_under_playwright,
    browser,
    open_page,
)
from outhire.interviews import services, slots

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _in_zone(watched, zone: str):
    page = watched.page
    page.set_default_timeout(30_000)
    cdp = page.context.new_cdp_session(page)
    cdp.send("Emulation.setTimezoneOverride", {"timezoneId": zone})
    return page


def test_the_booking_page_takes_the_browsers_zone_once(open_page, interview):  # noqa: F811
    slots.time_zone_choices()  # read the zone database once, before the server is timed
    url = f"/interviews/schedule/{services.link_token(interview)}/"
    watched = open_page()
    page = _in_zone(watched, "America/New_York")
    page.goto(url)
    expect(page.get_by_label("Show times in")).to_have_value("America/New_York")
    expect(page.get_by_text("Times in America/New_York.")).to_be_visible()
    assert "tz=America" in page.url
    # A zone asked for is kept: the script does not override the candidate's choice.
    page.goto(url + "?tz=Asia/Tokyo")
    expect(page.get_by_text("Times in Asia/Tokyo.")).to_be_visible()
    expect(page.get_by_label("Show times in")).to_have_value("Asia/Tokyo")
    assert watched.problems == []


def test_a_candidate_with_a_zone_of_their_own_is_not_moved(open_page, interview):  # noqa: F811
    candidate = interview.application.candidate
    candidate.time_zone = "Europe/Berlin"
    candidate.save()
    watched = open_page()
    page = _in_zone(watched, "America/New_York")
    page.goto(f"/interviews/schedule/{services.link_token(interview)}/")
    expect(page.get_by_text("Times in Europe/Berlin.")).to_be_visible()
    expect(page.get_by_label("Show times in")).to_have_value("Europe/Berlin")
