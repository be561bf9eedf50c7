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
from outhire.candidates.services import candidate_create
from outhire.pipeline import services
from outhire.pipeline.models import Application, Comment, Message, MessageTemplate

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
    expect(sourced.get_by_role("link", name="Ada Lovelace", exact=True)).to_be_visible()
    expect(applied.get_by_role("link", name="Ada Lovelace", exact=True)).to_have_count(0)

    # The card's form proposes the next stage; the keyboard reaches its button.
    select = page.get_by_label("Move Ada Lovelace to")
    expect(select).to_have_value(str(stage("applied").pk))
    button = page.get_by_role("button", name="Move Ada Lovelace")
    button.focus()
    page.keyboard.press("Enter")

    expect(page.get_by_role("status")).to_contain_text("Ada Lovelace moved to Applied.")
    expect(applied.get_by_role("link", name="Ada Lovelace", exact=True)).to_be_visible()
    expect(sourced.get_by_role("link", name="Ada Lovelace", exact=True)).to_have_count(0)
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
    target = page.locator(f"section[data-stage='{stage('applied').pk}']")
    # The next stage, and no e-mail for it: nothing to confirm, it moves at once.
    card.drag_to(target, source_position={"x": 4, "y": 4})
    expect(page.get_by_role("status")).to_contain_text("Ada Lovelace moved to Applied.")
    expect(target.get_by_role("link", name="Ada Lovelace", exact=True)).to_be_visible()
    assert Application.objects.get(pk=application.pk).stage == stage("applied")
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

    expect(page.get_by_role("status")).to_contain_text("Moved on to Assessment.")
    application.refresh_from_db()
    assert application.stage == stage("assessment")
    assert application.events.last().reason == "Let's meet her"
    # Hank never reaches the board itself.
    response = page.goto(f"/requisitions/{requisition.pk}/board/")
    assert response.status == 404
    watched.assert_clean()


# --- No silent side effects: the dialog a move asks for -----------------------------------------


@pytest.fixture
def screen_invite(acme):
    return MessageTemplate.objects.create(
        client=acme,
        name="Phone screen invitation",
        subject="A call about {{ job_title }}",
        body="Hi {{ candidate_first_name }}, could we talk this week?",
        trigger="stage",
        stage_kind="screen",
    )


@pytest.fixture
def ada_applied(requisition, rita, stage):
    candidate = candidate_create(
        by=rita, first_name="Ada", last_name="Lovelace", emails=["ada@example.test"]
    )
    application = services.application_create(requisition=requisition, candidate=candidate, by=rita)
    services.application_move(application=application, to_stage=stage("applied"), by=rita)
    return application


def _drag(page, application, stage) -> None:
    card = page.locator(f"#application-{application.pk}")
    target = page.locator(f"section[data-stage='{stage.pk}']")
    card.drag_to(target, source_position={"x": 4, "y": 4})


def test_a_drag_shows_the_email_which_is_edited_then_sent(
    watched,  # noqa: F811
    rita,
    requisition,
    stage,
    ada_applied,
    screen_invite,
):
    page = watched.page
    sign_in(page, rita.email)
    page.goto(f"/requisitions/{requisition.pk}/board/")
    _drag(page, ada_applied, stage("screen"))
    dialog = page.get_by_role("dialog", name="Move Ada Lovelace to Phone screen?")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_label("Subject")).to_have_value("A call about Robotics Engineer")
    body = dialog.get_by_label("Message")
    expect(body).to_have_value("Hi Ada, could we talk this week?")
    assert not Message.objects.exists()  # nothing sent while the dialog is open
    body.fill("Hi Ada, could we talk on Thursday at 10?")
    dialog.get_by_role("button", name="Confirm and send").click()
    expect(page.get_by_role("status")).to_contain_text("Ada Lovelace moved to Phone screen.")
    ada_applied.refresh_from_db()
    assert ada_applied.stage == stage("screen")
    message = Message.objects.get()
    assert message.body == "Hi Ada, could we talk on Thursday at 10?"
    assert message.template == screen_invite
    watched.assert_clean()


