"""Costs clicked through in Chromium: a client admin adds a cost and imports a file.

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
from outhire.costs.models import CostEntry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_client_admin_adds_a_cost_and_imports_a_file(
    watched,  # noqa: F811
    carla,
    acme_requisition,
    tmp_path,
):
    page = watched.page
    sign_in(page, carla.email)
    menu = page.get_by_role("navigation", name="Main")
    menu.locator("summary", has_text="Clients").click()
    menu.get_by_role("link", name="Costs", exact=True).click()
    expect(page.get_by_role("heading", name="Costs of Acme Robotics")).to_be_visible()

    page.get_by_role("link", name="Add a cost").click()
    page.get_by_label("Date incurred").fill("2026-03-02")
    page.get_by_label("Category").select_option("advertising")
    page.get_by_label("Amount").fill("450.5")
    page.get_by_label("Currency").fill("eur")
    page.get_by_label("Sourcing channel").select_option("job_board")
    page.get_by_label("Board or site").fill("indeed")
    page.get_by_label("Board or site").press("Enter")  # submits with the keyboard
    expect(page.get_by_role("status")).to_contain_text("Cost of €450.50 recorded.")
    expect(page.get_by_role("heading", name="Totals in EUR")).to_be_visible()

    path = tmp_path / "costs.csv"
    path.write_text(
        "date,category,amount,currency,requisition\n"
        f"2026-03-31,recruiter_time,1200,EUR,{acme_requisition.reference}\n"
    )
    page.get_by_role("link", name="Import a CSV file").click()
    page.get_by_label("CSV file of costs").set_input_files(str(path))
    page.get_by_role("button", name="Check the file").click()
    page.get_by_role("button", name="Import 1 cost").click()
    expect(page.get_by_role("status")).to_contain_text("1 cost(s) imported")
    expect(page.get_by_role("cell", name="1,650.50")).to_be_visible()
    assert CostEntry.objects.count() == 2
    watched.assert_clean()
