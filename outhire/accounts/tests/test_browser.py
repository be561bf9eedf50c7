"""The sign-in, two-factor, invitation and client-management flows, clicked through in Chromium.

One headless Debian Chromium per module, a fresh browser context (cookies, storage) per test.
Every page is watched: a console error, a Content-Security-Policy violation, an uncaught
script error or a 5xx response fails the test that caused it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pyotp
import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Page,
    Response,
    expect,
    sync_playwright,
)

from outhire.accounts.models import Membership, User
from outhire.testing import PASSWORD

CHROMIUM = "/usr/bin/chromium"
SITE_STATIC = Path(__file__).resolve().parents[2] / "static"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Runs before any page script and outside the page's CSP, so it sees every violation.
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI}`);
});
"""

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module", autouse=True)
def _allow_sync_orm_under_playwright() -> Iterator[None]:
    # Playwright's sync API keeps an asyncio loop running in this thread, and Django refuses
    # ORM calls while a loop runs. These are plain blocking calls, so the guard does not apply.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        reason = f"{CHROMIUM} is missing; install Debian's chromium package"
        if os.environ.get("CI", "").lower() not in ("", "0", "false"):
            pytest.fail(reason)
        pytest.skip(reason)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


class WatchedPage:
    """A page in a fresh context that remembers what went wrong while it was used."""

    def __init__(self, browser: Browser, base_url: str) -> None:
        self.base_url = base_url
        self.context = browser.new_context(base_url=base_url)
        self.context.add_init_script(RECORD_CSP_VIOLATIONS)
        self.page = self.context.new_page()
        self.page.set_default_timeout(10_000)
        self.problems: list[str] = []
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda error: self.problems.append(f"script: {error}"))
        self.page.on("response", self._on_response)

    def _on_console(self, message: ConsoleMessage) -> None:
        # Failed loads are judged by _on_response, which knows what kind of resource it was.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.problems.append(f"console: {message.text} ({message.location['url']})")

    def _on_response(self, response: Response) -> None:
        # A page answered with 4xx is a form error the test asserts on; a 4xx for a stylesheet
        # or a script, or any 5xx, is a broken page. Chromium asks for /favicon.ico by itself.
        failed = response.status >= 500 or (
            response.status >= 400 and response.request.resource_type != "document"
        )
        if failed and not response.url.endswith("/favicon.ico"):
            self.problems.append(f"HTTP {response.status}: {response.url}")

    def csp_violations(self) -> list[str]:
        return self.page.evaluate("window.__cspViolations || []")

    def assert_clean(self) -> None:
        assert self.problems == []
        assert self.csp_violations() == []


@pytest.fixture
def open_page(browser: Browser, live_server) -> Iterator:
    """Opens a new, independent browser session (as a second person or device would)."""
    opened: list[WatchedPage] = []

    def open_() -> WatchedPage:
        watched = WatchedPage(browser, live_server.url)
        opened.append(watched)
        return watched

    yield open_
    for watched in opened:
        watched.context.close()
    for watched in opened:
        assert watched.problems == [], "the browser reported errors"


@pytest.fixture
def watched(open_page) -> WatchedPage:
    return open_page()


@pytest.fixture
def link_page(browser: Browser, live_server) -> Iterator[Callable[[], Page]]:
    """Opens a page as someone following an e-mailed link: a fresh context, JavaScript off."""
    contexts = []
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            problems.append(f"console: {message.text}")

    def on_response(response: Response) -> None:
        # A page answered with 4xx is asserted on by the test; a broken stylesheet is not.
        failed = response.status >= 500 or (
            response.status >= 400 and response.request.resource_type != "document"
        )
        if failed and not response.url.endswith("/favicon.ico"):
            problems.append(f"HTTP {response.status}: {response.url}")

    def open_() -> Page:
        context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.on("console", on_console)
        page.on("response", on_response)
        return page

    yield open_
    for context in contexts:
        context.close()
    assert problems == [], "the browser reported errors"


