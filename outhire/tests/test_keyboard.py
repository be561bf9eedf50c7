"""The main journeys with the keyboard only, in Chromium: no click, no mouse.

A recruiter signs in, opens the grouped menu, reaches a requisition and skips to its content;
a candidate goes from a careers job page to a sent application. Every element that takes the
focus on the way must show it (an outline or a shadow: WCAG 2.4.7), and Tab must be able to
leave every page it walks through (no keyboard trap: WCAG 2.1.2). Part of the accessibility
gate (docs/accessibility.md).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import FileChooser, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from outhire.accounts.tests.test_browser import (  # noqa: F401 (fixtures)
    _allow_sync_orm_under_playwright,
    browser,
    open_page,
)
from outhire.careers.apply.tests.fixtures import (  # noqa: F401 (fixtures)
    _fresh_rate_limit,
    _posting,
    _requisition,
    resume_pdf,
)
from outhire.pipeline.models import Application
from outhire.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What has the focus: its tag, a name to find it by (its text, label, aria-label or value), and
# whether the focus can be seen on it.
FOCUSED = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const label = el.labels && el.labels.length ? el.labels[0].textContent : "";
  const name = (el.getAttribute("aria-label") || label || el.textContent || el.value || "")
    .replace(/\\s+/g, " ").trim();
  const style = getComputedStyle(el);
  const outlined = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  const shadowed = style.boxShadow !== "none";
  const box = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(),
    name: name,
    visible: outlined || shadowed,
    onScreen: box.width > 0 && box.height > 0 && box.right > 0 && box.bottom > 0,
    inMain: !!el.closest("main"),
  };
}
"""


def press(page: Page, key: str) -> dict | None:
    """Press `key`; what then has the focus, which must show it."""
    page.keyboard.press(key)
    focused = page.evaluate(FOCUSED)
    if focused is not None:
        assert focused["visible"], f"no visible focus on {focused} ({page.url})"
        assert focused["onScreen"], f"the focus is off screen on {focused} ({page.url})"
    return focused


def tab_to(page: Page, name: str, *, limit: int = 60) -> dict:
    """Press Tab until the focused element's name starts with `name`."""
    for _ in range(limit):
        focused = press(page, "Tab")
        if focused and focused["name"].startswith(name):
            return focused
    raise AssertionError(f"Tab never reached {name!r} on {page.url}")


def follow(page: Page) -> None:
    """Press Enter on the focused link or button and wait for the page it opens."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


def press_space_for_the_file_chooser(page: Page) -> FileChooser:
    """Space on the focused file input opens the file chooser.

    Headless Chromium once opened no chooser in a full run (10 s waited; the test passed alone
    and beside busy cores, 18 runs). If the focus is still on the input, Space is pressed once
    more: a page that never opens the chooser still fails.
    """
    try:
        with page.expect_file_chooser(timeout=5_000) as chooser:
            page.keyboard.press("Space")
        return chooser.value
    except PlaywrightTimeoutError:
        focused = page.evaluate(FOCUSED)
        assert focused and focused["tag"] == "input", f"the focus left the input: {focused}"
    with page.expect_file_chooser(timeout=5_000) as chooser:
        page.keyboard.press("Space")
    return chooser.value


def walk_out(page: Page, *, limit: int = 400) -> int:
    """Tab through the whole page until the focus leaves it; the number of stops.

    Reaching the end proves no element holds the focus (a keyboard trap). Then Shift+Tab
    comes back to the last element, so the way back is open too.
    """
    stops = []
    for _ in range(limit):
        focused = press(page, "Tab")
        if focused is None:
            break
        stops.append(focused)
    else:
        raise AssertionError(f"the focus never left {page.url}: stuck after {stops[-3:]}")
    assert stops, f"nothing on {page.url} takes the focus"
    assert press(page, "Shift+Tab") == stops[-1]
    return len(stops)


def test_a_recruiter_reaches_a_requisition_with_the_keyboard(open_page, rita, requisition):  # noqa: F811
    page = open_page().page
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto("/login/")
    skip = tab_to(page, "Skip to content")
    assert skip["tag"] == "a"
    tab_to(page, "Email")
    page.keyboard.type(rita.email)
    tab_to(page, "Password")
    page.keyboard.type(PASSWORD)
    follow(page)
    expect(page.get_by_role("heading", name="My work")).to_be_visible()

    # The grouped menu: a summary opens its group with Enter, its links follow it.
    tab_to(page, "Hiring")
    page.keyboard.press("Enter")
    focused = press(page, "Tab")
    assert focused["name"] == "Requisitions"
    follow(page)
    expect(page.get_by_role("heading", name="Requisitions", exact=True)).to_be_visible()
    tab_to(page, "Robotics Engineer")
    follow(page)
    expect(page.get_by_role("heading", name="Robotics Engineer")).to_be_visible()

    # "Skip to content" is the first stop and jumps past the menu.
    focused = press(page, "Tab")
    assert focused["name"] == "Skip to content"
    page.keyboard.press("Enter")
    assert press(page, "Tab")["inMain"]
    assert walk_out(page) > 5


def test_a_candidate_applies_with_the_keyboard(open_page, posting, tmp_path):  # noqa: F811
    page = open_page().page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/careers/{posting.client.slug}/jobs/{posting.requisition_id}/")
    assert walk_out(page) > 1
    page.goto(f"/careers/{posting.client.slug}/jobs/{posting.requisition_id}/")
    tab_to(page, "Apply for this job")
    follow(page)
    tab_to(page, "Prefer to type everything yourself?")
    follow(page)
    expect(page.get_by_label("First name")).to_be_visible()
    for label, text in (
        ("First name", "Kay"),
        ("Last name", "Board"),
        ("E-mail", "kay.board@example.test"),
    ):
        tab_to(page, label)
        page.keyboard.type(text)
    # Space on the file input opens the file chooser, which the test answers for the system.
    resume = tmp_path / "kay-board-cv.pdf"
    resume.write_bytes(resume_pdf())
    tab_to(page, "Your resume")
    press_space_for_the_file_chooser(page).set_files(str(resume))
    consent = tab_to(page, "I agree")
    assert consent["tag"] == "input"
    page.keyboard.press("Space")
    tab_to(page, "Send my application")
    follow(page)
    expect(page.get_by_role("heading", name="Thank you for applying")).to_be_visible()
    assert Application.objects.get().candidate.full_name == "Kay Board"
