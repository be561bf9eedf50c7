"""Workflows of the accounts app: clients, staff assignment, invitations, API tokens.

Each takes the acting user and the request (for the audit trail) and leaves an audit event.
"""

from __future__ import annotations

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from outhire.accounts import audit
from outhire.accounts.models import ApiToken, Client, Invitation, Membership, User
from outhire.accounts.roles import Role
from outhire.accounts.signals import client_created
from outhire.lib.crypto import blind_index
from outhire.lib.tasks import enqueue

INVITATION_SALT = "outhire.invitation"


def client_create(
    *, name: str, slug: str, industry: str, by: User, request: HttpRequest | None = None, **branding
) -> Client:
    """A new client, and what the apps above give every new client (`signals.client_created`:
    its standard e-mail templates, its set-up checklist), in one transaction."""
    client = Client(name=name, slug=slug, industry=industry, **branding)
    client.full_clean()
    # A race for the same slug past full_clean() ends in IntegrityError: the API answers 409,
    # the page a form error.
    with transaction.atomic():
        client.save()
        audit.record(
            "client.created",
            actor=by,
            request=request,
            obj=client,
            changes={"name": name, "slug": slug, "industry": industry},
        )
        client_created.send(sender=Client, client=client, by=by)
    return client


def client_update(
    *, client: Client, fields: dict, by: User, request: HttpRequest | None = None
) -> Client:
    before = {name: getattr(client, name) for name in fields}
    for name, value in fields.items():
        setattr(client, name, value)
    client.full_clean()
    client.save(update_fields=list(fields))
    changes = audit.diff(
        {k: str(v) for k, v in before.items()}, {k: str(v) for k, v in fields.items()}
    )
    if changes:
        audit.record("client.updated", actor=by, request=request, obj=client, changes=changes)
    return client


def membership_set(
    *, client: Client, user: User, role: str, by: User, request: HttpRequest | None = None
) -> Membership:
    """Give `user` the role `role` at `client` (assigning provider staff, or a client user)."""
    membership = Membership.objects.filter(client=client, user=user).first()
    old_role = membership.role if membership else None
    if membership is None:
        membership = Membership(client=client, user=user, role=role)
    membership.role = role
    membership.full_clean(validate_constraints=False)
    membership.save()
    if old_role is None:
        audit.record(
            "membership.created",
            actor=by,
            request=request,
            obj=membership,
            changes={"user": user.email, "role": role},
        )
    elif old_role != role:
        audit.record(
            "membership.role_changed",
            actor=by,
            request=request,
            obj=membership,
            changes={"user": user.email, "role": [old_role, role]},
        )
    return membership


def membership_remove(
    *, membership: Membership, by: User, request: HttpRequest | None = None
) -> None:
    audit.record(
        "membership.removed",
        actor=by,
        request=request,
        obj=membership,
        changes={"user": membership.user.email, "role": membership.role},
    )
    membership.delete()


def user_update(*, user: User, fields: dict, by: User, request: HttpRequest | None = None) -> User:
    before = {name: getattr(user, name) for name in fields}
    for name, value in fields.items():
        setattr(user, name, value)
    user.full_clean(exclude=["password"])
    user.save(update_fields=list(fields))
    changes = audit.diff(before, fields)
    if changes:
        audit.record("user.updated", actor=by, request=request, obj=user, changes=changes)
    return user


# --- Invitations ----------------------------------------------------------------------------


def invitation_create(
    *,
    email: str,
    role: str,
    client: Client | None,
    by: User,
    full_name: str = "",
    request: HttpRequest | None = None,
) -> Invitation:
    """Invite someone by e-mail; the link goes out from a background task after commit."""
    role = Role(role)
    if client is None and not role.is_provider:
        raise ValidationError({"role": _("A client role needs a client.")})
    if client is not None and role.is_provider and not by.is_provider_admin:
        raise ValidationError({"role": _("Only provider admins invite provider staff.")})
    existing = User.objects.filter(email__iexact=email.strip()).first()
    if existing is not None:
        if existing.is_provider_staff != role.is_provider:
            if existing.is_provider_staff:
                refused = _("%(email)s already has an account as provider staff.")
            else:
                refused = _("%(email)s already has an account as a client user.")
            raise ValidationError({"role": refused % {"email": email}})
        if client is not None and Membership.objects.filter(client=client, user=existing).exists():
            raise ValidationError({"email": _("This person is already a member of this client.")})
    pending = Invitation.objects.filter(
        email_index=blind_index(email),
        client=client,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    )
    if pending.exists():
        raise ValidationError({"email": _("An invitation to this address is already pending.")})
    with transaction.atomic():
        if existing is None and client is not None and not role.is_provider:
            # The account exists from now on, without a password, so the client's approval
            # chains can name this person before they accept; accepting sets the password.
            existing = _invited_user(email.strip(), full_name)
        invitation = Invitation(
            email=email.strip(),
            role=role,
            client=client,
            invited_by=by,
            full_name=full_name,
            user=existing,
        )
        invitation.full_clean(exclude=["email_index", "nonce", "expires_at"])
        invitation.save()
    audit.record(
        "invitation.created",
        actor=by,
        request=request,
        obj=invitation,
        client=client,
        changes={"role": role.value},
    )
    from outhire.accounts.tasks import send_invitation

    enqueue(send_invitation, invitation.pk)
    return invitation


