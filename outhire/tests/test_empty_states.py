"""An empty list says what to do next (templates/includes/empty_state.html), with a link to do
it only for someone who may."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from outhire.testing import login

pytestmark = pytest.mark.django_db


def empty_state(client, url: str) -> tuple[str, list[str]]:
    """The text of the page's empty state and the links in it."""
    response = client.get(url)
    assert response.status_code == 200
    found = re.search(
        r'<div class="empty-state">(.*?)</div>', response.content.decode(), flags=re.S
    )
    assert found, f"{url} shows no empty state"
    block = found.group(1)
    return re.sub(r"<[^>]+>|\s+", " ", block).strip(), re.findall(r'href="([^"]+)"', block)


def test_a_recruiter_without_requisitions_is_shown_how_to_raise_one(client, rita):
    login(client, rita)
    text, links = empty_state(client, reverse("requisitions:requisition_list"))
    assert text.startswith("No requisitions yet.")
    assert links == [reverse("requisitions:requisition_create")]


def test_an_interviewer_is_told_where_requisitions_come_from_without_a_link(client, ivy):
    login(client, ivy)
    text, links = empty_state(client, reverse("requisitions:requisition_list") + "?all=1")
    assert "appear here once your recruiter or client admin raises them" in text
    assert links == []


def test_filters_that_match_nothing_offer_to_show_everything(client, hank):
    login(client, hank)  # a hiring manager starts from "mine"
    text, links = empty_state(client, reverse("requisitions:requisition_list"))
    assert text.startswith("No requisitions match these filters.")
    assert links == [reverse("requisitions:requisition_list") + "?all=1"]


@pytest.mark.parametrize(
    ("url_name", "title", "action"),
    [
        ("candidates:pool_list", "No talent pools yet.", "candidates:pool_create"),
        ("pipeline:notification_list", "No notifications.", "accounts:notification_preferences"),
        ("interviews:my_interviews", "No upcoming interviews.", "interviews:availability"),
        ("offers:hire_list", "No hires yet.", "offers:offer_list"),
    ],
)
def test_empty_lists_say_what_to_do_next(client, rita, url_name, title, action):
    login(client, rita)
    text, links = empty_state(client, reverse(url_name))
    assert text.startswith(title)
    assert links == [reverse(action)]


def test_the_api_token_page_points_at_its_own_form(client, carla):
    login(client, carla)
    text, links = empty_state(client, reverse("accounts:api_tokens"))
    assert text.startswith("No tokens yet.") and "form above" in text
    assert links == []
