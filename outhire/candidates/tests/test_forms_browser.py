"""The shared form rendering in Chromium: after a 400 the error summary has the focus and is on
screen, its links lead to the fields, and a radio's label checks the radio. Without JavaScript
the summary is still first in the form and announced (role="alert").

Reuses the watched pages of the accounts browser tests: a console error, a CSP violation or a
5xx response fails the test.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from outhire.accounts.tests.test_browser import (  # noqa: F401 (fixtures)
    _allow_sync_orm_under_playwright,
    browser,
    link_page,
    open_page,
    sign_in,
    watched,
)
from outhire.candidates.models import Note, TalentPool

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_empty_note_focuses_the_summary_and_labels_check_their_radios(
    watched,  # noqa: F811
    rita,
    ada,
):
    # A pool with a long name: its "Add to pool" row wrapped past a phone's width once.
    TalentPool.objects.create(name="Senior embedded and robotics software engineers, Europe")
    page = watched.page
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, rita.email)
    page.goto(f"/candidates/{ada.pk}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    notes = page.locator("#notes form")
    with page.expect_response(lambda r: r.request.method == "POST") as sent:
        notes.get_by_role("button", name="Add note").click()
    assert sent.value.status == 400

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    expect(summary).to_have_attribute("role", "alert")
    expect(summary).to_contain_text("Please check 1 thing below.")

    # A link in the summary takes the keyboard to the field.
    summary.get_by_role("link", name="Note").click()
    expect(page.locator("#id_body")).to_be_focused()

    # Clicking the words of a choice chooses it; the radio sits on the same line as its words.
    shared = page.get_by_label("Shared with the client's hiring team")
    expect(shared).not_to_be_checked()
    label = page.locator("label[for='id_visibility_1']")
    label.click()
    expect(shared).to_be_checked()
    radio_box, label_box = shared.bounding_box(), label.bounding_box()
    assert radio_box["x"] < label_box["x"] < radio_box["x"] + 40
    assert abs(radio_box["y"] - label_box["y"]) < 12

    page.locator("#id_body").fill("Asked for a later start date")
    notes.get_by_role("button", name="Add note").click()
    expect(page.get_by_text("Note added.")).to_be_visible()
    assert Note.objects.get().visibility == "shared"
    watched.assert_clean()


def test_without_javascript_the_summary_heads_the_form(
    link_page,  # noqa: F811
    rita,
    ada,
):
    page = link_page()
    sign_in(page, rita.email)
    page.goto(f"/candidates/{ada.pk}/")
    page.locator("#notes form").get_by_role("button", name="Add note").click()
    form = page.locator("#notes form")
    expect(form.get_by_role("alert")).to_contain_text("Note: This field is required.")
    # The summary comes before the first field of the form.
    first = form.locator("[data-error-summary], textarea").first
    expect(first).to_have_attribute("data-error-summary", "")
