"""The approval of a requisition through the client's chain, clicked through in Chromium.

Reuses the watched pages of the accounts browser tests: a console error, a CSP violation or a
5xx response fails the test.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from outhire.accounts.tests.test_browser import (  # noqa: F401 (fixtures)
    _allow_sync_orm_under_playwright,
    browser,
    open_page,
    sign_in,
)
from outhire.requisitions.models import ApprovalRule, Requisition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_requisition_is_submitted_then_approved_in_turn(
    open_page,  # noqa: F811
    acme,
    rita,
    hank,
    carla,
    draft,
):
    ApprovalRule.objects.create(client=acme, position=1, approver=hank)
    ApprovalRule.objects.create(client=acme, position=2, approver=carla)

    recruiter = open_page()
    sign_in(recruiter.page, rita.email)
    recruiter.page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Requisitions"
    ).click()
    recruiter.page.get_by_role("link", name="Welder").click()
    recruiter.page.get_by_role("button", name="Submit for approval").click()
    expect(recruiter.page.get_by_role("status")).to_contain_text("Submitted for approval.")
    expect(recruiter.page.get_by_text("Waiting for Hank Hiringmanager")).to_be_visible()
    recruiter.assert_clean()

    for approver, comment in ((hank, "Budget ok"), (carla, "")):
        session = open_page()
        page = session.page
        sign_in(page, approver.email)
        page.goto("/requisitions/")
        page.get_by_role("link", name="Approvals waiting for you").click()
        page.get_by_role("link", name=re.compile("Welder")).click()
        page.get_by_label("Approve").check()
        page.get_by_label("Comment:").fill(comment)
        page.get_by_role("button", name="Record my decision").click()
        expect(page.get_by_role("status")).to_contain_text("Approved")
        session.assert_clean()

    assert Requisition.objects.get(pk=draft.pk).status == "open"
