"""Each role's morning in Chromium: from the home page to the work done, and off the list.

Reuses the watched pages of the accounts browser tests: a console error, a CSP violation or a
5xx response fails the test.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pyotp
import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from outhire.accounts.models import Invitation
from outhire.accounts.services import invitation_create
from outhire.accounts.tests.test_browser import (  # noqa: F401 (fixtures)
    _allow_sync_orm_under_playwright,
    browser,
    open_page,
    sign_in,
)
from outhire.engagements.models import Engagement
from outhire.interviews import services as interviews
from outhire.interviews.models import Interview
from outhire.requisitions import services as requisitions
from outhire.requisitions.models import ApprovalRule, Requisition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def item(page: Page, title: str):
    """The card of the home page's item `title`."""
    return page.get_by_role("region", name=re.compile(f"^{re.escape(title)}"))


def all_clear(page: Page):
    return page.get_by_role("region", name="All clear")


def test_a_recruiter_screens_an_applicant_and_submits_the_clients_draft(
    open_page,  # noqa: F811
    applicant,
    rita,
    carla,
    acme,
):
    ada = applicant("Ada")
    requisitions.requisition_create(client=acme, by=carla, fields={"title": "Line Lead"})
    session = open_page()
    page = session.page
    sign_in(page, rita.email)
    expect(page.get_by_role("heading", name="My work")).to_be_visible()
    expect(page.get_by_role("navigation", name="Your work at a glance")).to_contain_text(
        "New applicants to review"
    )
    applicants = item(page, "New applicants to review")
    expect(applicants).to_contain_text("Oldest: just now")
    applicants.get_by_role("link", name=ada.candidate.full_name).click()
    expect(page).to_have_url(re.compile(f"/applications/{ada.pk}/$"))
    page.get_by_label("Move to").select_option(label="Phone screen")
    page.get_by_role("button", name="Move", exact=True).click()
    page.get_by_role("link", name="Home", exact=True).click()
    expect(all_clear(page)).to_contain_text("New applicants to review: none")

    raised = item(page, "Requisitions to submit")
    expect(raised).to_contain_text("Raised by the client")
    raised.get_by_role("link", name=re.compile("Line Lead")).click()
    page.get_by_role("button", name="Submit for approval").click()
    expect(page.get_by_role("status")).to_contain_text("the requisition is open")
    page.get_by_role("link", name="Home", exact=True).click()
    expect(all_clear(page)).to_contain_text("Requisitions to submit: none")
    session.assert_clean()


def test_a_coordinator_reschedules_a_cancelled_interview(
    open_page,  # noqa: F811
    applicant,
    rita,
    ivy,
    coordinator,
):
    ada = applicant("Ada", kind="interview")
    first = interviews.interview_create(
        application=ada,
        by=rita,
        interviewers=[ivy],
        fields={"title": "First round", "duration_minutes": 60, "time_zone": "UTC"},
    )
    interviews.interview_cancel(interview=first, by=None, reason="By the candidate: ill")
    applicant("Bea", kind="interview")
    session = open_page()
    page = session.page
    sign_in(page, coordinator.email)
    expect(item(page, "Interviews to schedule")).to_contain_text("No interview yet")
    again = item(page, "Interviews to reschedule")
    expect(again).to_contain_text("Oldest: just now")
    again.get_by_role("link", name=ada.candidate.full_name).click()
    page.get_by_label("Title").fill("Second round")
    page.get_by_label("Ivy Interviewer").check()
    page.get_by_role("button", name="Create the interview").click()
    expect(page.get_by_role("heading", name=re.compile("Second round"))).to_be_visible()
    page.get_by_role("button", name="E-mail the self-scheduling link").click()
    page.get_by_role("link", name="Home", exact=True).click()
    expect(all_clear(page)).to_contain_text("Interviews to reschedule: none")
    # Bea still waits for hers: one left to schedule.
    expect(item(page, "Interviews to schedule")).to_contain_text("Bea")
    assert Interview.objects.filter(application=ada, status="proposed").exists()
    session.assert_clean()


def test_a_hiring_manager_approves_and_moves_a_candidate_on(
    open_page,  # noqa: F811
    applicant,
    acme,
    rita,
    hank,
):
    shortlisted = applicant("Ada", kind="submitted")
    ApprovalRule.objects.create(client=acme, position=1, approver=hank)
    welder = requisitions.requisition_create(client=acme, by=rita, fields={"title": "Welder"})
    requisitions.requisition_submit(requisition=welder, by=rita)
    session = open_page()
    page = session.page
    sign_in(page, hank.email)
    approvals = item(page, "Requisitions to approve")
    approvals.get_by_role("link", name="Welder").click()
    page.get_by_label("Approve").check()
    page.get_by_role("button", name="Record my decision").click()
    expect(page.get_by_role("status")).to_contain_text("Approved")
    page.get_by_role("link", name="Home", exact=True).click()
    expect(page.get_by_role("region", name=re.compile("^Requisitions to approve"))).to_have_count(0)

    review = item(page, "Candidates to review")
    review.get_by_role("link", name=shortlisted.candidate.full_name).click()
    card = page.locator(f"#application-{shortlisted.pk}")
    card.get_by_role("button", name=re.compile("^Advance to")).click()
    expect(page.get_by_role("status")).to_contain_text(re.compile("moved on", re.IGNORECASE))
    page.get_by_role("link", name="Home", exact=True).click()
    expect(all_clear(page)).to_contain_text("Candidates to review: none")
    session.assert_clean()


