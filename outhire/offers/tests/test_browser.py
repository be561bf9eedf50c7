"""The candidate's offer page in Chromium with JavaScript turned off: read, then accept by
typing the name, with the keyboard only."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from outhire.accounts.tests.test_browser import (  # noqa: F401 (fixtures)
    _allow_sync_orm_under_playwright,
    browser,
)
from outhire.offers import tokens
from outhire.offers.tests.factories import at_offer_stage, open_requisition, sent_offer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_candidate_accepts_without_javascript(browser, live_server, acme, rita, hank):  # noqa: F811
    requisition = open_requisition(acme, rita, hank)
    application = at_offer_stage(requisition, rita)
    offer = sent_offer(application, rita)
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(f"/offer/{tokens.offer_token(offer)}/")
        expect(page.get_by_role("heading", name="Your offer from Acme Robotics")).to_be_visible()
        expect(page.get_by_text("€70,000.00 per year", exact=True)).to_be_visible()
        name = page.get_by_label("Type your full name to accept")
        name.fill("Ada Byron")
        name.press("Enter")
        # Announced at the top of the form (the summary) and said again by the field.
        expect(page.get_by_role("alert")).to_contain_text("Type your full name exactly")
        expect(page.locator(".field .errorlist")).to_contain_text("Type your full name exactly")
        page.get_by_label("Type your full name to accept").fill("ada lovelace")
        page.get_by_role("button", name="Accept the offer").focus()
        page.keyboard.press("Enter")
        expect(
            page.get_by_role("status").filter(has_text="You accepted this offer")
        ).to_be_visible()
    finally:
        context.close()
    application.refresh_from_db()
    assert application.status == "hired"
