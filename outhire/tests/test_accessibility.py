"""The accessibility gate: axe-core in Chromium on every page the isolation sweep reaches.

The pages are those of the isolation sweep (`test_isolation_sweep.py`): every URL pattern,
filled with client A's real objects by the same world builder, requested as each role. The
ones that answer 200 with HTML are opened in one browser session per role and checked by
axe-core (vendored under `vendor/axe-core/`) against the WCAG 2.0, 2.1 and 2.2 A and AA rules.
Any violation axe rates serious or critical fails that role's test, which lists every one as
"url  rule  element". The candidate-facing pages (careers site, job, apply form, portal sign-in,
the signed links for booking, assessments, offers and surveys) are checked anonymously with
real links, and the portal's own pages as a signed-in candidate. docs/accessibility.md explains
the gate, how to run it and how to update axe.
"""

from __future__ import annotations

import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client as WebClient
from django.urls import reverse
from playwright.sync_api import Browser

from outhire.accounts.services import invitation_token
from outhire.accounts.tests.test_browser import (  # noqa: F401 (fixtures)
    WatchedPage,
    _allow_sync_orm_under_playwright,
    browser,
)
from outhire.tests.test_isolation_sweep import (
    build_client_a_world,
    fill_parameters,
    named_patterns,
    public_url_names,
)

# axe judges the markup and styles, which the same templates make from the same rows on any
# database; that every page answers without a server error on PostgreSQL too is the isolation
# sweep's check, which runs on both. So CI walks the pages once, on SQLite (`any_database`).
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.any_database,
]

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
# WCAG 2.2 AA: axe tags each rule with the version and level that introduced it.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = ["serious", "critical"]
# Rules axe leaves "to review" (incomplete) because a script might still add the element that is
# referred to, or remove a duplicate: these pages are rendered by the server, so for them the
# finding is final and fails the gate like a violation.
FINAL_WHEN_INCOMPLETE = ["aria-valid-attr-value", "duplicate-id-aria", "aria-prohibited-attr"]
# Who is checked, and the persona (conftest.py) who plays each role; the anonymous visitor and
# the candidate signed in to the portal have no account.
ROLES = {
    "provider-admin": "alice",
    "recruiter": "rita",
    "client-admin": "carla",
    "hiring-manager": "hank",
    "interviewer": "ivy",
    "candidate": None,
    "anonymous": None,
}
RUN_AXE = """
async ([tags, blocking, final]) => {
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations", "incomplete"],
  });
  const found = result.violations
    .concat(result.incomplete.filter((rule) => final.includes(rule.id)))
    .filter((rule) => blocking.includes(rule.impact))
    .flatMap((rule) => rule.nodes.map((node) => `${rule.id}  ${node.target.join(" ")}`));
  // axe checks that a title exists; one holding markup (a block left open) names no page.
  if (/[<>]/.test(document.title)) found.push("document-title  holds markup");
  // The page's own scripts and styles must still pass its Content-Security-Policy.
  return found.concat((window.__cspViolations || []).map((text) => `CSP: ${text}`));
}
"""
CHECKS = [WCAG_TAGS, BLOCKING, FINAL_WHEN_INCOMPLETE]
# The staff roles, the widest first: a page's shape is checked as the first role that sees it.
STAFF_ROLES = ["provider-admin", "recruiter", "client-admin", "hiring-manager", "interviewer"]
# A form's CSRF token differs between two requests for the same page.
CSRF_VALUE = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')


def real_secrets(world: dict) -> dict[str, dict]:
    """The parameters of the links whose secret is the permission, with the real secret.

    The sweep fills them with a forged copy (an outsider cannot know the real one); the
    candidate (or the invited user) who was e-mailed the link has the real one, and sees the
    page the gate must check.
    """
    from outhire.analytics import surveys
    from outhire.community.services import confirm_token, unsubscribe_token
    from outhire.interviews.services import link_token
    from outhire.offers import tokens as offer_tokens
    from outhire.portal import tokens as portal_tokens
    from outhire.preboarding import tokens as preboarding_tokens
    from outhire.screening import assessments

    offer = offer_tokens.offer_token(world["sweep_offer"])
    return {
        "accounts:invitation_accept": {"token": invitation_token(world["invitation"])},
        "analytics:survey_answer": {"token": surveys.survey_token(world["survey"])},
        "analytics:survey_unsubscribe": {"token": surveys.opt_out_token(world["candidate"].pk)},
        "analytics:manager_rating": {"token": surveys.rating_token(world["manager_rating"])},
        "community:confirm": {"token": confirm_token(world["member"])},
        "community:unsubscribe": {"token": unsubscribe_token(world["member"].candidate_id)},
        "interviews:schedule": {"token": link_token(world["interview"])},
        "interviews:schedule_cancel": {"token": link_token(world["interview"])},
        "offers:offer_respond": {"token": offer},
        "offers:offer_respond_letter": {"token": offer},
        "offers:review_survey": {"token": offer_tokens.survey_token(world["sweep_review"])},
        "portal:link": {"token": portal_tokens.sign_in_token(world["candidate"].pk)},
        "preboarding:welcome": {
            "token": preboarding_tokens.welcome_token(world["sweep_preboarding"])
        },
        "portal:email_confirm": {
            "token": portal_tokens.email_change_token(world["portal_email_change"])
        },
        "referrals:link_follow": {"code": world["referral_code"]},
        "screening:assessment_take": {"token": assessments.link_token(world["assessment_sitting"])},
    }


