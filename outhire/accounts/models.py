from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from outhire.accounts.roles import (
    CLIENT_ROLE_CHOICES,
    PROVIDER_ROLE_CHOICES,
    PROVIDER_ROLES,
    Role,
)
from outhire.accounts.tenancy import ClientOwned, ClientOwnedQuerySet, ClientRowsQuerySet
from outhire.lib.crypto import EncryptedTextField, blind_index
from outhire.lib.zones import validate_time_zone

hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", gettext_lazy("Enter a colour as #RRGGBB."))


def sha256_hex(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


class ClientQuerySet(models.QuerySet):
    def visible_to(self, access) -> ClientQuerySet:
        return self.filter(id__in=access.client_ids)


class Client(models.Model):
    """A company whose hiring the provider runs. Everything a client owns carries its id."""

    class Industry(models.TextChoices):
        TECHNOLOGY = "technology", gettext_lazy("Technology")
        HEALTHCARE = "healthcare", gettext_lazy("Healthcare")
        FINANCE = "finance", gettext_lazy("Financial services")
        RETAIL = "retail", gettext_lazy("Retail")
        MANUFACTURING = "manufacturing", gettext_lazy("Manufacturing")
        LOGISTICS = "logistics", gettext_lazy("Logistics")
        PUBLIC = "public", gettext_lazy("Public sector")
        OTHER = "other", gettext_lazy("Other")

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=60, unique=True)
    industry = models.CharField(max_length=30, choices=Industry.choices, default=Industry.OTHER)
    website = models.URLField(blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Branding, used by the client portal and careers site
    primary_colour = models.CharField(max_length=7, default="#1f4e79", validators=[hex_colour])
    accent_colour = models.CharField(max_length=7, default="#f0b429", validators=[hex_colour])
    logo = models.FileField(upload_to="logos/", blank=True)
    hero_text = models.CharField(max_length=200, blank=True)
    about = models.TextField(blank=True)

    objects = ClientQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager):
    def create_user(self, email: str, password: str | None = None, **fields) -> User:
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> User:
        fields.setdefault("provider_role", Role.ADMIN)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser):
    """Someone who logs in: provider staff (provider_role set) or a client's user (blank)."""

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=200)
    provider_role = models.CharField(max_length=20, choices=PROVIDER_ROLE_CHOICES, blank=True)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    totp_secret = EncryptedTextField(blank=True)
    totp_confirmed_at = models.DateTimeField(null=True, blank=True)
    # The last TOTP time step accepted, so a code cannot be replayed within its window
    totp_last_step = models.BigIntegerField(default=0)
    # The IANA zone dates and times are shown in (outhire/lib/zones.py); blank: the site's.
    time_zone = models.CharField(max_length=64, blank=True, validators=[validate_time_zone])
    # The language staff pages and e-mails to this person are in (outhire/lib/i18n.py, one of
    # STAFF_LANGUAGES); blank: their browser's.
    language = models.CharField(max_length=10, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def is_provider_staff(self) -> bool:
        return self.provider_role in PROVIDER_ROLES

    @property
    def is_provider_admin(self) -> bool:
        return self.provider_role == Role.ADMIN

    @property
    def has_joined(self) -> bool:
        """False for someone invited who has not accepted yet: their account exists (so they
        can be named as an approver before they join) but has no password and no sign-in."""
        return self.has_usable_password() or self.last_login is not None

    @property
    def has_2fa(self) -> bool:
        return self.totp_confirmed_at is not None

    @property
    def requires_2fa(self) -> bool:
        return self.is_provider_admin


class Membership(ClientOwned):
    """A user's role for one client. For provider staff it is their assignment to that client."""

    user = models.ForeignKey(User, models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "client"], name="one_membership_per_client")
        ]
        ordering = ["client__name", "user__full_name"]

    def __str__(self) -> str:
        return f"{self.user} - {self.get_role_display()} at {self.client}"

    @property
    def is_provider_side(self) -> bool:
        return Role(self.role).is_provider

    @property
    def role_choices(self) -> list[tuple[str, str]]:
        return PROVIDER_ROLE_CHOICES if self.is_provider_side else CLIENT_ROLE_CHOICES

    def clean(self) -> None:
        if self.user_id and self.role:
            provider_side = Role(self.role).is_provider
            if provider_side != self.user.is_provider_staff:
                if self.user.is_provider_staff:
                    refused = _("This role is not one for provider staff.")
                else:
                    refused = _("This role is not one for client users.")
                raise ValidationError({"role": refused})