def test_a_drag_moves_without_the_email_when_it_is_skipped(
    watched,  # noqa: F811
    rita,
    requisition,
    stage,
    ada_applied,
    screen_invite,
):
    page = watched.page
    sign_in(page, rita.email)
    page.goto(f"/requisitions/{requisition.pk}/board/")
    _drag(page, ada_applied, stage("screen"))
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("button", name="Confirm without e-mail").click()
    expect(page.get_by_role("status")).to_contain_text("Ada Lovelace moved to Phone screen.")
    ada_applied.refresh_from_db()
    assert ada_applied.stage == stage("screen") and not Message.objects.exists()
    watched.assert_clean()


def test_skipping_stages_asks_first_and_says_it_shares_the_candidate(
    watched,  # noqa: F811
    rita,
    requisition,
    stage,
    make_application,
):
    application = make_application("Ada", "Lovelace")
    page = watched.page
    sign_in(page, rita.email)
    page.goto(f"/requisitions/{requisition.pk}/board/")
    _drag(page, application, stage("submitted"))
    dialog = page.get_by_role("dialog", name="Move Ada Lovelace to Submitted to hiring manager?")
    expect(dialog).to_contain_text("This skips 2 stages: Applied, Phone screen.")
    expect(dialog).to_contain_text("This shares the candidate with Acme Robotics")
    # Cancel: nothing moves, and the card's form shows its next stage again.
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_be_hidden()
    select = page.get_by_label("Move Ada Lovelace to", exact=True)
    expect(select).to_have_value(str(stage("applied").pk))
    application.refresh_from_db()
    assert application.stage == stage("sourced")
    # With the keyboard, through the card's own form, the same question.
    select.select_option(str(stage("submitted").pk))
    page.get_by_role("button", name="Move Ada Lovelace").click()
    dialog.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Ada Lovelace moved to Submitted to hiring manager."
    )
    application.refresh_from_db()
    assert application.stage == stage("submitted") and application.reached_client_at
    watched.assert_clean()