def page_urls(world: dict) -> list[tuple[str, str]]:
    """(URL name, path) of every page pattern (the API aside), signed links with their real
    secret."""
    secrets = real_secrets(world)
    urls = []
    for name, route, params in named_patterns():
        if route.startswith("api/"):
            continue
        kwargs = fill_parameters(name, params, world)
        kwargs.update(secrets.get(name, {}))
        urls.append((name, reverse(name, kwargs=kwargs)))
    return urls


def signed_in(role: str, world: dict, people: dict) -> WebClient:
    """A test client with the session of `role`."""
    client = WebClient(raise_request_exception=False)
    if ROLES[role]:
        client.force_login(people[ROLES[role]])
    elif role == "candidate":
        # Signed in to the portal as a candidate is, by the e-mailed link.
        link = reverse("portal:link", kwargs=real_secrets(world)["portal:link"])
        assert client.post(link).status_code == 302
    return client


class MainShape(HTMLParser):
    """The structure of a page's `<main>`: its elements with the attributes axe judges by
    (classes, which give the colours; types, roles, `for` and the ARIA attributes) and where
    text is or is not, without the text itself, ids' values or links."""

    KEPT = {"class", "type", "role", "for", "alt", "title", "scope", "tabindex", "lang"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.depth += 1
        if self.depth:
            kept = sorted(
                (name, value if (name in self.KEPT or name.startswith("aria-")) else "")
                for name, value in attrs
                if name != "value"
            )
            self.parts.append(f"<{tag} {kept}>")

    def handle_endtag(self, tag):
        if self.depth:
            self.parts.append(f"</{tag}>")
        if tag == "main" and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth and data.strip():
            self.parts.append("T")


def main_shape(html: str) -> str:
    """Two pages of one shape differ only in their words and links: axe finds the same on
    both, so the staff test checks one of them (the header and menu of each role are checked
    on that role's first page)."""
    parser = MainShape()
    parser.feed(html)
    return hashlib.sha256("".join(parser.parts).encode()).hexdigest()


def fingerprint(content: bytes) -> str:
    return hashlib.sha256(CSRF_VALUE.sub(b"", content)).hexdigest()


def html_pages(
    role: str, world: dict, people: dict, *, shapes_checked: set[str] | None = None
) -> tuple[list[str], list[str], str]:
    """The pages to check as `role`, the URLs that failed with a server error, and the session
    key for the browser.

    With `shapes_checked`, a page whose main content has a shape already in the set (checked
    as another staff role) is left out, and the new shapes are added to it.

    A page is checked when it answers 200 with HTML, unless it is a public page that `role` is
    shown exactly as an anonymous visitor is: the anonymous test checks that one. Asked through
    Django's test client, in this process: a quicker sieve than the browser, and one that never
    starts a download.
    """
    client = signed_in(role, world, people)
    anonymous = WebClient(raise_request_exception=False)
    public = public_url_names()
    pages, errors = [], []
    for name, url in page_urls(world):
        response = client.get(url)
        if response.status_code >= 500:
            errors.append(f"{url}  HTTP {response.status_code}")
            continue
        if (
            response.status_code != 200
            or response.streaming
            or not response["Content-Type"].startswith("text/html")
        ):
            continue
        if role != "anonymous" and name in public:
            seen = anonymous.get(url)
            if seen.status_code == 200 and fingerprint(seen.content) == fingerprint(
                response.content
            ):
                continue
        if shapes_checked is not None:
            shape = main_shape(response.content.decode())
            if shape in shapes_checked and pages:
                continue
            shapes_checked.add(shape)
        pages.append(url)
    cookie = client.cookies.get(settings.SESSION_COOKIE_NAME)
    return pages, errors, cookie.value if cookie else ""


def axe_violations(chromium: Browser, base_url: str, pages: list[str], session: str) -> list[str]:
    """Every serious or critical violation on `pages`, in one browser session."""
    watched = WatchedPage(chromium, base_url)
    try:
        if session:
            watched.context.add_cookies(
                [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}]
            )
        # An init script runs outside the page's Content-Security-Policy (script-src 'self'
        # would refuse an inline copy) and is compiled once for the whole session.
        watched.context.add_init_script(path=AXE)
        page = watched.page
        found = []
        for url in pages:
            before = len(watched.problems)
            page.goto(url)
            found += [f"{url}  {text}" for text in page.evaluate(RUN_AXE, CHECKS)]
            # A script error or a missing stylesheet would make axe judge a broken page.
            found += [f"{url}  {problem}" for problem in watched.problems[before:]]
        return found
    finally:
        watched.context.close()


