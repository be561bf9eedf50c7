"""A person joins a talent community, confirms and unsubscribes, in Chromium with JavaScript off."""

from __future__ import annotations

import pytest
from django.core import mail
from playwright.sync_api import expect

from outhire.accounts.tests.test_browser import (  # noqa: F401 (fixtures)
    _allow_sync_orm_under_playwright,
    browser,
)
from outhire.community.models import Member
from outhire.community.tests.helpers import link_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_joining_confirming_and_unsubscribing_work_without_javascript(
    browser,  # noqa: F811
    live_server,
    acme,
):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(f"/community/{acme.slug}/join/")
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Join Acme Robotics talent community"
        )
        page.get_by_label("First name").fill("Jo")
        page.get_by_label("E-mail address").fill("jo@example.test")
        page.get_by_label("What kind of work interests you?").fill("robotics")
        page.get_by_role("button", name="Join").click()
        # Without the consent the form comes back with the message (in the summary at the top
        # and at the box itself) and what was typed
        expect(page.locator("[data-error-summary]")).to_contain_text("Tick this box to join")
        expect(
            page.get_by_text("Tick this box to join: it is what joining means.", exact=True)
        ).to_be_visible()
        expect(page.get_by_label("E-mail address")).to_have_value("jo@example.test")
        page.get_by_label("Contact me about future roles").check()
        page.get_by_role("button", name="Join").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail")

        page.goto(link_in(mail.outbox[-1], "confirm"))
        page.get_by_role("button", name="Yes, confirm my membership").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("You are in")
        member = Member.objects.get()
        assert member.confirmed_at is not None

        from outhire.community.services import unsubscribe_token

        page.goto(f"/community/unsubscribe/{unsubscribe_token(member.candidate_id)}/")
        page.get_by_role("button", name="Unsubscribe me").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("You are unsubscribed")
        member.refresh_from_db()
        assert member.unsubscribed_at is not None
    finally:
        context.close()