class SingleSignOn(ClientOwned):
    """A client's OpenID Connect identity provider, through which its people sign in (docs/sso.md).

    Someone whose work e-mail is in `allowed_domains` is sent to the IdP; whoever comes back with
    a verified ID token gets an account for this client on first sign-in (just in time), with the
    role that `role_mapping` gives the values of the `role_claim` claim (e.g. the IdP's groups),
    else `default_role`. Two-factor authentication is the IdP's to ask.
    """

    enabled = models.BooleanField(default=False)
    issuer = models.URLField(max_length=500)
    # The application's id at the IdP ("client_id" in OAuth; the name is taken by the client FK)
    oidc_client_id = models.CharField("Client ID", max_length=200)
    client_secret = EncryptedTextField()
    scopes = models.CharField(max_length=200, default="openid email profile")
    # Lower-case domains, space-separated: "acme.com acme.co.uk"
    allowed_domains = models.CharField(max_length=500)
    role_claim = models.CharField(max_length=100, blank=True, default="groups")
    # {"value of the claim": "client role"}
    role_mapping = models.JSONField(default=dict, blank=True)
    default_role = models.CharField(max_length=20, choices=CLIENT_ROLE_CHOICES, blank=True)
    # When set, people of these domains cannot sign in with a password at all.
    password_sign_in = models.BooleanField(default=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["client"], name="one_sign_on_per_client")]

    def __str__(self) -> str:
        return f"Single sign-on of {self.client}"

    @property
    def domains(self) -> list[str]:
        return self.allowed_domains.split()


class RecoveryCode(models.Model):
    """Single-use codes for when the authenticator is lost; only their hashes are kept."""

    user = models.ForeignKey(User, models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Recovery code #{self.pk} ({'used' if self.used_at else 'unused'})"


class Invitation(models.Model):
    """An e-mailed, single-use, expiring link to join a client (or the provider's staff)."""

    client = models.ForeignKey(
        Client, models.CASCADE, null=True, blank=True, related_name="invitations"
    )
    email = EncryptedTextField()
    email_index = models.CharField(max_length=64, db_index=True)
    full_name = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=20, choices=Role.choices)
    invited_by = models.ForeignKey(User, models.SET_NULL, null=True, related_name="+")
    # The account the invitation is for, made when a client user is invited (without a
    # password) so that they can be named in approval chains before they accept.
    user = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="invitations"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Changing the nonce invalidates every link sent so far.
    nonce = models.CharField(max_length=32, default="")

    objects = ClientRowsQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation #{self.pk} ({self.get_role_display()})"

    def save(self, *args, **kwargs) -> None:
        self.email_index = blind_index(self.email)
        if not self.nonce:
            self.nonce = secrets.token_hex(16)
        if not self.expires_at:
            self.expires_at = timezone.now() + timedelta(days=settings.OUTHIRE_INVITATION_DAYS)
        super().save(*args, **kwargs)

    @property
    def status(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"

    @property
    def is_usable(self) -> bool:
        return self.status == "pending"


class ApiTokenQuerySet(ClientRowsQuerySet):
    def manageable_by(self, access) -> ApiTokenQuerySet:
        """Tokens of the clients the caller manages, plus provider tokens for provider admins."""
        managed = [cid for cid in access.client_ids if access.can_manage(cid)]
        query = models.Q(client_id__in=managed)
        if access.is_provider_admin:
            query |= models.Q(client__isnull=True)
        return self.filter(query)


class ApiToken(models.Model):
    """A secret for the JSON API, scoped to one client or (client empty) to the provider.

    The token acts with its creator's access, narrowed to its client, so it never reaches more
    than the person who made it; only its SHA-256 is stored.
    """

    PREFIX = "oh_"

    client = models.ForeignKey(
        Client, models.CASCADE, null=True, blank=True, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    created_by = models.ForeignKey(User, models.CASCADE, related_name="api_tokens")
    can_write = models.BooleanField(default=False)
    token_hash = models.CharField(max_length=64, unique=True)
    hint = models.CharField(max_length=12)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}...)"

    @classmethod
    def new_secret(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)

    def set_secret(self, secret: str) -> None:
        self.token_hash = sha256_hex(secret)
        self.hint = secret[:10]

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.created_by.is_active


