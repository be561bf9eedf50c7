"""A provider admin answers a restriction request in Chromium: from My work to the request,
owner, extension, restriction, and the banner on the candidate's page.

Reuses the watched pages of the accounts browser tests: a console error, a CSP violation or a
5xx response fails the test.
"""

from __future__ import annotations

import re
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
)
from outhire.candidates.services import candidate_create
from outhire.privacy.models import DataRequest
from outhire.privacy.services import data_request_open

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_admin_restricts_processing_from_the_request(open_page, alice, rita):  # noqa: F811
    ada = candidate_create(by=rita, first_name="Ada", last_name="Lovelace")
    data_request = data_request_open(
        candidate=ada, kind="restriction", channel="phone", details="Says her title is wrong."
    )
    DataRequest.objects.filter(pk=data_request.pk).update(
        received_at=timezone.now() - timedelta(days=25),
        due_at=timezone.now() + timedelta(days=5),
    )
    page = open_page().page
    sign_in(page, alice.email)
    page.get_by_label("Code from your authenticator app, or a recovery code").fill(
        pyotp.TOTP(alice.totp_secret).now()
    )
    page.get_by_role("button", name="Verify").click()

    due = page.get_by_role("region", name=re.compile("^Data requests due"))
    expect(due).to_contain_text("Restriction of processing: Ada Lovelace")
    expect(due).to_contain_text("nobody owns it yet")
    due.get_by_role("link", name=re.compile("Restriction of processing")).click()

    heading = page.get_by_role("heading", name=re.compile("Restriction of processing"))
    expect(heading).to_be_visible()
    page.get_by_label("Owner:", exact=True).select_option(label="Alice Admin")
    page.get_by_role("button", name="Save the owner").click()
    expect(page.get_by_text("Alice Admin owns it now.")).to_be_visible()

    page.get_by_label("Extend by (days)").fill("30")
    page.get_by_label("The person was told on").fill(timezone.localdate().isoformat())
    page.get_by_label("Why more time is needed").fill("Checking the title with her employer.")
    page.get_by_role("button", name="Extend").click()
    expect(page.get_by_text("Extended: the deadline is now")).to_be_visible()

    page.get_by_role("button", name="Restrict processing").click()
    expect(page.get_by_role("button", name="Lift the restriction")).to_be_visible()

    page.get_by_role("link", name="Ada Lovelace").first.click()
    expect(page.get_by_role("status").filter(has_text="Processing stopped.")).to_contain_text(
        "restricted (GDPR Art. 18)"
    )
    ada.refresh_from_db()
    assert ada.restricted_at is not None
