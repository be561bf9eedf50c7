"""The board and the client portal, clicked through in Chromium (with the keyboard, no drag).

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
    watched,
)
from outhire.pipeline import services
from outhire.pipeline.models import Application

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_recruiter_moves_a_card_to_the_next_column_with_the_keyboard(
    watched,  # noqa: F811
    rita,
    requisition,
    make_application,
    stage,
):
    application = make_application("Ada", "Lovelace")
    page = watched.page
    sign_in(page, rita.email)
    page.goto(f"/requisitions/{requisition.pk}/board/")
    sourced = page.locator(f"section[data-stage='{stage('sourced').pk}']")
    applied = page.locator(f"section[data-stage='{stage('applied').pk}']")
    expect(sourced.get_by_role("link", name="Ada Lovelace")).to_be_visible()
    expect(applied.get_by_role("link", name="Ada Lovelace")).to_have_count(0)

    # The card's form proposes the next stage; the keyboard reaches its button.
    select = page.get_by_label("Move Ada Lovelace to")
    expect(select).to_have_value(str(stage("applied").pk))
    button = page.get_by_role("button", name="Move Ada Lovelace")
    button.focus()
    page.keyboard.press("Enter")

    expect(page.get_by_role("status")).to_contain_text("Ada Lovelace moved to Applied.")
    expect(applied.get_by_role("link", name="Ada Lovelace")).to_be_visible()
    expect(sourced.get_by_role("link", name="Ada Lovelace")).to_have_count(0)
    application.refresh_from_db()
    assert application.stage == stage("applied")
    watched.assert_clean()


def test_a_card_dropped_on_a_column_moves_there(
    watched,  # noqa: F811
    rita,
    requisition,
    make_application,
    stage,
):
    application = make_application("Ada", "Lovelace")
    page = watched.page
    sign_in(page, rita.email)
    page.goto(f"/requisitions/{requisition.pk}/board/")
    card = page.locator(f"#application-{application.pk}")
    target = page.locator(f"section[data-stage='{stage('screen').pk}']")
    card.drag_to(target, source_position={"x": 4, "y": 4})
    expect(page.get_by_role("status")).to_contain_text("Ada Lovelace moved to Phone screen.")
    expect(target.get_by_role("link", name="Ada Lovelace")).to_be_visible()
    assert Application.objects.get(pk=application.pk).stage == stage("screen")
    watched.assert_clean()


def test_a_hiring_manager_advances_a_submitted_candidate(
    watched,  # noqa: F811
    hank,
    rita,
    requisition,
    make_application,
    stage,
):
    application = make_application("Ada", "Lovelace")
    services.application_move(application=application, to_stage=stage("submitted"), by=rita)
    make_application("Grace", "Hopper")  # sourced: not shown to the client
    page = watched.page
    sign_in(page, hank.email)
    page.goto(f"/requisitions/{requisition.pk}/candidates/")
    expect(page.get_by_role("heading", name="Ada Lovelace")).to_be_visible()
    expect(page.get_by_text("Grace Hopper")).to_have_count(0)
    page.get_by_label("Comment (optional)").fill("Let's meet her")
    page.get_by_role("button", name=re.compile(r"^Advance to Assessment")).click()

    expect(page.get_by_role("status")).to_contain_text("Ada Lovelace moved on to Assessment.")
    application.refresh_from_db()
    assert application.stage == stage("assessment")
    assert application.events.last().reason == "Let's meet her"
    # Hank never reaches the board itself.
    response = page.goto(f"/requisitions/{requisition.pk}/board/")
    assert response.status == 404
    watched.assert_clean()
