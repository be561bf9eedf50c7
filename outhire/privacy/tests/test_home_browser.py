"""The data protection officer finds their work from the menu, in Chromium, desk and phone."""

from __future__ import annotations

import os
from datetime import timedelta

import pyotp
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from outhire.accounts.tests.test_browser import (  # noqa: F401 (fixtures)
    _allow_sync_orm_under_playwright,
    browser,
    open_page,
    sign_in,
    watched,
)
from outhire.candidates.models import Candidate
from outhire.privacy.models import DataRequest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_officer_goes_from_the_menu_to_an_overdue_erasure_and_carries_it_out(watched, alice):  # noqa: F811
    person = Candidate.objects.create(first_name="Ada", last_name="Lovelace")
    DataRequest.objects.create(
        candidate=person, kind="erasure", received_at=timezone.now() - timedelta(days=35)
    )
    page = watched.page
    sign_in(page, alice.email)
    page.get_by_label("Code from your authenticator app, or a recovery code:").fill(
        pyotp.TOTP(alice.totp_secret).now()
    )
    page.get_by_role("button", name="Verify").click()
    menu = page.get_by_role("navigation", name="Main")
    menu.locator("summary", has_text="Admin").click()
    menu.get_by_role("link", name="Privacy", exact=True).click()
    expect(page.get_by_role("heading", name="Privacy", level=1)).to_be_visible()
    expect(page.get_by_text("1 overdue")).to_be_visible()
    shots = os.environ.get("PRIVACY_SHOTS")
    for width in (1366, 390) if shots else ():
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{shots}/privacy-home-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.get_by_role("link", name="Open the request log").click()
    expect(page.get_by_text("Overdue by 5 days")).to_be_visible()
    expect(page.get_by_role("link", name="Ada Lovelace")).to_be_visible()
    # Erase, confirm, and read what the check after erasure searched.
    page.get_by_role("link", name="Erasure (delete my data)").click()
    page.get_by_role("link", name="Erase the person").click()
    page.get_by_label("I checked the person's identity").check()
    page.get_by_role("button", name="Erase the person").click()
    expect(page.get_by_text("Verified: nothing of the person was found in")).to_be_visible()
    for width in (1366, 390) if shots else ():
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{shots}/privacy-erased-{width}.png", full_page=True)
