"""Staff pages on a phone (390 px): wide tables scroll inside their own box, so the page itself
never scrolls sideways. Every table of the staff app sits in a `.scroll-x` box; this checks the
list pages people open most, with rows in them, in Chromium."""

from __future__ import annotations

import pytest

from outhire.accounts.tests.test_browser import (  # noqa: F401 (fixtures)
    _allow_sync_orm_under_playwright,
    browser,
    open_page,
    sign_in,
    watched,
)
from outhire.webhooks.services import endpoint_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_list_pages_fit_a_phone(watched, make_application, rita, carla, acme):  # noqa: F811
    make_application("Ada", "Lovelace-Byron-Featherstonehaugh")
    endpoint_create(
        client=acme,
        url="https://hooks.example.com/a/rather/long/path/for/the/human/resources/system",
        events=["hire.created", "offer.accepted", "application.created"],
        by=carla,
    )
    page = watched.page
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, rita.email)
    for path in ("/requisitions/", "/candidates/", "/interviews/", "/costs/", "/webhooks/acme/"):
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} is {width} px wide on a 390 px screen"
    watched.assert_clean()
