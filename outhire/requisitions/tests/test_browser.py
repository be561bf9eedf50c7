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
    link_page,
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
    recruiter.page.get_by_role("navigation", name="Main").get_by_text("Hiring", exact=True).click()
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


class Clicks:
    """Counts what a person clicks (links, buttons, radio buttons) on the way."""

    def __init__(self) -> None:
        self.count = 0

    def click(self, locator) -> None:
        self.count += 1
        locator.click()

    def check(self, locator) -> None:
        self.count += 1
        locator.check()


def test_a_hiring_manager_raises_a_requisition_and_it_is_approved_in_the_chain(
    open_page,  # noqa: F811
    acme,
    hank,
    carla,
    rita,
):
    """Hank raises it and submits it into Acme's chain (Carla approves); Rita is told."""
    from outhire.accounts.models import Notification

    ApprovalRule.objects.create(client=acme, position=1, approver=carla)
    manager = open_page()
    page = manager.page
    sign_in(page, hank.email)
    clicks = Clicks()
    clicks.click(page.get_by_role("navigation", name="Main").get_by_text("Hiring", exact=True))
    clicks.click(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Requisitions")
    )
    clicks.click(page.get_by_role("link", name="Raise a requisition"))
    page.get_by_label("Title:").fill("Line Lead")
    expect(page.get_by_label("Hiring manager:")).to_have_value(str(hank.pk))
    expect(page.get_by_label("Recruiters:")).to_have_count(0)
    clicks.click(page.get_by_role("button", name="Create requisition"))
    expect(page.get_by_role("status")).to_contain_text("is created")
    clicks.click(page.get_by_role("button", name="Submit for approval"))
    expect(page.get_by_role("status")).to_contain_text(
        "Submitted for approval. Your recruiters have been told."
    )
    expect(page.get_by_text("Waiting for Carla Clientadmin")).to_be_visible()
    manager.assert_clean()
    raised = clicks.count

    approver = open_page()
    page = approver.page
    sign_in(page, carla.email)
    clicks = Clicks()
    clicks.click(page.get_by_role("navigation", name="Main").get_by_text("Hiring", exact=True))
    clicks.click(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Requisitions")
    )
    clicks.click(page.get_by_role("link", name="Approvals waiting for you"))
    clicks.click(page.get_by_role("link", name=re.compile("Line Lead")))
    clicks.check(page.get_by_label("Approve"))
    clicks.click(page.get_by_role("button", name="Record my decision"))
    expect(page.get_by_role("status")).to_contain_text("Approved: the requisition is open.")
    approver.assert_clean()

    requisition = Requisition.objects.get(title="Line Lead")
    assert requisition.status == "open" and requisition.created_by == hank
    assert Notification.objects.filter(user=rita, url=f"/requisitions/{requisition.pk}/").exists()
    # The clicks it takes, reported in the pull request: 4 to raise and submit, 5 to approve,
    # each one more since the menu's links sit in groups (opening Hiring is a click).
    assert (raised, clicks.count) == (5, 6)


def test_a_client_admin_submits_a_draft(
    open_page,  # noqa: F811
    acme,
    carla,
    make_requisition,
):
    draft = make_requisition(acme, "Line Lead", by=carla)
    session = open_page()
    page = session.page
    sign_in(page, carla.email)
    page.goto(f"/requisitions/{draft.pk}/")
    page.get_by_role("button", name="Submit for approval").click()
    expect(page.get_by_role("status")).to_contain_text(
        "The client has no approval chain: the requisition is open."
    )
    expect(page.get_by_role("button", name="Put on hold")).to_have_count(0)
    session.assert_clean()
    draft.refresh_from_db()
    assert draft.status == "open"


def test_skills_proposed_from_the_description_are_filled_in_and_confirmed_without_javascript(
    link_page,  # noqa: F811
    rita,
    make_requisition,
    acme,
):
    """With JavaScript off: the form fills in the skills it proposes, the person trims them and
    saves; on another requisition the page's Confirm saves the proposal as shown."""
    description = (
        "About the role\nBuild the services behind our robots.\n\n"
        "Requirements\nPython and Django, and PostgreSQL in production.\n\n"
        "Nice to have\nDocker."
    )
    first = make_requisition(acme, "Backend Engineer", description=description)
    second = make_requisition(acme, "Platform Engineer", description=description)
    page = link_page()
    sign_in(page, rita.email)

    page.goto(f"/requisitions/{first.pk}/edit/")
    page.get_by_role("button", name="Fill them in").click()
    expect(page.locator("#skills-proposed")).to_contain_text("They are filled in below")
    must = page.get_by_label("Must-have skills:")
    expect(must).to_have_value(re.compile(r"^Python\nDjango\nPostgreSQL"))
    must.fill("Python\nDjango")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Requisition saved.")
    first.refresh_from_db()
    assert first.must_have_skills == ["Python", "Django"]
    assert first.nice_to_have_skills == ["Docker"]

    page.goto(f"/requisitions/{second.pk}/")
    skills = page.get_by_role("region", name="Skills")
    expect(skills).to_contain_text("Proposed from the description:")
    skills.get_by_role("button", name="Confirm the proposed skills").click()
    expect(page.get_by_role("status")).to_contain_text("The proposed skills are saved")
    expect(page.get_by_role("region", name="Skills")).not_to_contain_text("Proposed")
    second.refresh_from_db()
    assert second.must_have_skills[:3] == ["Python", "Django", "PostgreSQL"]
