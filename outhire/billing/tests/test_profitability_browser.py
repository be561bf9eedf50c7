"""Profitability clicked through in Chromium: a provider admin opens it from the analytics page,
picks a quarter, opens a client's engagements; axe finds nothing serious; it fits a phone.

Set PROFIT_SHOTS=/some/dir to keep screenshots of both pages at 1366 and 390 px.
"""

from __future__ import annotations

import os
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
from outhire.billing.tests.helpers import billing_account, engagement
from outhire.costs.services import cost_entry_add
from outhire.tests.test_accessibility import AXE, CHECKS, RUN_AXE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("PROFIT_SHOTS", "")


def look(page, name: str) -> None:
    """No serious axe finding, nothing wider than a phone but the tables' own scroll boxes."""
    assert page.evaluate(RUN_AXE, CHECKS) == []
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def test_a_provider_admin_reads_the_margins_of_a_quarter(watched, alice, acme, globex):  # noqa: F811
    billing_account(acme, country="NL")
    deal = engagement(acme, "management_fee", monthly_fee=Decimal("12500.00"))
    draft, _ = services.invoice_draft_for(
        engagement=deal, period=(date(2026, 1, 1), date(2026, 1, 31)), by=alice
    )
    services.invoice_issue(invoice=draft, by=alice, today=date(2026, 2, 1))
    cost_entry_add(
        client=acme,
        category="recruiter_time",
        amount=Decimal("1056.00"),
        currency="EUR",
        incurred_on=date(2026, 1, 20),
    )
    cost_entry_add(
        client=acme,
        category="advertising",
        amount=Decimal("300.00"),
        currency="USD",
        incurred_on=date(2026, 2, 3),
    )
    page = watched.page
    watched.context.add_init_script(path=str(AXE))
    sign_in(page, alice.email)
    page.get_by_label("Code from your authenticator app, or a recovery code:").fill(
        pyotp.TOTP(alice.totp_secret).now()
    )
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("heading", name="My work")).to_be_visible()

    page.goto("/analytics/")
    page.get_by_role("link", name="Client profitability").click()
    expect(page.get_by_role("heading", name="Client profitability")).to_be_visible()
    page.get_by_label("Period:", exact=True).select_option("q1")
    page.get_by_label("Year:", exact=True).fill("2026")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", name="By client, Q1 2026")).to_be_visible()
    table = page.get_by_role("table", name="By client, Q1 2026")
    # 12,500.00 - 1,056.00 = 11,444.00, 91.6 %; the dollar ad on a row of its own.
    expect(table).to_contain_text("€11,444.00")
    expect(table).to_contain_text("91.6%")
    expect(table).to_contain_text("-US$300.00")
    look(page, "profitability")

    page.get_by_role("link", name="Acme Robotics").first.click()
    expect(page.get_by_role("heading", name="Profitability of Acme Robotics")).to_be_visible()
    expect(page.get_by_role("table", name="By engagement, Q1 2026")).to_contain_text(deal.name)
    look(page, "profitability-client")
    page.get_by_role("link", name="All clients").click()
    expect(page.get_by_role("heading", name="By client, Q1 2026")).to_be_visible()
    watched.assert_clean()