@pytest.fixture
def people(acme, globex, alice, rita, carla, hank, ivy, gina):
    return {
        "acme": acme,
        "alice": alice,
        "rita": rita,
        "carla": carla,
        "hank": hank,
        "ivy": ivy,
        "gina": gina,
    }


def _world(people: dict) -> dict:
    return build_client_a_world(
        acme=people["acme"], carla=people["carla"], rita=people["rita"], hank=people["hank"]
    )


def test_no_staff_page_has_a_serious_accessibility_violation(
    people,
    browser,  # noqa: F811
    live_server,
):
    """Every page of every staff role, in one test so that a page whose main content has the
    shape of one already checked as another role is not checked twice (the recruiter sees
    most of the provider admin's pages with the same markup): 238 of 431 page visits."""
    world = _world(people)
    shapes_checked: set[str] = set()
    problems = []
    for role in STAFF_ROLES:
        pages, errors, session = html_pages(role, world, people, shapes_checked=shapes_checked)
        assert pages, f"no page to check as {role}: is the sieve broken?"
        problems += errors + axe_violations(browser, live_server.url, pages, session)
    assert len(shapes_checked) >= 100, "the gate found too few pages: is the sieve broken?"
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("role", ["candidate", "anonymous"])
def test_no_page_has_a_serious_accessibility_violation_as(
    role,
    people,
    browser,  # noqa: F811
    live_server,
):
    world = _world(people)
    pages, errors, session = html_pages(role, world, people)
    found = axe_violations(browser, live_server.url, pages, session)
    assert len(pages) >= 3, "the gate found too few pages: is the sieve broken?"
    assert errors + found == [], "\n".join(errors + found)


def test_pages_of_one_shape_differ_only_in_words_and_links():
    one = '<nav>menu</nav><main><h1>Ada</h1><a href="/c/1/" class="button">Open</a></main>'
    other = '<nav>else</nav><main><h1>Bob</h1><a href="/c/2/" class="button">See</a></main>'
    assert main_shape(one) == main_shape(other)
    # What axe judges differs: a class (colours), an empty link, an ARIA attribute, an element.
    for changed in [
        '<main><h1>Ada</h1><a href="/c/1/" class="button primary">Open</a></main>',
        '<main><h1>Ada</h1><a href="/c/1/" class="button"></a></main>',
        '<main><h1 aria-describedby="x">Ada</h1><a href="/c/1/" class="button">Open</a></main>',
        '<main><h1>Ada</h1><a href="/c/1/" class="button">Open</a><form></form></main>',
    ]:
        assert main_shape(changed) != main_shape(one)


def test_the_gate_reports_what_axe_finds_under_the_pages_policy(browser, live_server):  # noqa: F811
    """The gate is not vacuous: on a real page, behind its Content-Security-Policy, axe runs
    and a nameless button, an image without a text alternative, a dangling aria-describedby
    and a title holding markup are all reported."""
    found = axe_violations(browser, live_server.url, ["/login/"], "")
    assert found == []
    watched = WatchedPage(browser, live_server.url)
    try:
        watched.context.add_init_script(path=AXE)
        page = watched.page
        page.goto("/login/")
        page.evaluate(
            """() => {
              const main = document.querySelector("main");
              main.insertAdjacentHTML("beforeend",
                '<button></button><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">' +
                '<input aria-label="Code" aria-describedby="nowhere">');
              document.title = "<b>Sign in</b>";
            }"""
        )
        rules = {text.split()[0] for text in page.evaluate(RUN_AXE, CHECKS)}
    finally:
        watched.context.close()
    assert {"button-name", "image-alt", "aria-valid-attr-value", "document-title"} <= rules
