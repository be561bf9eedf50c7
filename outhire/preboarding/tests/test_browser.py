"""The three parties complete a pre-boarding checklist in Chromium: the recruiter and the
client admin signed in, the new hire through their e-mailed link with JavaScript off; the
client's HR system is sent the completion."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from outhire.accounts.tests.test_browser import (  # noqa: F401 (fixtures)
    _allow_sync_orm_under_playwright,
    browser,
    link_page,
    open_page,
    sign_in,
)
from outhire.preboarding import tokens
from outhire.preboarding.models import Checklist
from outhire.preboarding.tests.factories import make_hire
from outhire.webhooks import services as webhooks
from outhire.webhooks import tasks as webhook_tasks
from outhire.webhooks.models import Delivery

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _item(page, title):
    return page.locator("li.preboarding-item", has_text=title)


def test_the_three_parties_complete_the_checklist(
    open_page,  # noqa: F811
    link_page,  # noqa: F811
    live_server,
    acme,
    rita,
    carla,
    hank,
    monkeypatch,
):
    queued = []
    # Deliveries are recorded, not sent: there is no HR system to reach from the test.
    monkeypatch.setattr(webhook_tasks.deliver, "delay", lambda pk: queued.append(pk))
    webhooks.endpoint_create(
        client=acme, url="https://hooks.example.com/hr", events=["preboarding.completed"], by=carla
    )
    hire = make_hire(acme, rita, hank)
    url = f"/hires/{hire.pk}/preboarding/"

    # The recruiter: the right-to-work check and the welcome call.
    recruiter = open_page()
    page = recruiter.page
    sign_in(page, rita.email)
    page.goto(f"/hires/{hire.pk}/")
    page.get_by_role("link", name="The pre-boarding checklist").click()
    expect(page.get_by_role("heading", name="Provider")).to_be_visible()
    rtw = _item(page, "Check the right to work")
    rtw.get_by_label("Outcome").select_option("verified")
    rtw.get_by_label("How it was checked").select_option("online")
    rtw.get_by_label("Checked on").fill(timezone.localdate().isoformat())
    rtw.get_by_label("Document type (optional)").fill("Passport")
    rtw.get_by_label("Document expires on (optional)").fill(
        (timezone.localdate() + timedelta(days=900)).isoformat()
    )
    rtw.get_by_role("button", name="Record the check").click()
    expect(page.get_by_text("The right-to-work check is recorded.")).to_be_visible()
    _item(page, "Welcome call").get_by_role("button", name="Mark as done").click()
    expect(page.get_by_text("“Welcome call with the new hire” is done.")).to_be_visible()
    recruiter.assert_clean()

    # The client admin: first-day details, a buddy, the equipment; a missing text first.
    client_admin = open_page()
    page = client_admin.page
    sign_in(page, carla.email)
    page.goto(url)
    first_day = _item(page, "Share the first-day details")
    first_day.get_by_role("button", name="Mark as done").click()
    expect(page.get_by_role("alert")).to_contain_text("First-day details")
    _item(page, "Share the first-day details").get_by_label("First-day details").fill(
        "Monday 09:00 at the Rotterdam office reception; ask for Jo."
    )
    _item(page, "Share the first-day details").get_by_role("button", name="Mark as done").click()
    expect(page.get_by_text("is done.")).to_be_visible()
    _item(page, "Choose a buddy").get_by_label("The buddy's name").fill("Jo Smith, jo@acme.test")
    _item(page, "Choose a buddy").get_by_role("button", name="Mark as done").click()
    _item(page, "Prepare the laptop").get_by_role("button", name="Mark as done").click()
    expect(page.get_by_text("“Prepare the laptop and accounts” is done.")).to_be_visible()
    expect(page.get_by_text("5 of 8 items done")).to_be_visible()
    page.set_viewport_size({"width": 390, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    client_admin.assert_clean()

    # The new hire, through the link in their e-mail, without JavaScript.
    page = link_page()
    page.goto(f"/welcome/{tokens.welcome_token(hire.preboarding)}/")
    expect(
        page.get_by_role("heading", name="Before your first day at Acme Robotics")
    ).to_be_visible()
    expect(page.get_by_text("Monday 09:00 at the Rotterdam office reception")).to_be_visible()
    expect(page.get_by_text("Jo Smith, jo@acme.test")).to_be_visible()
    for title, name in (
        ("Upload a proof of identity", "passport.txt"),
        ("Upload the signed contract", "contract.txt"),
    ):
        section = page.locator("section.card", has_text=title)
        section.get_by_label("Your file").set_input_files(
            {"name": name, "mimeType": "text/plain", "buffer": f"{title}, signed".encode()}
        )
        section.get_by_role("button", name="Upload").click()
        expect(page.get_by_text(f"Thank you: we have your file for “{title}”.")).to_be_visible()
    page.locator("section.card", has_text="Read the first-day details").get_by_role(
        "button", name="Done"
    ).click()
    expect(page.get_by_text("Everything is ready.")).to_be_visible()

    checklist = Checklist.objects.get(hire=hire)
    assert checklist.status == "completed"
    delivery = Delivery.objects.get(event="preboarding.completed")
    assert queued == [delivery.pk]
    state = delivery.payload["data"]["preboarding"]
    assert state["items_done"] == state["items_total"] == 8
    assert state["right_to_work"]["outcome"] == "verified"
    assert "Passport" not in delivery.body

    # On a phone, the pages fit the screen.
    page.set_viewport_size({"width": 390, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # The recruiter sees it complete.
    page = recruiter.page
    page.goto(url)
    expect(page.get_by_text("Pre-boarding was completed on")).to_be_visible()
    expect(page.get_by_role("button", name="Mark as done")).to_have_count(0)
