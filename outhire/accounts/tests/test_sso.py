"""Client single sign-on against a real OpenID Connect provider: django-oauth-toolkit with OIDC,
run in its own process (oidc_idp/). Outhire's side is driven by Django's test client, the IdP's
by HTTP, as a browser would (test_sso_browser.py does it in Chromium)."""

from __future__ import annotations

import re
import threading
import time
from html import unescape
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from django.db import connection
from joserfc import jwt
from joserfc.jwk import KeySet, OctKey, RSAKey

from outhire.accounts import sso
from outhire.accounts.models import AuditEvent, Membership, SingleSignOn, User
from outhire.accounts.oidc import OIDCError, Provider, claims_of, role_from_claims
from outhire.accounts.tests.oidc_idp.process import PASSWORD, identity_provider
from outhire.testing import PASSWORD as OUTHIRE_PASSWORD
from outhire.testing import login, make_member, make_user

CALLBACK = "http://testserver/login/sso/callback/"
MAPPING = {"outhire-hiring": "hiring_manager", "outhire-admins": "client_admin"}


@pytest.fixture(scope="module")
def idp(tmp_path_factory):
    with identity_provider(CALLBACK, tmp_path_factory.mktemp("idp")) as provider:
        yield provider


@pytest.fixture
def sign_on(acme, idp):
    return SingleSignOn.objects.create(
        client=acme,
        enabled=True,
        issuer=idp.issuer,
        oidc_client_id=idp.client_id,
        client_secret=idp.client_secret,
        allowed_domains="acme-idp.test",
        role_claim="groups",
        role_mapping=MAPPING,
    )


def _idp_sign_in(client, email: str, password: str = PASSWORD, next_url: str = ""):
    """Start at Outhire, sign in at the IdP, bring its answer back: Outhire's last response."""
    data = {"email": email}
    if next_url:
        data["next"] = next_url
    browser = requests.Session()
    url = _idp_url(client.post("/login/sso/", data))
    for _ in range(10):
        if url.startswith("http://testserver/"):
            parts = urlsplit(url)
            return client.get(parts.path, parse_qs(parts.query))
        answer = browser.get(url, allow_redirects=False, timeout=10)
        if answer.status_code == 200 and "csrfmiddlewaretoken" in answer.text:
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', answer.text)[1]
            follow = re.search(r'name="next" value="([^"]*)"', answer.text)[1]
            answer = browser.post(
                answer.url,
                {
                    "csrfmiddlewaretoken": token,
                    "username": email,
                    "password": password,
                    "next": unescape(follow),
                },
                headers={"Referer": answer.url},
                allow_redirects=False,
                timeout=10,
            )
        assert answer.status_code == 302, answer.text[:500]
        url = urljoin(answer.url, answer.headers["Location"])
    raise AssertionError("the IdP never sent the browser back")


def _idp_url(start) -> str:
    """Where the start page sends the browser (by a link and a refresh, not a redirect)."""
    assert start.status_code == 200, start.content.decode()[:500]
    assert start["Cache-Control"] == "no-store"
    return unescape(re.search(r'href="([^"]+)" id="sso-continue"', start.content.decode())[1])


# --- Signing in ------------------------------------------------------------------------------


def test_a_first_sign_in_makes_the_account_with_the_role_of_the_groups(client, sign_on, acme):
    response = _idp_sign_in(client, "pat@acme-idp.test", next_url="/requisitions/")
    assert response.status_code == 302 and response["Location"] == "/requisitions/"
    user = User.objects.get(email="pat@acme-idp.test")
    assert user.full_name == "Pat Manager" and not user.has_usable_password()
    assert not user.is_provider_staff
    membership = Membership.objects.get(user=user)
    assert (membership.client, membership.role) == (acme, "hiring_manager")
    assert client.get("/").status_code == 200  # signed in
    actions = set(AuditEvent.objects.filter(actor=user).values_list("action", flat=True))
    assert {"membership.created", "login.succeeded"} <= actions


def test_the_groups_are_read_again_at_every_sign_in(client, sign_on):
    _idp_sign_in(client, "pat@acme-idp.test")
    client.logout()
    sign_on.role_mapping = {"outhire-hiring": "client_recruiter"}
    sign_on.save()
    _idp_sign_in(client, "pat@acme-idp.test")
    assert Membership.objects.get(user__email="pat@acme-idp.test").role == "client_recruiter"
    change = AuditEvent.objects.get(action="membership.role_changed")
    assert change.changes["role"] == ["hiring_manager", "client_recruiter"]