def test_a_hiring_manager_opens_a_submitted_candidate_and_leaves_feedback(
    watched,  # noqa: F811
    hank,
    rita,
    requisition,
    stage,
    make_application,
):
    requisition.recruiters.set([rita])
    application = make_application("Ada", "Lovelace")
    services.application_move(application=application, to_stage=stage("submitted"), by=rita)
    page = watched.page
    sign_in(page, hank.email)
    page.goto(f"/requisitions/{requisition.pk}/candidates/")
    page.get_by_role("heading", name="Ada Lovelace").get_by_role("link").click()
    expect(page.get_by_role("heading", name="Ada Lovelace", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Résumé")).to_be_visible()
    page.get_by_label("Your feedback").fill("Strong on robotics; let's meet her.")
    page.get_by_role("button", name="Send feedback").click()
    expect(page.get_by_role("status")).to_contain_text("your feedback is with the recruiters")
    expect(page.get_by_text("Strong on robotics; let's meet her.")).to_be_visible()
    comment = Comment.objects.get()
    assert comment.author == hank and comment.application == application
    watched.assert_clean()


# --- In place, without a page load (htmx) -------------------------------------------------------


def _mark(page) -> None:
    """A variable that only survives while the page is not loaded again."""
    page.evaluate("window.boardMarker = 'still here'")


def _still_marked(page) -> bool:
    return page.evaluate("window.boardMarker") == "still here"


def test_a_keyboard_move_updates_the_card_and_the_counts_in_place(
    watched,  # noqa: F811
    rita,
    requisition,
    make_application,
    stage,
):
    application = make_application("Ada", "Lovelace")
    make_application("Grace", "Hopper")
    page = watched.page
    sign_in(page, rita.email)
    page.goto(f"/requisitions/{requisition.pk}/board/")
    _mark(page)
    sourced = page.locator(f"section[data-stage='{stage('sourced').pk}']")
    applied = page.locator(f"section[data-stage='{stage('applied').pk}']")
    expect(sourced.locator(f"#count-{stage('sourced').pk}")).to_have_text("2 active")
    expect(applied.get_by_text("No one here.")).to_be_visible()

    page.get_by_label("Move Ada Lovelace to").focus()
    page.keyboard.press("Tab")  # to the card's Move button
    expect(page.get_by_role("button", name="Move Ada Lovelace")).to_be_focused()
    page.keyboard.press("Enter")

    expect(applied.get_by_role("link", name="Ada Lovelace", exact=True)).to_be_visible()
    expect(sourced.get_by_role("link", name="Ada Lovelace", exact=True)).to_have_count(0)
    expect(page.locator(f"#count-{stage('sourced').pk}")).to_have_text("1 active")
    expect(page.locator(f"#count-{stage('applied').pk}")).to_have_text("1 active")
    expect(applied.get_by_text("No one here.")).to_be_hidden()
    expect(page.get_by_role("status")).to_contain_text("Ada Lovelace moved to Applied.")
    # The card's form now offers the next stage, and moves again in place.
    expect(page.get_by_label("Move Ada Lovelace to")).to_have_value(str(stage("screen").pk))
    assert _still_marked(page)
    assert Application.objects.get(pk=application.pk).stage == stage("applied")
    watched.assert_clean()


def test_a_move_someone_else_made_first_is_shown_on_the_card_in_place(
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
    _mark(page)
    # Someone else moves her while the board is open.
    services.application_move(application=application, to_stage=stage("interview"), by=rita)
    page.get_by_role("button", name="Move Ada Lovelace").click()

    interviews = page.locator(f"section[data-stage='{stage('interview').pk}']")
    alert = interviews.get_by_role("alert")
    expect(alert).to_contain_text("Ada Lovelace was moved to Interviews by Rita Recruiter at")
    sourced = page.locator(f"section[data-stage='{stage('sourced').pk}']")
    expect(sourced.get_by_role("link", name="Ada Lovelace", exact=True)).to_have_count(0)
    expect(page.locator(f"#count-{stage('interview').pk}")).to_have_text("1 active")
    assert _still_marked(page)
    assert Application.objects.get(pk=application.pk).stage == stage("interview")
    # The refusal itself is the one 4xx answer, and it was shown, not dropped.
    move_url = f"{watched.base_url}/applications/{application.pk}/move/"
    assert watched.problems == [f"HTTP 409: {move_url}"]
    watched.problems.clear()
    watched.assert_clean()


@pytest.mark.parametrize("width,height", [(1366, 900), (390, 844)])
def test_the_board_fits_the_screen_and_its_cards_are_above_the_fold(
    watched,  # noqa: F811
    rita,
    requisition,
    make_application,
    stage,
    width,
    height,
):
    for n, kind in enumerate(["sourced", "applied", "screen", "submitted", "interview", "offer"]):
        application = make_application(f"Maximiliana-Alexandrina{n}", "Featherstonehaugh-Smythe")
        if kind != "sourced":
            services.application_move(application=application, to_stage=stage(kind), by=rita)
    page = watched.page
    page.set_viewport_size({"width": width, "height": height})
    sign_in(page, rita.email)
    page.goto(f"/requisitions/{requisition.pk}/board/")
    first = page.locator(".board-card").first
    expect(first).to_be_visible()
    assert first.bounding_box()["y"] < height
    scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= inner
    # The columns scroll inside the board instead.
    board = page.evaluate(
        "(() => { const b = document.querySelector('[data-board]');"
        " return [b.scrollWidth, b.clientWidth]; })()"
    )
    assert board[0] > board[1]
    watched.assert_clean()


def test_show_all_loads_the_whole_column_in_place(
    watched,  # noqa: F811
    rita,
    requisition,
    make_application,
    stage,
):
    for n in range(23):
        make_application(f"Person{n:02d}", "Sourced")
    page = watched.page
    sign_in(page, rita.email)
    page.goto(f"/requisitions/{requisition.pk}/board/")
    _mark(page)
    sourced = page.locator(f"#cards-{stage('sourced').pk}")
    expect(sourced.locator(".board-card")).to_have_count(20)
    page.get_by_role("link", name="Show all 23 in Sourced").click()
    expect(sourced.locator(".board-card")).to_have_count(23)
    expect(page.get_by_role("link", name="Show all 23 in Sourced")).to_have_count(0)
    assert _still_marked(page)
    # The cards loaded later move in place too.
    page.get_by_role("button", name="Move Person00 Sourced").click()
    applied = page.locator(f"#cards-{stage('applied').pk}")
    expect(applied.get_by_role("link", name="Person00 Sourced", exact=True)).to_be_visible()
    assert _still_marked(page)
    watched.assert_clean()