def test_a_client_admin_sends_an_expired_invitation_again(
    open_page,  # noqa: F811
    acme,
    carla,
    django_capture_on_commit_callbacks,
):
    invitation_create(
        email="nia@acme.test", role="interviewer", client=acme, by=carla, full_name="Nia Newhire"
    )
    Invitation.objects.update(expires_at=timezone.now() - timedelta(days=2))
    requisitions.requisition_create(client=acme, by=carla, fields={"title": "Line Lead"})
    session = open_page()
    page = session.page
    sign_in(page, carla.email)
    expect(item(page, "Drafts not yet submitted")).to_contain_text("Line Lead")
    invite = item(page, "People to invite again")
    expect(invite).to_contain_text("Nia Newhire")
    invite.get_by_role("button", name=re.compile("^Invite again")).click()
    expect(page.get_by_role("status")).to_contain_text("The invitation is sent again")
    expect(page).to_have_url(re.compile(r"/$"))
    expect(all_clear(page)).to_contain_text("People to invite again: none")
    assert Invitation.objects.filter(full_name="Nia Newhire").count() == 2
    session.assert_clean()


def test_a_provider_admin_finds_the_breach_and_sees_it_resolved(
    open_page,  # noqa: F811
    applicant,
    requisition,
    alice,
    acme,
    rita,
):
    Engagement.objects.create(
        client=acme,
        name="Acme RPO",
        starts_on=date(2026, 1, 1),
        fee_model="per_hire",
        per_hire_fee=5000,
        account_lead=alice,
        sla_days_to_first_shortlist=10,
    )
    Requisition.objects.filter(pk=requisition.pk).update(
        approved_at=timezone.now() - timedelta(days=12)
    )
    ada = applicant("Ada", kind="screen")
    session = open_page()
    page = session.page
    sign_in(page, alice.email)
    page.get_by_label("Code from your authenticator app, or a recovery code").fill(
        pyotp.TOTP(alice.totp_secret).now()
    )
    page.get_by_role("button", name="Verify").click()
    sla = item(page, "SLA breaches and warnings")
    expect(sla).to_contain_text("1 breach, 0 warnings")
    expect(sla).to_contain_text("Robotics Engineer")
    sla.get_by_role("link", name="Open the full page").click()
    expect(page.get_by_role("heading", name="SLA across your clients")).to_be_visible()
    expect(page.get_by_role("table", name="By client")).to_contain_text("Acme Robotics")
    page.get_by_role("link", name="Robotics Engineer").click()
    expect(page).to_have_url(re.compile(f"/requisitions/{requisition.pk}/$"))
    # The shortlist goes out: the clock stops.
    page.goto(f"/applications/{ada.pk}/")
    page.get_by_label("Move to").select_option(label="Submitted to hiring manager")
    page.get_by_role("button", name="Move", exact=True).click()
    page.get_by_role("link", name="Home", exact=True).click()
    expect(all_clear(page)).to_contain_text("SLA breaches and warnings: none")
    session.assert_clean()


def test_the_unread_badge_is_readable_and_the_settings_fit_a_phone(
    open_page,  # noqa: F811
    hank,
    acme,
):
    from outhire.accounts.notifications import notification_create

    notification_create(user=hank, client=acme, text="Offer accepted", kind="offer_accepted")
    session = open_page()
    page = session.page
    page.set_viewport_size({"width": 390, "height": 800})
    sign_in(page, hank.email)
    # On a phone the count sits on the Menu disclosure, the notifications link inside it.
    menu = page.get_by_role("navigation", name="Main")
    badge = menu.locator("summary .badge")
    expect(badge).to_have_text("1 unread")
    colours = badge.evaluate(
        "b => [getComputedStyle(b).color, getComputedStyle(b).backgroundColor]"
    )
    assert colours[0] != colours[1] and colours[1] == "rgb(255, 255, 255)", colours
    menu.locator("summary", has_text="Menu").click()
    page.get_by_role("link", name=re.compile("^Notifications")).click()
    expect(page.get_by_text("Offer accepted")).to_be_visible()
    page.get_by_role("link", name="Notification settings").click()
    mention = page.get_by_role("group", name="Someone mentioned me (@)")
    mention.get_by_label("Daily digest").check()
    page.get_by_role("button", name="Save my settings").click()
    expect(page.get_by_role("status")).to_contain_text("saved")
    expect(
        page.get_by_role("group", name="Someone mentioned me (@)").get_by_label("Daily digest")
    ).to_be_checked()
    # Nothing sticks out sideways on a phone.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    page.goto("/notifications/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    session.assert_clean()