def _invited_user(email: str, full_name: str) -> User:
    """The account of someone invited who has none yet: no password, so no sign-in (race-safe:
    two invitations to one new address at once find the same account)."""
    try:
        with transaction.atomic():
            return User.objects.create_user(email, None, full_name=full_name)
    except IntegrityError:
        return User.objects.get(email__iexact=email)


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps({"i": invitation.pk, "n": invitation.nonce}, salt=INVITATION_SALT)


def invitation_from_token(token: str) -> Invitation | None:
    """The invitation a link names, or None if the link is forged or was superseded."""
    try:
        data = signing.loads(token, salt=INVITATION_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    invitation = Invitation.objects.filter(pk=data.get("i")).select_related("client").first()
    if invitation is None or invitation.nonce != data.get("n"):
        return None
    return invitation


def invitation_accept(
    *,
    invitation: Invitation,
    user: User | None = None,
    full_name: str = "",
    password: str = "",
    request: HttpRequest | None = None,
) -> User:
    """Turn a pending invitation into an account (or a membership of an existing account)."""
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not locked.is_usable:
            reasons = {
                "accepted": _("This invitation is accepted."),
                "revoked": _("This invitation is revoked."),
                "expired": _("This invitation is expired."),
            }
            raise ValidationError(reasons[locked.status])
        role = Role(locked.role)
        if user is None:
            invited = User.objects.filter(email__iexact=locked.email).first()
            if invited is not None and invited.has_joined:
                raise ValidationError(_("This address already has an account: sign in to join."))
            if invited is None:
                user = User.objects.create_user(
                    locked.email,
                    password,
                    full_name=full_name,
                    provider_role=locked.role if role.is_provider else "",
                )
            else:
                # The account made at the invitation: it gets its name and password now, and
                # finds whatever was waiting for it (an approval in a chain).
                user = User.objects.select_for_update().get(pk=invited.pk)
                user.full_name = full_name or user.full_name
                user.set_password(password)
                user.save(update_fields=["full_name", "password"])
            audit.record(
                "user.created",
                actor=user,
                request=request,
                obj=user,
                changes={"via": "invitation", "role": locked.role},
            )
        if locked.client_id:
            membership_set(
                client=locked.client, user=user, role=locked.role, by=user, request=request
            )
        locked.accepted_at = timezone.now()
        locked.save(update_fields=["accepted_at"])
        audit.record(
            "invitation.accepted", actor=user, request=request, obj=locked, client=locked.client
        )
    return user


def invitation_renew(
    *, invitation: Invitation, by: User, request: HttpRequest | None = None
) -> Invitation:
    """Invite again, with the same address, name and role, someone whose invitation expired
    unanswered; the new link goes out as `invitation_create`'s does."""
    if invitation.status != "expired":
        raise ValidationError(_("Only an expired invitation can be sent again."))
    return invitation_create(
        email=invitation.email,
        role=invitation.role,
        client=invitation.client,
        by=by,
        full_name=invitation.full_name,
        request=request,
    )


def invitation_revoke(
    *, invitation: Invitation, by: User, request: HttpRequest | None = None
) -> None:
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit.record(
        "invitation.revoked", actor=by, request=request, obj=invitation, client=invitation.client
    )


# --- API tokens -----------------------------------------------------------------------------


def api_token_create(
    *,
    name: str,
    client: Client | None,
    can_write: bool,
    by: User,
    request: HttpRequest | None = None,
) -> tuple[ApiToken, str]:
    """A new token and its secret. The secret is returned once and only its hash is kept."""
    secret = ApiToken.new_secret()
    token = ApiToken(name=name, client=client, can_write=can_write, created_by=by)
    token.set_secret(secret)
    token.full_clean()
    token.save()
    audit.record(
        "api_token.created",
        actor=by,
        request=request,
        obj=token,
        client=client,
        changes={
            "name": name,
            "can_write": can_write,
            "scope": client.slug if client else "provider",
        },
    )
    return token, secret


def api_token_revoke(*, token: ApiToken, by: User, request: HttpRequest | None = None) -> None:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record("api_token.revoked", actor=by, request=request, obj=token, client=token.client)
