"""A candidate walks through the portal in Chromium, with JavaScript off as from a mail client:
signs in with the e-mailed link, reads where each application stands, moves an interview to
another time, withdraws an application, downloads their data and asks for erasure. Then the
same pages at a phone's width, with JavaScript on and every console error and CSP violation
watched.

Set PORTAL_SHOTS=/some/dir to keep screenshots of each page at 1366 and 390 px.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from outhire.accounts.tests.test_browser import (  # noqa: F401 (fixtures)
    _allow_sync_orm_under_playwright,
    browser,
    link_page,
    open_page,
)
from outhire.interviews import services as interviews
from outhire.interviews import slots
from outhire.interviews.models import Interview
from outhire.lib.formatting import calendar_date
from outhire.pipeline.models import Application
from outhire.privacy.models import DataRequest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("PORTAL_SHOTS", "")


def _shot(page: Page, name: str) -> None:
    if not SHOTS:
        return
    size = page.viewport_size
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
    page.set_viewport_size(size)


def _sign_in(page: Page, address: str) -> None:
    page.goto("/me/")
    expect(page.get_by_role("heading", name="Your applications", exact=True)).to_be_visible()
    _shot(page, "sign-in")
    email = page.get_by_label("Your e-mail address")
    email.fill(address)
    email.press("Enter")
    expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()
    expect(page.get_by_role("status").last).to_contain_text("If we know this address")
    _shot(page, "sent")
    [message] = [
        m for m in mail.outbox if m.to == [address] and m.subject == "Your link to sign in"
    ]
    link = re.search(r"https?://\S+/me/link/\S+/", message.body).group(0)
    page.goto(urlsplit(link).path)
    _shot(page, "link")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Hello Ada")).to_be_visible()


@pytest.fixture
def booked(make_interview):
    slots.time_zone_choices()  # read the zone database once, before the server is timed
    interview = make_interview()
    offered = interviews.available_slots(interview)
    interviews.interview_book(interview=interview, start=offered[len(offered) // 2], by=None)
    interview.refresh_from_db()
    return interview


def test_a_candidate_walks_through_the_portal(link_page, ada, ada_application, booked):  # noqa: F811
    page = link_page()
    page.set_default_timeout(30_000)
    _sign_in(page, "ada@example.test")

    # Status: the application in plain words, and the interview waiting.
    application = page.get_by_role("region", name="Your applications").get_by_role("listitem")
    expect(application).to_contain_text("Robotics Engineer")
    expect(application).to_contain_text("Acme Robotics")
    expect(application).to_contain_text("Application received")
    expect(application).to_contain_text("What happens next: A recruiter reads every application")
    waiting = page.get_by_role("region", name="Waiting for you")
    expect(waiting).to_contain_text("Interview: Technical interview")
    _shot(page, "home")

    # Reschedule: the interview's own page, reached from the portal.
    waiting.get_by_role("link", name="Reschedule or cancel for Technical interview").click()
    expect(page.get_by_role("heading", name="Choose another time")).to_be_visible()
    day = page.locator("fieldset.slot-day").nth(1)
    radio = day.get_by_role("radio").first
    radio.check()
    page.get_by_role("button", name="Move my interview to this time").click()
    expect(page.get_by_role("status")).to_contain_text("Your interview is moved")
    booked.refresh_from_db()
    assert booked.status == Interview.Status.SCHEDULED and booked.sequence == 1

    # Withdraw, with a reason from the client's list, using the keyboard.
    page.goto("/me/")
    page.get_by_role("link", name="Withdraw this application for Robotics Engineer").click()
    expect(page.get_by_role("heading", name="Withdraw your application")).to_be_visible()
    page.get_by_label("Why are you withdrawing?").select_option(label="Accepted another offer")
    page.get_by_label("Anything you would like to tell us (optional)").fill("Thank you all")
    _shot(page, "withdraw")
    button = page.get_by_role("button", name="Withdraw my application")
    button.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").first).to_contain_text(
        "Your application for Robotics Engineer is withdrawn."
    )
    closed = page.get_by_role("region", name="Closed applications")
    expect(closed).to_contain_text("Withdrawn")
    expect(page.get_by_role("region", name="Waiting for you")).to_have_count(0)
    ada_application.refresh_from_db()
    assert ada_application.status == Application.Status.WITHDRAWN
    assert ada_application.disposition.name == "Accepted another offer"
    booked.refresh_from_db()
    assert booked.status == Interview.Status.CANCELLED  # called off with the application

    # Download my data: a zip, logged as an access request answered at once.
    page.get_by_role("link", name="Your data").click()
    _shot(page, "data")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download my data").click()
    download = download_info.value
    assert download.suggested_filename == "my-data.zip"
    with open(download.path(), "rb") as handle:
        assert zipfile.ZipFile(io.BytesIO(handle.read())).namelist()
    access = DataRequest.objects.get(candidate=ada, kind="access")
    assert access.status == "done" and access.channel == "portal"

    # Ask for erasure.
    page.get_by_role("link", name="Read what that means and ask for it").click()
    expect(page.get_by_role("heading", name="What erasure means")).to_be_visible()
    _shot(page, "erase")
    page.get_by_label("Anything you would like us to know (optional)").fill("Please erase me")
    page.get_by_label("I understand that my data will be erased").check()
    page.get_by_role("button", name="Ask for erasure").click()
    expect(page.get_by_role("heading", name="Your request is received")).to_be_visible()
    erasure = DataRequest.objects.get(candidate=ada, kind="erasure")
    expect(page.get_by_role("main")).to_contain_text(calendar_date(erasure.deadline))
    _shot(page, "erase-received")

    # Sign out: the pages are closed again.
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_label("Your e-mail address")).to_be_visible()
    page.goto("/me/details/")
    expect(page.get_by_label("Your e-mail address")).to_be_visible()


def test_the_portal_on_a_phone_with_scripts_watched(open_page, ada, ada_application):  # noqa: F811
    watched = open_page()
    page = watched.page
    page.set_viewport_size({"width": 390, "height": 844})
    _sign_in(page, "ada@example.test")
    for name, heading in (
        ("Contact details", "Your contact details"),
        ("Consents", "Your consents"),
        ("Your data", "Your data"),
        ("Applications", "Hello Ada"),
    ):
        page.get_by_role("link", name=name, exact=True).click()
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
        # Nothing wider than the phone: no sideways scrolling.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, name
        _shot(page, name.lower().replace(" ", "-"))
    page.get_by_role("link", name="Consents", exact=True).click()
    agree = "I agree: Keep my details for future jobs (talent pool)"
    page.get_by_role("button", name=agree).click()
    expect(page.get_by_role("status").first).to_contain_text("your consent is recorded")
    watched.assert_clean()
