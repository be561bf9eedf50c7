"""The main menu in Chromium: one row at 1366 px, a Menu disclosure at 390 px, opened from the
keyboard, and working with JavaScript off.

Reuses the watched pages of the accounts browser tests: a console error, a CSP violation or a
failed stylesheet, script or icon fails the test.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from outhire.accounts.tests.test_browser import (  # noqa: F401 (fixtures)
    _allow_sync_orm_under_playwright,
    browser,
    link_page,
    open_page,
    sign_in,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AMBER = "rgb(255, 209, 102)"


def header_height(page: Page) -> float:
    return page.locator("header.site").bounding_box()["height"]


def page_width(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def main_menu(page: Page):
    return page.get_by_role("navigation", name="Main")


def group(page: Page, name: str):
    """The summary of the menu group `name`."""
    return main_menu(page).locator("summary", has_text=name)


def tab_to(page: Page, name: str, limit: int = 30) -> None:
    """Press Tab until the focused element's text is `name`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == name:
            return
    raise AssertionError(f"Tab never reached {name!r}")


def test_the_menu_is_one_row_and_opens_from_the_keyboard(open_page, rita):  # noqa: F811
    session = open_page()
    page = session.page
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, rita.email)
    expect(page.get_by_role("heading", name="My work")).to_be_visible()
    # The heading can show before the deferred nav.js has run (on a busy machine): the
    # keyboard below tests what it adds.
    page.wait_for_load_state("load")
    assert header_height(page) <= 90
    assert page_width(page) <= 1366
    requisitions = main_menu(page).get_by_role("link", name="Requisitions", exact=True)
    expect(requisitions).to_be_hidden()

    tab_to(page, "Hiring")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineColor")
    assert outline == AMBER  # 6.0:1 against the header's #1f4e79
    page.keyboard.press("Enter")
    expect(requisitions).to_be_visible()
    page.keyboard.press("Tab")
    expect(requisitions).to_be_focused()

    # Opening another group closes the first; Escape closes it and returns to its summary.
    tab_to(page, "Talent")
    page.keyboard.press("Space")
    expect(main_menu(page).get_by_role("link", name="Candidates", exact=True)).to_be_visible()
    expect(requisitions).to_be_hidden()
    page.keyboard.press("Escape")
    expect(main_menu(page).get_by_role("link", name="Candidates", exact=True)).to_be_hidden()

    page.goto("/requisitions/")
    expect(main_menu(page).locator("details.nav-group.current > summary")).to_have_text(
        "Hiring (current section)"
    )
    group(page, "Hiring").click()
    expect(requisitions).to_have_attribute("aria-current", "page")
    session.assert_clean()


def test_the_menu_fits_a_phone(open_page, rita):  # noqa: F811
    session = open_page()
    page = session.page
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, rita.email)
    expect(page.get_by_role("heading", name="My work")).to_be_visible()
    page.wait_for_load_state("load")  # nav.js has run (see above)
    assert page_width(page) <= 390
    expect(main_menu(page).get_by_role("link", name="Home")).to_be_hidden()

    group(page, "Menu").click()
    expect(main_menu(page).get_by_role("link", name="Home")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    group(page, "Clients").click()
    expect(main_menu(page).get_by_role("link", name="Careers sites")).to_be_visible()
    assert page_width(page) <= 390
    session.assert_clean()


def test_the_menu_works_without_javascript(link_page, rita):  # noqa: F811
    page = link_page()
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, rita.email)
    group(page, "Clients").click()
    main_menu(page).get_by_role("link", name="Careers sites").click()
    expect(page.get_by_role("heading", name="Careers sites")).to_be_visible()
    group(page, "Clients").click()
    careers_sites = main_menu(page).get_by_role("link", name="Careers sites")
    expect(careers_sites).to_have_attribute("aria-current", "page")
