"""Client users' single sign-on through their own OpenID Connect provider (docs/sso.md).

`outhire/accounts/oidc.py` speaks the protocol; here are the decisions: which client's IdP an
e-mail address goes to, and who the person coming back is here. Provider staff never sign in
this way (their accounts are the provider's, with a password and a second factor), and an
address that already belongs to another client's account is not moved to this one.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import gettext_lazy

from outhire.accounts import audit
from outhire.accounts.models import Membership, SingleSignOn, User
from outhire.accounts.oidc import (
    Provider,
    discover,
    email_domain,
    fetch_keys,
    role_from_claims,
)

CACHE_SECONDS = 300


class SignOnRefused(Exception):
    """Why this person may not come in, in words for them: a lazy message and its parameters,
    put into words in the language active when it is shown (the audit trail keeps English)."""

    def __init__(self, message, **params) -> None:
        super().__init__(message)
        self.message, self.params = message, params

    def __str__(self) -> str:
        return str(self.message) % self.params if self.params else str(self.message)


def sign_on_for_email(email: str) -> SingleSignOn | None:
    """The enabled sign-on whose allowed domains hold this address's domain."""
    domain = email_domain(email)
    if not domain:
        return None
    for sign_on in SingleSignOn.objects.filter(
        enabled=True, allowed_domains__icontains=domain
    ).select_related("client"):
        if domain in sign_on.domains and sign_on.client.is_active:
            return sign_on
    return None


def provider_of(sign_on: SingleSignOn, *, fresh: bool = False) -> Provider:
    key = f"oidc-provider:{sign_on.issuer}"
    provider = None if fresh else cache.get(key)
    if provider is None:
        provider = discover(sign_on.issuer, allow_http=settings.OUTHIRE_SSO_ALLOW_HTTP)
        cache.set(key, provider, CACHE_SECONDS)
    return provider


def keys_of(provider: Provider, *, fresh: bool = False) -> dict:
    """The IdP's signing keys; `fresh` after a refusal, as the IdP may have rotated them."""
    key = f"oidc-keys:{provider.jwks_uri}"
    keys = None if fresh else cache.get(key)
    if keys is None:
        keys = fetch_keys(provider)
        cache.set(key, keys, CACHE_SECONDS)
    return keys


def check_provider(sign_on: SingleSignOn) -> Provider:
    """Reads the IdP's configuration and keys now; an OIDCError says what is wrong."""
    provider = provider_of(sign_on, fresh=True)
    keys_of(provider, fresh=True)
    return provider


def _full_name(claims: dict, email: str) -> str:
    name = claims.get("name")
    if not isinstance(name, str) or not name.strip():
        parts = [claims.get("given_name"), claims.get("family_name")]
        name = " ".join(p for p in parts if isinstance(p, str) and p.strip())
    return (name or email.partition("@")[0]).strip()[:200]


def sign_on_user(*, sign_on: SingleSignOn, claims: dict, request=None) -> User:
    """The account of the person the IdP vouched for, made on first sign-in (just in time).

    Safe when the same person's first sign-in arrives twice at once: the address and the
    membership are unique, and the loser of the race reads the winner's rows.
    """
    email = claims.get("email")
    if not isinstance(email, str) or "@" not in email:
        raise SignOnRefused(
            gettext_lazy(
                "Your organisation's sign-on did not tell us your e-mail address. Ask your "
                "administrator to allow the email scope."
            )
        )
    if claims.get("email_verified") is False:
        raise SignOnRefused(
            gettext_lazy("Your organisation's sign-on has not verified your e-mail address.")
        )
    email = email.strip().lower()
    client = sign_on.client
    if email_domain(email) not in sign_on.domains:
        raise SignOnRefused(
            gettext_lazy("Addresses at %(domain)s do not sign in to %(client)s."),
            domain=email_domain(email),
            client=client.name,
        )
    role = role_from_claims(
        claims,
        claim=sign_on.role_claim,
        mapping=sign_on.role_mapping,
        default=sign_on.default_role,
    )
    no_role = SignOnRefused(
        gettext_lazy(
            "Your organisation's sign-on gives you no role at %(client)s. Ask your administrator."
        ),
        client=client.name,
    )
    with transaction.atomic():
        user, created = User.objects.get_or_create(
            email=email, defaults={"full_name": _full_name(claims, email)}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        if not user.is_active:
            raise SignOnRefused(
                gettext_lazy("This account is switched off. Ask your administrator.")
            )
        if user.is_provider_staff:
            raise SignOnRefused(
                gettext_lazy(
                    "Provider staff sign in with their password and two-factor code, not "
                    "through a client's sign-on."
                )
            )
        memberships = list(Membership.objects.filter(user=user))
        mine = next((m for m in memberships if m.client_id == client.pk), None)
        if mine is None and memberships:
            raise SignOnRefused(
                gettext_lazy(
                    "This e-mail address belongs to an account of another organisation here. "
                    "Ask your administrator."
                )
            )
        if mine is None:
            if not role:
                raise no_role
            mine, made = Membership.objects.get_or_create(
                user=user, client=client, defaults={"role": role}
            )
            if made:
                audit.record(
                    "membership.created",
                    actor=user,
                    request=request,
                    obj=mine,
                    client=client,
                    changes={"role": [None, role], "by": "single sign-on"},
                )
        elif sign_on.role_claim and sign_on.role_claim in claims:
            # The IdP says what the person is now: it is the source of truth for the role.
            if not role:
                raise no_role
            if role != mine.role:
                audit.record(
                    "membership.role_changed",
                    actor=user,
                    request=request,
                    obj=mine,
                    client=client,
                    changes={"role": [mine.role, role], "by": "single sign-on"},
                )
                mine.role = role
                mine.save(update_fields=["role"])
    return user


def password_refused(email: str) -> SingleSignOn | None:
    """The sign-on that replaces passwords for this address, if its client chose that."""
    sign_on = sign_on_for_email(email)
    if sign_on is None or sign_on.password_sign_in:
        return None
    # Provider staff keep their password even if their address shares a client's domain.
    if User.objects.filter(email__iexact=email).exclude(provider_role="").exists():
        return None
    return sign_on
