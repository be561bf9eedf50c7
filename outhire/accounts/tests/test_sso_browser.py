"""Single sign-on clicked through in Chromium: Outhire's sign-in page, the organisation's
identity provider (a real OpenID Connect server in its own process, oidc_idp/), and back.
The watched page fails the test on any console error, CSP violation or 5xx."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from outhire.accounts.models import Membership, SingleSignOn
from outhire.accounts.tests.oidc_idp.process import PASSWORD, identity_provider
from outhire.accounts.tests.test_browser import (  # noqa: F401 (fixtures)
    _allow_sync_orm_under_playwright,
    browser,
    open_page,
    watched,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_hiring_manager_signs_in_with_the_company_account(
    watched,  # noqa: F811
    live_server,
    acme,
    tmp_path,
):
    with identity_provider(f"{live_server.url}/login/sso/callback/", tmp_path) as idp:
        SingleSignOn.objects.create(
            client=acme,
            enabled=True,
            issuer=idp.issuer,
            oidc_client_id=idp.client_id,
            client_secret=idp.client_secret,
            allowed_domains="acme-idp.test",
            role_mapping={"outhire-hiring": "hiring_manager"},
        )
        page = watched.page
        page.goto("/requisitions/")
        page.get_by_role("link", name="Sign in with your organisation (single sign-on)").click()
        page.get_by_label("Work e-mail").fill("pat@acme-idp.test")
        page.get_by_role("button", name="Continue").click()
        # The organisation's own sign-in page, on another server.
        expect(page.get_by_role("heading", name="Acme identity provider")).to_be_visible()
        assert page.url.startswith(idp.url)
        page.get_by_label("Username").fill("pat@acme-idp.test")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in to Acme").click()
        # Back at Outhire, signed in, on the page first asked for.
        page.wait_for_url(f"{live_server.url}/requisitions/")
        expect(page.get_by_role("heading", name="Requisitions", exact=False).first).to_be_visible()
        assert Membership.objects.get(user__email="pat@acme-idp.test").role == "hiring_manager"
        watched.assert_clean()
