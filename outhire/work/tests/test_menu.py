"""The main menu in the header: its groups, who sees which link, and the current section."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from outhire.testing import login


class _Menu(HTMLParser):
    """The main navigation as {group: [link text, ...]} (links outside a group under "")."""

    def __init__(self) -> None:
        super().__init__()
        self.groups: dict[str, list[str]] = {"": []}
        self.current_links: list[str] = []
        self.current_groups: list[str] = []
        self._in_nav = self._in_summary = self._in_link = self._hidden = 0
        self._group = ""
        self._group_current = False
        self._text = ""
        self._link_current = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "nav" and attrs.get("aria-label") == "Main":
            self._in_nav = 1
        if not self._in_nav:
            return
        classes = (attrs.get("class") or "").split()
        if tag == "details" and "nav-group" in classes:
            self._group_current = "current" in classes
        elif tag == "summary" and self._group_current is not None:
            self._in_summary, self._text = 1, ""
        elif tag == "a":
            self._in_link, self._text = 1, ""
            self._link_current = attrs.get("aria-current") == "page"
        elif tag == "span" and ("visually-hidden" in classes or "badge" in classes):
            self._hidden += 1

    def handle_endtag(self, tag):
        if not self._in_nav:
            return
        if tag == "nav":
            self._in_nav = 0
        elif tag == "span" and self._hidden:
            self._hidden -= 1
        elif tag == "summary" and self._in_summary:
            self._in_summary = 0
            if self._text.strip() != "Menu":
                self._group = self._text.strip()
                self.groups[self._group] = []
                if self._group_current:
                    self.current_groups.append(self._group)
        elif tag == "details" and self._group:
            self._group = ""
        elif tag == "a" and self._in_link:
            self._in_link = 0
            self.groups[self._group].append(self._text.strip())
            if self._link_current:
                self.current_links.append(self._text.strip())

    def handle_data(self, data):
        if (self._in_summary or self._in_link) and not self._hidden:
            self._text += data


def menu(response) -> _Menu:
    parser = _Menu()
    parser.feed(response.content.decode())
    return parser


def test_it_groups_a_recruiters_links(client, rita):
    login(client, rita)
    shown = menu(client.get(reverse("work:home"))).groups
    assert shown == {
        "": ["Home", "Notifications", "Rita Recruiter"],
        "Hiring": ["Requisitions", "Offers and hires", "Interviews"],
        "Talent": ["Candidates", "Community", "Referrals"],
        "Clients": ["Clients", "Engagements", "Costs", "Careers sites"],
        "Insights": ["Analytics"],
        "Admin": ["Privacy", "API tokens"],
    }


def test_it_gives_a_provider_admin_the_staff_pages(client, alice):
    login(client, alice)
    shown = menu(client.get(reverse("work:home"))).groups
    assert shown["Admin"] == ["Privacy", "Staff", "Audit trail", "API tokens"]


@pytest.mark.parametrize(
    ("persona", "costs"),
    [("carla", ["Costs", "Invoices"]), ("hank", ["Costs"]), ("ivy", [])],
)
def test_it_shows_a_client_user_only_their_links(client, request, persona, costs):
    # As before the grouping: no candidates, community, engagements, privacy or staff pages,
    # "My interviews" rather than everyone's, costs for those who may read them, and the
    # client's invoices for its admins.
    user = request.getfixturevalue(persona)
    login(client, user)
    shown = menu(client.get(reverse("work:home"))).groups
    assert shown == {
        "": ["Home", "Notifications", user.full_name],
        "Hiring": ["Requisitions", "Offers and hires", "My interviews"],
        "Talent": ["Referrals"],
        "Clients": ["Clients", *costs, "Careers sites"],
        "Insights": ["Analytics"],
        "Admin": ["API tokens"],
    }


@pytest.mark.parametrize(
    ("url", "group", "link"),
    [
        ("work:home", None, "Home"),
        ("requisitions:requisition_list", "Hiring", "Requisitions"),
        ("candidates:candidate_list", "Talent", "Candidates"),
        ("accounts:client_list", "Clients", "Clients"),
        ("careers_manage:site_list", "Clients", "Careers sites"),
        ("analytics:provider_dashboard", "Insights", "Analytics"),
        ("accounts:api_tokens", "Admin", "API tokens"),
        ("pipeline:notification_list", None, "Notifications"),
    ],
)
def test_it_marks_the_current_section(client, rita, url, group, link):
    login(client, rita)
    shown = menu(client.get(reverse(url)))
    assert shown.current_links == [link]
    assert shown.current_groups == ([group] if group else [])


def test_it_names_the_current_section_to_screen_readers(client, rita):
    login(client, rita)
    response = client.get(reverse("offers:offer_list"))
    assert 'Hiring<span class="visually-hidden"> (current section)</span>' in response.text
    assert response.text.count("(current section)") == 1


def test_the_favicon_address_leads_to_the_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("/outhire/favicon.svg")


def test_pages_link_the_icon(client, rita):
    login(client, rita)
    assert 'rel="icon" href="/static/outhire/favicon.svg"' in client.get("/").text