class AuditQuerySet(ClientRowsQuerySet):
    def update(self, **kwargs):
        raise TypeError("Audit events are append-only")

    def delete(self):
        raise TypeError("Audit events are append-only")


class AuditEvent(models.Model):
    """Append-only record of who did what. Written only through outhire.accounts.audit.record."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")
    # Kept so the trail stays readable after the actor's account is gone
    actor_label = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=60, db_index=True)
    client = models.ForeignKey(Client, models.SET_NULL, null=True, blank=True, related_name="+")
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=60, blank=True)
    object_repr = models.CharField(max_length=200, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    changes = models.JSONField(default=dict, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} by {self.actor_label or 'system'}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise TypeError("Audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Audit events are append-only")


class LoginFailure(models.Model):
    """One failed login, kept for the lockout window. The e-mail is stored as a blind index."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    email_index = models.CharField(max_length=64, db_index=True)
    ip = models.GenericIPAddressField()

    def __str__(self) -> str:
        return f"Failed login at {self.at:%Y-%m-%d %H:%M} from {self.ip}"


class Delivery(models.TextChoices):
    """How a kind of notification reaches someone (each person chooses, per kind)."""

    IMMEDIATE = "immediate", gettext_lazy("Right away")
    DIGEST = "digest", gettext_lazy("Daily digest")
    OFF = "off", gettext_lazy("Off")


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, access) -> NotificationQuerySet:
        """A user's own notifications, of clients they may still see (or of none)."""
        if not access.is_authenticated:
            return self.none()
        return self.filter(user=access.user).filter(
            models.Q(client__isnull=True) | models.Q(client_id__in=access.client_ids)
        )


class NotificationDigest(models.Model):
    """One day's e-mail of a user's "daily digest" notifications; one per user per day."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    day = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-day", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="one_digest_per_user_per_day")
        ]

    def __str__(self) -> str:
        return f"Digest of {self.day} for user #{self.user_id}"


class Notification(models.Model):
    """Something a user should see (a mention, an approval to give); in-app and by e-mail.

    `kind` is one of `outhire.accounts.notifications.KINDS`; `delivery` is how it is e-mailed
    (right away, or in the daily digest), as the user's preference said when it was made.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="notifications")
    client = models.ForeignKey("accounts.Client", models.CASCADE, null=True, related_name="+")
    kind = models.CharField(max_length=40, default="general")
    # In English, as made. When `message` is set, `text` is `message % params` and each reader
    # sees `message` translated into their language (`display_text`); rows made before, or
    # with a plain text, show `text` (translated when it is a known message without params).
    text = models.CharField(max_length=300)
    message = models.CharField(max_length=300, blank=True, default="")
    params = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    delivery = models.CharField(max_length=10, choices=Delivery.choices, default=Delivery.IMMEDIATE)
    emailed_at = models.DateTimeField(null=True, blank=True)
    digest = models.ForeignKey(
        NotificationDigest,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
    )

    objects = NotificationQuerySet.as_manager()

    class Meta:
        # Moved here from pipeline; the table keeps its name (no data to move).
        db_table = "pipeline_notification"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notification_unread"),
            models.Index(fields=["delivery", "emailed_at"], name="notification_to_email"),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def display_text(self) -> str:
        """The text in the active language (the reader's): see `notifications.translated`."""
        from outhire.accounts.notifications import translated

        return translated(self.message or self.text, self.params if self.message else None)


class NotificationPreference(models.Model):
    """A user's choice for one kind of notification; kinds without a row use their default."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=40)
    delivery = models.CharField(max_length=10, choices=Delivery.choices)

    class Meta:
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.delivery} for user #{self.user_id}"