def test_the_strongest_role_wins_and_a_default_covers_the_rest(client, sign_on):
    _idp_sign_in(client, "ada@acme-idp.test")
    assert Membership.objects.get(user__email="ada@acme-idp.test").role == "client_admin"
    client.logout()
    sign_on.default_role = "interviewer"
    sign_on.save()
    _idp_sign_in(client, "nobody@acme-idp.test")
    assert Membership.objects.get(user__email="nobody@acme-idp.test").role == "interviewer"


def test_no_matching_group_and_no_default_is_turned_away_without_an_account(client, sign_on):
    response = _idp_sign_in(client, "nobody@acme-idp.test")
    assert response.status_code == 403
    assert "gives you no role at Acme" in response.content.decode()
    assert not Membership.objects.filter(user__email="nobody@acme-idp.test").exists()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="sso.failed").exists()


def test_provider_staff_never_come_in_through_a_clients_sign_on(client, sign_on):
    make_user("rita@acme-idp.test", "Rita Recruiter", "recruiter")
    response = _idp_sign_in(client, "rita@acme-idp.test")
    assert response.status_code == 403
    assert "Provider staff sign in with their password" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_account_of_another_client_is_not_taken_over(client, sign_on, globex):
    gina = make_member(make_user("gina@acme-idp.test", "Gina Globex"), globex, "client_admin")
    response = _idp_sign_in(client, "gina@acme-idp.test")
    assert response.status_code == 403
    assert "belongs to an account of another organisation" in response.content.decode()
    assert list(Membership.objects.filter(user=gina).values_list("client", flat=True)) == [
        globex.pk
    ]


def test_a_wrong_password_at_the_idp_leaves_outhire_untouched(client, sign_on):
    with pytest.raises(AssertionError):
        _idp_sign_in(client, "pat@acme-idp.test", password="wrong")
    assert not User.objects.filter(email="pat@acme-idp.test").exists()


def test_an_answer_for_another_sign_in_is_refused(client, sign_on):
    client.post("/login/sso/", {"email": "pat@acme-idp.test"})
    response = client.get("/login/sso/callback/", {"state": "forged", "code": "x"})
    assert response.status_code == 400
    # Without a sign-in started here at all.
    response = client.get("/login/sso/callback/", {"state": "forged", "code": "x"})
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


def test_a_forged_code_is_refused_by_the_idp_and_nobody_signs_in(client, sign_on):
    start = _idp_url(client.post("/login/sso/", {"email": "pat@acme-idp.test"}))
    state = parse_qs(urlsplit(start).query)["state"][0]
    response = client.get("/login/sso/callback/", {"state": state, "code": "forged-code"})
    assert response.status_code == 502
    assert "could not complete the sign-in" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_idp_saying_no_is_shown_in_words(client, sign_on):
    start = _idp_url(client.post("/login/sso/", {"email": "pat@acme-idp.test"}))
    state = parse_qs(urlsplit(start).query)["state"][0]
    response = client.get("/login/sso/callback/", {"state": state, "error": "access_denied"})
    assert response.status_code == 403
    assert "did not let you in" in response.content.decode()


def test_the_start_page_needs_a_domain_with_sign_on(client, sign_on):
    response = client.post("/login/sso/", {"email": "someone@elsewhere.test"})
    assert response.status_code == 400
    assert "No single sign-on is set up for elsewhere.test" in response.content.decode()
    # No page to go back to was asked for, so none is offered.
    assert "Back to where you were" not in response.content.decode()
    sign_on.enabled = False
    sign_on.save()
    assert client.post("/login/sso/", {"email": "pat@acme-idp.test"}).status_code == 400


def test_the_request_to_the_idp_carries_pkce_a_nonce_and_no_secret(client, sign_on, idp):
    start = _idp_url(client.post("/login/sso/", {"email": "pat@acme-idp.test"}))
    query = parse_qs(urlsplit(start).query)
    assert start.startswith(f"{idp.issuer}/authorize/")
    assert query["code_challenge_method"] == ["S256"] and query["nonce"][0]
    assert query["redirect_uri"] == [CALLBACK] and query["login_hint"] == ["pat@acme-idp.test"]
    assert idp.client_secret not in start


