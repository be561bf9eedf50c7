"""An OpenID Connect relying party: the authorization code flow with PKCE, for client users'
single sign-on (docs/sso.md).

No Django here. The views keep the pending sign-in in the session and each client's settings in
the database; this module talks to the identity provider (IdP) and checks what it answers: the
ID token's signature against the IdP's published keys, its issuer, audience, expiry and the
nonce of this very sign-in. Every answer is read within a fixed time and size.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import requests
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

TIMEOUT_SECONDS = 10
MAX_ANSWER_BYTES = 512 * 1024
# Asymmetric algorithms only: with an HMAC algorithm the IdP's public key would be the secret.
ALLOWED_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "ES256", "ES384"]
# Client roles, strongest first: when the IdP's groups map to several, the strongest wins.
ROLE_STRENGTH = ["client_admin", "client_recruiter", "hiring_manager", "interviewer"]
CLOCK_LEEWAY_SECONDS = 60


class OIDCError(Exception):
    """What went wrong, in words an administrator can act on (no secrets, no tokens)."""


@dataclass(frozen=True)
class Provider:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    basic_auth: bool  # client_secret_basic (the default of the spec) rather than _post


@dataclass(frozen=True)
class PendingSignIn:
    """The secrets of one sign-in, kept in the person's session until the IdP sends them back."""

    state: str
    nonce: str
    verifier: str

    @classmethod
    def new(cls) -> PendingSignIn:
        return cls(
            state=secrets.token_urlsafe(32),
            nonce=secrets.token_urlsafe(32),
            verifier=secrets.token_urlsafe(64),
        )

    @property
    def challenge(self) -> str:
        digest = hashlib.sha256(self.verifier.encode("ascii")).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def check_url(url: str, *, allow_http: bool, what: str) -> str:
    parts = urlsplit(url or "")
    schemes = {"https", "http"} if allow_http else {"https"}
    if parts.scheme not in schemes or not parts.hostname:
        raise OIDCError(f"The {what} must be an https:// address.")
    return url


def _read_json(response: requests.Response, what: str) -> dict:
    size = 0
    chunks = []
    for chunk in response.iter_content(64 * 1024):
        size += len(chunk)
        if size > MAX_ANSWER_BYTES:
            raise OIDCError(f"The {what} is larger than {MAX_ANSWER_BYTES // 1024} KB.")
        chunks.append(chunk)
    try:
        value = json.loads(b"".join(chunks))
    except ValueError as error:
        raise OIDCError(f"The {what} is not JSON.") from error
    if not isinstance(value, dict):
        raise OIDCError(f"The {what} is not a JSON object.")
    return value


def _request(method: str, url: str, what: str, **kwargs) -> dict:
    try:
        with requests.request(
            method, url, timeout=TIMEOUT_SECONDS, stream=True, allow_redirects=False, **kwargs
        ) as response:
            if response.status_code >= 400:
                body = {}
                if "json" in response.headers.get("Content-Type", ""):
                    try:
                        body = _read_json(response, what)
                    except OIDCError:
                        body = {}
                reason = body.get("error_description") or body.get("error") or ""
                detail = f": {str(reason)[:200]}" if reason else ""
                raise OIDCError(f"The {what} answered {response.status_code}{detail}.")
            if response.status_code != 200:
                raise OIDCError(f"The {what} answered {response.status_code}.")
            return _read_json(response, what)
    except requests.RequestException as error:
        host = urlsplit(url).hostname
        problem = type(error).__name__
        raise OIDCError(f"Could not reach the {what} at {host} ({problem}).") from error


def discover(issuer: str, *, allow_http: bool = False) -> Provider:
    """The IdP's endpoints from its published configuration (OpenID Connect Discovery 1.0)."""
    check_url(issuer, allow_http=allow_http, what="issuer")
    config = _request(
        "GET",
        issuer.rstrip("/") + "/.well-known/openid-configuration",
        "identity provider's configuration",
    )
    # The spec asks for the exact string; a trailing slash is the one difference seen in practice.
    if str(config.get("issuer", "")).rstrip("/") != issuer.rstrip("/"):
        raise OIDCError("The identity provider's configuration names another issuer.")
    endpoints = {}
    for key in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
        value = config.get(key)
        if not isinstance(value, str):
            raise OIDCError(f"The identity provider's configuration has no {key}.")
        endpoints[key] = check_url(value, allow_http=allow_http, what=key.replace("_", " "))
    methods = config.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
    return Provider(
        issuer=str(config["issuer"]),
        basic_auth="client_secret_basic" in methods,
        **endpoints,
    )


