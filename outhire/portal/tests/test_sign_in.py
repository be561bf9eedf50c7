"""Signing in by e-mailed link: the same answer for every address, links that expire and work
once, limits per address and per IP, an idle session that lapses, and no staff account."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from outhire.accounts.models import AuditEvent
from outhire.portal import tokens
from outhire.portal.models import SignInRequest, UsedLink
from outhire.portal.session import SESSION_KEY
from outhire.portal.tests.helpers import link_from_outbox


@pytest.fixture
def ask(client, django_capture_on_commit_callbacks):
    """ask(address) -> the answer to asking for a sign-in link, its e-mail sent."""

    def ask_(email: str, **extra):
        data = {"email": email, "site": extra.pop("site", "")}
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("portal:home"), data, **extra)

    return ask_


def test_it_answers_known_and_unknown_addresses_alike(client, ada, ask):
    known = ask("ada@example.test")
    unknown = ask("nobody@example.test")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("portal:sent") + "?lang=en-gb"
    page = client.get(reverse("portal:sent")).content.decode()
    assert "If we know this address, a link to sign in is on its way" in page
    assert [m.to for m in mail.outbox] == [["ada@example.test"]]
    # Nothing personal in the stored request or the link.
    assert "ada" not in str(list(SignInRequest.objects.values()))
    assert "ada" not in link_from_outbox("ada@example.test").lower()


def test_the_link_signs_in_once_and_never_as_a_staff_user(client, ada, ask):
    ask("ADA@example.test ")
    path = link_from_outbox("ada@example.test")
    # Opening the link (as a mail scanner would) does not use it up.
    page = client.get(path)
    assert page.status_code == 200 and b"Sign in" in page.content
    response = client.post(path)
    assert response.status_code == 302
    assert client.session[SESSION_KEY]["c"] == ada.pk
    home = client.get(reverse("portal:home"))
    assert b"Hello Ada" in home.content
    assert not home.wsgi_request.user.is_authenticated
    assert "no-store" in home["Cache-Control"]
    assert AuditEvent.objects.filter(action="portal.signed_in", object_id=str(ada.pk)).exists()
    # Used: a second use (another browser, a replay) is refused.
    other = client.__class__()
    assert other.post(path).status_code == 410
    assert other.get(path).status_code == 410
    assert SESSION_KEY not in other.session


def test_a_forged_or_expired_link_is_refused(client, ada):
    token = tokens.sign_in_token(ada.pk)
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert client.post(reverse("portal:link", args=[forged])).status_code == 410
    with time_machine.travel(timezone.now() + timedelta(minutes=31)):
        response = client.post(reverse("portal:link", args=[token]))
    assert response.status_code == 410
    assert b"This link no longer works" in response.content
    assert SESSION_KEY not in client.session
    assert not UsedLink.objects.exists()
    # Within its time it works.
    with time_machine.travel(timezone.now() + timedelta(minutes=29)):
        assert client.post(reverse("portal:link", args=[token])).status_code == 302


def test_a_link_for_an_erased_person_is_refused(client, ada):
    token = tokens.sign_in_token(ada.pk)
    type(ada).objects.filter(pk=ada.pk).update(anonymised_at=timezone.now())
    assert client.post(reverse("portal:link", args=[token])).status_code == 410


def test_it_limits_links_per_address(ada, settings, ask):
    settings.OUTHIRE_PORTAL_LINKS_PER_EMAIL = 2
    for _ in range(2):
        assert ask("ada@example.test").status_code == 302
    limited = ask("ada@example.test")
    assert limited.status_code == 429 and limited["Retry-After"] == "3600"
    assert b"several links in a short time" in limited.content
    assert len(mail.outbox) == 2
    # Another address from another IP is not held back by Ada's limit.
    other = ask("bob@example.test", REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302
    # An hour later Ada may ask again.
    with time_machine.travel(timezone.now() + timedelta(minutes=61)):
        assert ask("ada@example.test").status_code == 302


def test_it_limits_links_per_ip(ada, settings, ask):
    settings.OUTHIRE_PORTAL_LINKS_PER_IP = 3
    for n in range(3):
        assert ask(f"x{n}@example.test").status_code == 302
    assert ask("ada@example.test").status_code == 429
    assert mail.outbox == []


def test_a_bad_address_is_a_form_error(client, db):
    response = client.post(reverse("portal:home"), {"email": "not an address"})
    assert response.status_code == 400
    assert b"Enter a valid email address" in response.content


def test_an_idle_session_lapses_and_sign_out_ends_it(signed_in, settings):
    settings.OUTHIRE_PORTAL_IDLE_MINUTES = 120
    with time_machine.travel(timezone.now() + timedelta(minutes=100)):
        assert b"Hello Ada" in signed_in.get(reverse("portal:home")).content
    # Each visit counts as activity: 100 minutes after the last one, still signed in.
    with time_machine.travel(timezone.now() + timedelta(minutes=199)):
        assert b"Hello Ada" in signed_in.get(reverse("portal:home")).content
    with time_machine.travel(timezone.now() + timedelta(minutes=330)):
        response = signed_in.get(reverse("portal:details"))
        assert response.status_code == 302 and response["Location"] == reverse("portal:home")
        page = signed_in.get(reverse("portal:home")).content.decode()
    assert "signed out after a while without activity" in page
    assert "Hello Ada" not in page


def test_signing_out(signed_in):
    response = signed_in.post(reverse("portal:sign_out"))
    assert response.status_code == 302
    assert SESSION_KEY not in signed_in.session
    assert signed_in.get(reverse("portal:details")).status_code == 302


def test_a_link_from_a_careers_site_brands_the_portal(
    client, ada, acme, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portal:home"), {"email": "ada@example.test", "site": acme.slug})
    path = link_from_outbox("ada@example.test")
    assert acme.slug not in path  # inside the signed token only
    page = client.get(path).content.decode()
    assert f"/careers/{acme.slug}/theme.css" in page
    client.post(path)
    assert client.session[SESSION_KEY]["site"] == acme.slug