def test_when_passwords_are_off_the_domain_is_sent_to_sign_on(client, sign_on):
    make_member(make_user("pat@acme-idp.test", "Pat"), sign_on.client, "hiring_manager")
    sign_on.password_sign_in = False
    sign_on.save()
    response = client.post("/login/", {"email": "pat@acme-idp.test", "password": OUTHIRE_PASSWORD})
    assert response.status_code == 400
    assert "signs its people in with single sign-on" in unescape(response.content.decode())
    assert "_auth_user_id" not in client.session
    # Provider staff whose address shares the domain keep their password.
    make_user("rita@acme-idp.test", "Rita", "recruiter")
    response = client.post("/login/", {"email": "rita@acme-idp.test", "password": OUTHIRE_PASSWORD})
    assert response.status_code == 302


# --- The settings page -----------------------------------------------------------------------


def _settings_form(idp, **changes):
    data = {
        "enabled": "on",
        "issuer": idp.issuer,
        "oidc_client_id": idp.client_id,
        "client_secret": idp.client_secret,
        "scopes": "openid email profile",
        "allowed_domains": "Acme-IdP.test, acme-idp-two.test",
        "role_claim": "groups",
        "role_mapping": "outhire-hiring = Hiring manager\nouthire-admins = client_admin",
        "default_role": "",
        "password_sign_in": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_a_client_admin_sets_it_up_and_the_idp_is_checked(client, carla, acme, idp):
    login(client, carla)
    page = client.get(f"/clients/{acme.slug}/sign-on/")
    assert page.status_code == 200 and CALLBACK in page.content.decode()
    response = client.post(f"/clients/{acme.slug}/sign-on/", _settings_form(idp))
    assert response.status_code == 302, response.content.decode()
    saved = SingleSignOn.objects.get(client=acme)
    assert saved.enabled and saved.allowed_domains == "acme-idp-two.test acme-idp.test"
    assert saved.role_mapping == MAPPING and saved.client_secret == idp.client_secret
    # The secret is write-only: not on the page, and left blank it stays. Roles read as words.
    page = client.get(f"/clients/{acme.slug}/sign-on/").content.decode()
    assert idp.client_secret not in page
    assert "outhire-hiring = Hiring manager" in page and "client_admin\n" not in page
    client.post(f"/clients/{acme.slug}/sign-on/", _settings_form(idp, client_secret=""))
    saved.refresh_from_db()
    assert saved.client_secret == idp.client_secret
    event = AuditEvent.objects.filter(action="sso.settings_changed").first()
    assert idp.client_secret not in str(event.changes)


def test_an_unreachable_idp_is_not_switched_on(client, carla, acme, idp):
    login(client, carla)
    response = client.post(
        f"/clients/{acme.slug}/sign-on/", _settings_form(idp, issuer="http://127.0.0.1:9/o")
    )
    assert response.status_code == 400
    assert "Could not reach the identity provider" in response.content.decode()
    assert not SingleSignOn.objects.filter(client=acme).exists()


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"allowed_domains": "not a domain!"}, "Not a domain"),
        ({"role_mapping": "outhire-hiring = admin"}, "is not a client role"),
        ({"role_mapping": "no equals sign"}, "write it as group = role"),
        ({"scopes": "profile"}, "must include openid and email"),
        ({"client_secret": ""}, "This field is required"),
    ],
)
def test_bad_settings_say_what_to_fix(client, carla, acme, idp, changes, message):
    login(client, carla)
    response = client.post(f"/clients/{acme.slug}/sign-on/", _settings_form(idp, **changes))
    assert response.status_code == 400
    assert message in unescape(response.content.decode())


def test_only_those_who_manage_the_client_reach_its_settings(client, hank, gina, acme):
    login(client, hank)
    assert client.get(f"/clients/{acme.slug}/sign-on/").status_code == 403
    login(client, gina)
    assert client.get(f"/clients/{acme.slug}/sign-on/").status_code == 404


# --- The protocol checks, without the IdP ----------------------------------------------------

PROVIDER = Provider(
    issuer="https://idp.example",
    authorization_endpoint="https://idp.example/authorize",
    token_endpoint="https://idp.example/token",
    jwks_uri="https://idp.example/keys",
    basic_auth=True,
)


def _token(key, **overrides) -> str:
    now = int(time.time())
    claims = {
        "iss": "https://idp.example",
        "aud": "outhire",
        "sub": "1",
        "exp": now + 300,
        "iat": now,
        "nonce": "n-1",
        "email": "pat@acme.example",
    }
    claims.update(overrides)
    algorithm = "HS256" if isinstance(key, OctKey) else "RS256"
    return jwt.encode({"alg": algorithm, "kid": "k1"}, claims, key)