def authorization_url(
    provider: Provider,
    *,
    client_id: str,
    redirect_uri: str,
    pending: PendingSignIn,
    scopes: str,
    login_hint: str = "",
) -> str:
    params = {
        "response_type": "code",
        "client_id": client_id,
        "redirect_uri": redirect_uri,
        "scope": scopes,
        "state": pending.state,
        "nonce": pending.nonce,
        "code_challenge": pending.challenge,
        "code_challenge_method": "S256",
    }
    if login_hint:
        params["login_hint"] = login_hint
    joiner = "&" if "?" in provider.authorization_endpoint else "?"
    return provider.authorization_endpoint + joiner + urlencode(params)


def exchange_code(
    provider: Provider,
    *,
    client_id: str,
    client_secret: str,
    code: str,
    redirect_uri: str,
    pending: PendingSignIn,
) -> str:
    """Trade the code the IdP sent back for an ID token (returned unchecked: see claims_of)."""
    data = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": redirect_uri,
        "code_verifier": pending.verifier,
    }
    auth = None
    if provider.basic_auth:
        auth = (client_id, client_secret)
    else:
        data.update(client_id=client_id, client_secret=client_secret)
    tokens = _request(
        "POST",
        provider.token_endpoint,
        "identity provider's token endpoint",
        data=data,
        auth=auth,
        headers={"Accept": "application/json"},
    )
    id_token = tokens.get("id_token")
    if not isinstance(id_token, str):
        raise OIDCError("The identity provider sent no ID token (is the openid scope allowed?).")
    return id_token


def fetch_keys(provider: Provider) -> dict:
    keys = _request("GET", provider.jwks_uri, "identity provider's signing keys")
    if not isinstance(keys.get("keys"), list):
        raise OIDCError("The identity provider's signing keys are not a key set.")
    return keys


def claims_of(
    id_token: str, *, provider: Provider, keys: dict, client_id: str, nonce: str, now=None
) -> dict:
    """The ID token's claims once its signature, issuer, audience, times and nonce hold."""
    try:
        token = jwt.decode(id_token, KeySet.import_key_set(keys), algorithms=ALLOWED_ALGORITHMS)
        jwt.JWTClaimsRegistry(
            now=now,
            leeway=CLOCK_LEEWAY_SECONDS,
            iss={"essential": True, "value": provider.issuer},
            aud={"essential": True, "value": client_id},
            sub={"essential": True},
            exp={"essential": True},
            nonce={"essential": True, "value": nonce},
        ).validate(token.claims)
    except (JoseError, ValueError) as error:
        raise OIDCError(f"The ID token was refused ({type(error).__name__}).") from error
    claims = token.claims
    audience = claims.get("aud")
    if isinstance(audience, list) and len(audience) > 1 and claims.get("azp") != client_id:
        raise OIDCError("The ID token was issued to another application.")
    return dict(claims)


def email_domain(email: str) -> str:
    return email.rpartition("@")[2].strip().lower()


def split_domains(text: str) -> list[str]:
    parts = text.replace(",", " ").replace(";", " ").split()
    return sorted({part.strip().lower().lstrip("@") for part in parts if part.strip()})


def role_from_claims(claims: dict, *, claim: str, mapping: dict[str, str], default: str) -> str:
    """The client role the IdP's groups (or roles) claim grants, else `default` ("" for none)."""
    values = claims.get(claim) if claim else None
    if isinstance(values, str):
        values = [values]
    granted = {mapping[v] for v in values or [] if isinstance(v, str) and v in mapping}
    for role in ROLE_STRENGTH:
        if role in granted:
            return role
    return default
