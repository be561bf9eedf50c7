"""Invoices clicked through in Chromium: a provider admin issues a draft and credits it.

Reuses the watched pages of the accounts browser tests: a console error, a CSP violation or a
5xx response fails the test.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pyotp
import pytest
from playwright.sync_api import expect

from outhire.accounts.tests.test_browser import (  # noqa: F401 (fixtures)
    _allow_sync_orm_under_playwright,
    browser,
    open_page,
    sign_in,
    watched,
)
from outhire.billing import services
from outhire.billing.models import Invoice
from outhire.billing.tests.helpers import billing_account, engagement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_provider_admin_issues_an_invoice_and_credits_it(watched, alice, acme):  # noqa: F811
    billing_account(acme, country="NL")
    deal = engagement(acme, "management_fee", monthly_fee=Decimal("12500.00"))
    draft, _ = services.invoice_draft_for(
        engagement=deal, period=(date(2026, 3, 1), date(2026, 3, 31)), by=alice
    )
    page = watched.page
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, alice.email)
    page.get_by_label("Code from your authenticator app, or a recovery code:").fill(
        pyotp.TOTP(alice.totp_secret).now()
    )
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("heading", name="My work")).to_be_visible()

    page.goto("/invoices/")
    expect(page.get_by_role("heading", name="Invoices", exact=True)).to_be_visible()
    page.get_by_role("link", name=f"Draft #{draft.pk}").click()
    expect(page.get_by_role("cell", name="Management fee, March 2026", exact=True)).to_be_visible()
    page.get_by_role("link", name="Issue…").click()
    expect(page.get_by_role("heading", name="Issue this invoice?")).to_be_visible()
    # The page fits a phone: nothing wider than the screen but the tables' own scroll boxes.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.get_by_role("button", name="Issue €15,125.00").click()
    expect(page.get_by_role("status")).to_contain_text("Invoice NWT-2026-00001 issued.")
    expect(page.get_by_role("link", name="E-invoice (UBL)")).to_be_visible()

    page.get_by_role("link", name="Credit…").click()
    page.get_by_label("Reason").fill("The March fee was agreed as waived.")
    page.get_by_role("button", name="Issue the credit note").click()
    expect(page.get_by_role("status")).to_contain_text("Credit note NWT-2026-00002 issued.")
    expect(page).to_have_url(re.compile(r"/invoices/\d+/$"))
    expect(page.get_by_role("main")).to_contain_text("The March fee was agreed as waived.")
    note = Invoice.objects.get(kind="credit_note")
    assert (note.credits_id, note.gross_total) == (draft.pk, Decimal("15125.00"))
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    watched.assert_clean()