@pytest.fixture(scope="module")
def signing_key():
    pem = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return RSAKey.import_key(pem, {"kid": "k1"})


def _published(key) -> dict:
    return KeySet([key]).as_dict(private=False)


def test_a_good_token_gives_its_claims(signing_key):
    claims = claims_of(
        _token(signing_key),
        provider=PROVIDER,
        keys=_published(signing_key),
        client_id="outhire",
        nonce="n-1",
    )
    assert claims["email"] == "pat@acme.example"


@pytest.mark.parametrize(
    "overrides",
    [
        {"nonce": "another sign-in"},
        {"aud": "another-app"},
        {"iss": "https://evil.example"},
        {"exp": int(time.time()) - 3600},
        {"aud": ["outhire", "another-app"]},  # several audiences and no azp naming us
    ],
)
def test_a_token_that_does_not_hold_is_refused(signing_key, overrides):
    with pytest.raises(OIDCError):
        claims_of(
            _token(signing_key, **overrides),
            provider=PROVIDER,
            keys=_published(signing_key),
            client_id="outhire",
            nonce="n-1",
        )


def test_a_token_signed_by_another_key_or_with_hmac_is_refused(signing_key):
    other = RSAKey.import_key(
        rsa.generate_private_key(public_exponent=65537, key_size=2048), {"kid": "k1"}
    )
    with pytest.raises(OIDCError):
        claims_of(
            _token(other),
            provider=PROVIDER,
            keys=_published(signing_key),
            client_id="outhire",
            nonce="n-1",
        )
    # HMAC with a key the attacker knows: refused whatever the key set holds.
    secret = OctKey.import_key("a-shared-secret-of-32-bytes-1234", {"kid": "k1"})
    with pytest.raises(OIDCError):
        claims_of(
            _token(secret),
            provider=PROVIDER,
            keys=KeySet([secret]).as_dict(private=True),
            client_id="outhire",
            nonce="n-1",
        )


def test_roles_from_groups():
    mapping = {"a": "interviewer", "b": "client_admin"}
    assert role_from_claims({"groups": ["a", "b"]}, claim="groups", mapping=mapping, default="")
    assert (
        role_from_claims({"groups": ["a", "b"]}, claim="groups", mapping=mapping, default="")
        == "client_admin"
    )
    assert role_from_claims({"groups": "a"}, claim="groups", mapping=mapping, default="") == (
        "interviewer"
    )
    assert role_from_claims({}, claim="groups", mapping=mapping, default="hiring_manager") == (
        "hiring_manager"
    )
    odd = {"groups": [1, None]}
    assert role_from_claims(odd, claim="groups", mapping=mapping, default="") == ""


def test_an_http_issuer_is_refused_in_production(settings):
    from outhire.accounts.oidc import discover

    with pytest.raises(OIDCError, match="https"):
        discover("http://idp.example", allow_http=False)


# --- The same person's first sign-in twice at once -------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_first_sign_ins_at_once_make_one_account(acme):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions are measured on PostgreSQL")
    sign_on = SingleSignOn.objects.create(
        client=acme,
        enabled=True,
        issuer="https://idp.example",
        oidc_client_id="x",
        client_secret="y",
        allowed_domains="acme-idp.test",
        role_mapping=MAPPING,
    )
    claims = {"email": "pat@acme-idp.test", "name": "Pat", "groups": ["outhire-hiring"]}
    barrier = threading.Barrier(4)
    users, errors = [], []

    def sign_in():
        from django.db import connections

        from outhire.lib.scopes import unscoped

        try:
            barrier.wait()
            with unscoped():
                users.append(sso.sign_on_user(sign_on=sign_on, claims=claims).pk)
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sign_in) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert len(set(users)) == 1
    assert User.objects.filter(email="pat@acme-idp.test").count() == 1
    assert Membership.objects.filter(user__email="pat@acme-idp.test").count() == 1


def test_a_failed_password_sign_in_offers_no_way_back_unless_one_was_asked(client, db):
    response = client.post("/login/", {"email": "nobody@acme.test", "password": "wrong"})
    assert response.status_code == 400
    assert "Back to where you were" not in response.content.decode()
    response = client.post(
        "/login/", {"email": "nobody@acme.test", "password": "wrong", "next": "/requisitions/"}
    )
    assert 'name="next" value="/requisitions/"' in response.content.decode()
