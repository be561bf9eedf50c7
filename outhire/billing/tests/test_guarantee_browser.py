"""The guarantee and SLA-linked fees clicked through in Chromium.

A provider admin adds an SLA term on the engagement page, drafts the quarter's last month (the
guarantee credit, the SLA credit and the draft's warnings), and opens the client's guarantee
report; the client's admin reads it too. Every page fits a 390 px phone. Set
GUARANTEE_SHOTS=/some/dir to keep screenshots of each page at 1366 and 390 px.
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
from outhire.analytics import aggregates
from outhire.billing import guarantee, services
from outhire.billing.tests.helpers import billing_account, engagement, hire
from outhire.billing.tests.test_sla_fees import filled_after
from outhire.engagements.models import SlaTerm
from outhire.offers.models import Hire

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shoot(page, name: str) -> None:
    shots = os.environ.get("GUARANTEE_SHOTS")
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        if shots:
            page.screenshot(path=f"{shots}/{name}-{width}.png", full_page=True)
        if width == 390:
            fits = "document.documentElement.scrollWidth <= window.innerWidth"
            wide = page.evaluate(
                "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect()"
                ".right > window.innerWidth + 1"
                " && !e.closest('.scroll-x, details:not([open]), nav'))"
                ".map(e => e.tagName"
                " + '.' + e.className + ':' + (e.textContent || '').slice(0, 40)).slice(0, 8)"
            )
            assert page.evaluate(fits), f"{name} is wider than a phone: {wide}"
    page.set_viewport_size({"width": 1366, "height": 900})


def test_terms_draft_and_report(watched, open_page, alice, carla, rita, hank, acme):  # noqa: F811
    billing_account(acme, country="NL")
    deal = engagement(
        acme,
        "hybrid",
        monthly_fee=Decimal("12500.00"),
        per_hire_fee=Decimal("4000.00"),
        sla_days_to_fill=45,
        guarantee_days=90,
        guarantee_remedy="credit_prorata",
    )
    made = hire(acme, rita, hank, hired_on=date(2026, 2, 20), engagement=deal)
    Hire.objects.filter(pk=made.pk).update(start_date=date(2026, 3, 1), left_on=date(2026, 3, 10))
    filled_after(acme, rita, [20, 30, 40, 50, 60])
    aggregates.aggregates_rebuild()
    claim = guarantee.guarantee_claim_open(hire=made, by=alice)
    services.invoice_issue(
        invoice=services.invoice_draft_for(
            engagement=deal, period=(date(2026, 2, 1), date(2026, 2, 28)), by=alice
        )[0],
        by=alice,
        today=date(2026, 3, 1),
    )

    page = watched.page
    sign_in(page, alice.email)
    page.get_by_label("Code from your authenticator app, or a recovery code:").fill(
        pyotp.TOTP(alice.totp_secret).now()
    )
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("heading", name="My work")).to_be_visible()

    page.goto(f"/engagements/{deal.pk}/")
    expect(page.get_by_role("heading", name="Replacement guarantee")).to_be_visible()
    page.get_by_label("Measure").select_option("fill")
    page.get_by_label("Threshold (%)").fill("80")
    page.get_by_label("Applies when the result").select_option("below")
    page.get_by_label("Then give a").select_option("credit")
    page.get_by_label("Amount:", exact=True).fill("5")
    page.get_by_label("Applies from").fill("2026-01-01")
    page.get_by_role("button", name="Add term").click()
    expect(page.get_by_role("status")).to_contain_text("SLA-linked fee term added.")
    expect(page.get_by_role("cell", name="Credit of 5% of the period's fees")).to_be_visible()
    _shoot(page, "engagement-detail")
    page.goto(f"/engagements/{deal.pk}/edit/")
    expect(page.get_by_label("Guarantee period (days)")).to_have_value("90")
    _shoot(page, "engagement-edit")

    # A second term with nothing to measure in Q1 (no offer resolved then): a warning.
    SlaTerm.objects.create(
        client=acme,
        engagement=deal,
        metric="offer_acceptance_pct",
        comparison="at_least",
        threshold=Decimal("90"),
        adjustment="bonus",
        amount_kind="fixed",
        amount=Decimal("1000"),
        starts_on=date(2026, 1, 1),
    )
    page.goto("/invoices/new/")
    page.get_by_label("Engagement").select_option(str(deal.pk))
    page.get_by_label("Period from").fill("2026-03-01")
    page.get_by_label("Period to").fill("2026-03-31")
    page.get_by_role("button", name="Make the draft").click()
    expect(page.get_by_role("heading", name="Check before issuing")).to_be_visible()
    expect(page.get_by_text("nothing was measured in Q1 2026 (offers accepted)")).to_be_visible()
    expect(page.get_by_text("Guarantee credit, hire #").first).to_be_visible()
    expect(page.get_by_text("SLA credit: openings filled").first).to_be_visible()
    _shoot(page, "invoice-draft")

    page.goto("/invoices/")
    page.get_by_text("Replacement guarantee claims by client").click()
    page.get_by_role("link", name=acme.name).last.click()
    expect(page.get_by_role("heading", name=f"Guarantee claims: {acme.name}")).to_be_visible()
    expect(page.get_by_role("cell", name=f"Hire #{claim.hire_id}")).to_be_visible()
    _shoot(page, "guarantee-report")

    page.goto(f"/requisitions/{claim.replacement_id}/")
    expect(page.get_by_text("Free replacement", exact=True)).to_be_visible()
    _shoot(page, "replacement-requisition")

    reader = open_page().page
    sign_in(reader, carla.email)
    reader.goto(f"/clients/{acme.slug}/guarantee/")
    expect(reader.get_by_role("cell", name=f"Hire #{claim.hire_id}")).to_be_visible()
    _shoot(reader, "guarantee-report-client")