def sign_in(page: Page, email: str, password: str = PASSWORD) -> None:
    page.goto("/login/")
    page.get_by_label("Email:", exact=True).fill(email)
    page.get_by_label("Password:", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


def a_wrong_code(secret: str) -> str:
    """A six-digit code that is valid at none of the steps the server accepts right now."""
    totp = pyotp.TOTP(secret)
    step = totp.timecode(timezone.now())
    accepted = {totp.generate_otp(s) for s in (step - 1, step, step + 1)}
    return next(f"{n:06d}" for n in range(123456, 10**6) if f"{n:06d}" not in accepted)


def test_the_site_static_files_are_found():
    from django.contrib.staticfiles import finders

    assert finders.find("outhire/htmx.min.js") == str(SITE_STATIC / "outhire" / "htmx.min.js")


def test_it_sets_up_two_factor_for_a_new_admin(watched, acme):
    User.objects.create_user(
        "ada@provider.test", PASSWORD, full_name="Ada Admin", provider_role="admin"
    )
    page = watched.page

    sign_in(page, "ada@provider.test")

    expect(page).to_have_url(re.compile(r"/account/two-factor/$"))
    expect(page.get_by_role("heading", name="Set up two-factor authentication")).to_be_visible()
    expect(page.locator(".qr svg")).to_be_visible()
    page.screenshot(path="/tmp/two_factor.png", full_page=True)
    watched.assert_clean()

    secret = page.locator("code.secret").inner_text().strip()
    page.get_by_label("Enter the 6-digit code your app shows:").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Turn on").click()

    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    expect(page.locator("ul.codes li")).to_have_count(10)
    page.get_by_role("link", name="I have saved them").click()

    expect(page).to_have_url(f"{watched.base_url}/")
    expect(page.get_by_role("heading", name="My work")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Ada Admin")
    menu = page.get_by_role("navigation", name="Main")
    menu.locator("summary", has_text="Clients").click()
    menu.get_by_role("link", name="Clients", exact=True).click()
    expect(page).to_have_url(re.compile(r"/clients/$"))
    expect(page.get_by_role("link", name="Acme Robotics")).to_be_visible()
    assert User.objects.get(email="ada@provider.test").totp_secret == secret
    watched.assert_clean()


QR_FITS_ITS_BOX = """svg => {
    const box = svg.getBoundingClientRect();
    const drawn = svg.querySelector("path").getBoundingClientRect();
    return drawn.width > 0 && drawn.right <= box.right + 0.5 && drawn.bottom <= box.bottom + 0.5;
}"""


def test_the_qr_code_is_shown_whole(watched, db):
    User.objects.create_user(
        "ada@provider.test", PASSWORD, full_name="Ada Admin", provider_role="admin"
    )
    page = watched.page
    sign_in(page, "ada@provider.test")
    expect(page).to_have_url(re.compile(r"/account/two-factor/$"))
    assert page.locator(".qr svg").evaluate(QR_FITS_ITS_BOX)


def test_it_asks_alice_for_her_code_after_the_password(watched, alice, acme):
    page = watched.page
    totp = pyotp.TOTP(alice.totp_secret)

    sign_in(page, alice.email)
    expect(page).to_have_url(re.compile(r"/login/verify/$"))
    code_field = page.get_by_label("Code from your authenticator app, or a recovery code:")
    expect(code_field).to_be_focused()

    code_field.fill(a_wrong_code(alice.totp_secret))
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("alert")).to_contain_text("That code is not valid")
    expect(page).to_have_url(re.compile(r"/login/verify/$"))

    page.get_by_label("Code from your authenticator app, or a recovery code:").fill(totp.now())
    page.get_by_role("button", name="Verify").click()

    expect(page).to_have_url(f"{watched.base_url}/")
    expect(page.get_by_role("heading", name="My work")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Alice Admin")
    expect(page.get_by_role("link", name="Acme Robotics")).to_be_visible()
    watched.assert_clean()


def test_an_invited_person_creates_an_account_from_the_email(open_page, carla, acme):
    inviter = open_page()
    page = inviter.page
    sign_in(page, carla.email)
    page.goto("/clients/acme/")
    form = page.locator("form", has=page.get_by_role("heading", name="Invite someone"))
    form.get_by_label("Email:", exact=True).fill("nora@acme.test")
    form.get_by_label("Role:", exact=True).select_option(label="Hiring manager")
    form.get_by_role("button", name="Send invitation").click()

    expect(page.get_by_role("status")).to_contain_text("Invitation sent to nora@acme.test.")
    expect(page.get_by_role("table", name="Invitations")).to_contain_text("nora@acme.test")
    inviter.assert_clean()

    assert [m.to for m in mail.outbox] == [["nora@acme.test"]]
    link = re.search(r"https?://\S+(/invitations/\S+/)", mail.outbox[0].body)
    assert link, mail.outbox[0].body

    invitee = open_page()
    page = invitee.page
    page.goto(link.group(1))
    expect(page.get_by_role("heading", name="Join Acme Robotics on Outhire")).to_be_visible()
    page.get_by_label("Your full name:", exact=True).fill("Nora New")
    page.get_by_label("New password:", exact=True).fill("violet harbour lantern 42")
    page.get_by_label("New password again:", exact=True).fill("violet harbour lantern 42")
    page.get_by_role("button", name="Create my account").click()

    expect(page).to_have_url(f"{invitee.base_url}/")
    expect(page.get_by_role("heading", name="My work")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Nora New")
    expect(page.get_by_role("link", name="Acme Robotics")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Welcome to Outhire.")
    nora = User.objects.get(email="nora@acme.test")
    assert Membership.objects.get(user=nora, client=acme).role == "hiring_manager"
    invitee.assert_clean()


def test_the_login_page_works_from_the_keyboard(watched, db):
    page = watched.page
    page.goto("/login/")
    email = page.get_by_label("Email:", exact=True)
    expect(email).to_be_focused()
    # Start from the top of the document instead, as someone does who tabs in from the address
    # bar. Chromium tabs onward from the last focused element even after blur(), so move that
    # starting point to <body> by focusing it for a moment.
    page.evaluate(
        """() => {
            document.body.tabIndex = -1;
            document.body.focus();
            document.body.removeAttribute("tabindex");
        }"""
    )

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()

    for _ in range(5):
        if email.evaluate("el => el === document.activeElement"):
            break
        page.keyboard.press("Tab")
    expect(email).to_be_focused()
    assert email.evaluate("el => getComputedStyle(el).outlineStyle") != "none"
    watched.assert_clean()


def test_a_client_admin_changes_a_role_in_place(watched, carla, hank, acme):
    membership = Membership.objects.get(user=hank, client=acme)
    page = watched.page
    sign_in(page, carla.email)
    page.goto("/clients/acme/")

    row = page.locator(f"#membership-{membership.pk}")
    row.evaluate("el => { el.dataset.old = 'yes'; window.notReloaded = true; }")
    row.get_by_label("Role of Hank Hiringmanager").select_option(label="Interviewer")
    with page.expect_response(lambda r: r.url.endswith(f"/members/{membership.pk}/role/")) as info:
        row.get_by_role("button", name="Save role").click()
    assert info.value.status == 200
    assert info.value.request.headers.get("hx-request") == "true"

    # htmx swapped in a new row; the page itself did not reload.
    expect(page.locator(f"#membership-{membership.pk}[data-old]")).to_have_count(0)
    expect(row.get_by_label("Role of Hank Hiringmanager")).to_have_value("interviewer")
    assert page.evaluate("window.notReloaded") is True
    membership.refresh_from_db()
    assert membership.role == "interviewer"
    expect(page.locator("#messages")).to_contain_text("Hank Hiringmanager is now Interviewer.")
    page.screenshot(path="/tmp/client_detail.png", full_page=True)
    watched.assert_clean()
