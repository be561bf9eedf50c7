from __future__ import annotations

import re

from django import forms
from django.contrib.auth import password_validation
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from outhire.accounts.models import Client, SingleSignOn, User
from outhire.accounts.oidc import split_domains
from outhire.accounts.roles import CLIENT_ROLE_CHOICES, PROVIDER_ROLE_CHOICES, Role
from outhire.lib.i18n import STAFF_LANGUAGES, language_name
from outhire.lib.zones import time_zone_field

LOGO_TYPES = {
    b"\x89PNG\r\n\x1a\n": "png",
    b"\xff\xd8\xff": "jpeg",
    b"RIFF": "webp",
}
MAX_LOGO_BYTES = 1024 * 1024
DOMAIN = re.compile(r"(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}")


class UserChoiceField(forms.ModelChoiceField):
    """A user, shown by name and e-mail address."""

    def label_from_instance(self, obj: User) -> str:
        return f"{obj.full_name} ({obj.email})" if obj.full_name else obj.email


class LoginForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Email"),
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=gettext_lazy("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class TwoFactorForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code from your authenticator app, or a recovery code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class TwoFactorSetupForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Enter the 6-digit code your app shows"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class PasswordChoiceForm(forms.Form):
    """A new password, typed twice, checked by the configured validators."""

    password1 = forms.CharField(
        label=gettext_lazy("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=gettext_lazy("New password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, user: User | None = None, **kwargs) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        one, two = cleaned.get("password1"), cleaned.get("password2")
        if one and two and one != two:
            self.add_error("password2", _("The two passwords differ."))
        elif one:
            try:
                password_validation.validate_password(one, self.user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class AcceptInvitationForm(PasswordChoiceForm):
    full_name = forms.CharField(
        max_length=200,
        label=gettext_lazy("Your full name"),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    field_order = ["full_name", "password1", "password2"]


class PasswordResetRequestForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Email"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )


class ClientForm(forms.ModelForm):
    """A new client: its web address (slug) is made from the name unless one is typed."""

    website = forms.URLField(required=False, assume_scheme="https", label=gettext_lazy("Website"))
    slug = forms.CharField(
        max_length=60,
        required=False,
        label=gettext_lazy("Web address"),
        help_text=gettext_lazy(
            "Used in the careers site's address, such as /careers/acme-robotics/. Made from "
            "the name when left empty; lower-case letters, digits and hyphens."
        ),
    )

    class Meta:
        model = Client
        fields = ["name", "slug", "industry", "website"]
        labels = {"name": gettext_lazy("Name"), "industry": gettext_lazy("Industry")}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The progressive enhancement (accounts/slug.js) fills it from the name as one types.
        self.fields["name"].widget.attrs["data-slug-source"] = "id_slug"
        self.fields["slug"].widget.attrs["data-slug-target"] = "true"

    def clean_slug(self) -> str:
        typed = self.cleaned_data.get("slug", "").strip()
        if not typed:
            return ""
        slug = slugify(typed)[:60].strip("-")
        if not slug:
            raise forms.ValidationError(_("Use letters or digits in the web address."))
        if Client.objects.filter(slug=slug).exists():
            raise forms.ValidationError(
                _("Another client has the address “%(slug)s”; choose another, such as “%(free)s”.")
                % {"slug": slug, "free": free_slug(slug)}
            )
        return slug

    def clean(self):
        data = super().clean()
        if not data.get("slug") and data.get("name") and "slug" not in self.errors:
            base = slugify(data["name"])[:55].strip("-") or "client"
            data["slug"] = free_slug(base)
        return data


def free_slug(base: str) -> str:
    """`base`, or `base-2`, `base-3`... whichever no client has (one query)."""
    taken = set(Client.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    if base not in taken:
        return base
    n = 2
    while f"{base[:55]}-{n}" in taken:
        n += 1
    return f"{base[:55]}-{n}"


class BrandingForm(forms.ModelForm):
    website = forms.URLField(required=False, assume_scheme="https", label=gettext_lazy("Website"))

    class Meta:
        model = Client
        fields = [
            "name",
            "website",
            "primary_colour",
            "accent_colour",
            "logo",
            "hero_text",
            "about",
        ]
        widgets = {
            "primary_colour": forms.TextInput(attrs={"type": "color"}),
            "accent_colour": forms.TextInput(attrs={"type": "color"}),
            "about": forms.Textarea(attrs={"rows": 5}),
        }
        labels = {
            "name": gettext_lazy("Name"),
            "primary_colour": gettext_lazy("Primary colour"),
            "accent_colour": gettext_lazy("Accent colour"),
            "logo": gettext_lazy("Logo"),
            "hero_text": gettext_lazy("Hero text"),
            "about": gettext_lazy("About"),
        }

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if not logo or not hasattr(logo, "read") or getattr(logo, "_committed", False):
            return logo
        if logo.size > MAX_LOGO_BYTES:
            raise forms.ValidationError(_("The logo must be 1 MB or smaller."))
        head = logo.read(12)
        logo.seek(0)
        kind = next((k for magic, k in LOGO_TYPES.items() if head.startswith(magic)), None)
        if kind == "webp" and head[8:12] != b"WEBP":
            kind = None
        if kind is None:
            raise forms.ValidationError(_("The logo must be a PNG, JPEG or WebP image."))
        return logo


class InviteForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Email"))
    full_name = forms.CharField(
        max_length=200, required=False, label=gettext_lazy("Name (optional)")
    )
    role = forms.ChoiceField(choices=CLIENT_ROLE_CHOICES, label=gettext_lazy("Role"))

    def __init__(self, *args, roles=CLIENT_ROLE_CHOICES, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = roles
        # Least power by default: the inviter raises it on purpose.
        self.fields["role"].initial = roles[-1][0]


class AssignStaffForm(forms.Form):
    user = forms.ModelChoiceField(queryset=User.objects.none(), label=gettext_lazy("Staff member"))
    role = forms.ChoiceField(choices=PROVIDER_ROLE_CHOICES, label=gettext_lazy("Role"))

    def __init__(self, *args, client: Client, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Least power by default, as for invitations: the admin raises it on purpose.
        self.fields["role"].initial = PROVIDER_ROLE_CHOICES[-1][0]
        self.fields["user"].queryset = (
            User.objects.filter(
                provider_role__in=[r.value for r in Role if r.is_provider], is_active=True
            )
            .exclude(provider_role=Role.ADMIN)
            .exclude(memberships__client=client)
        )


class MembershipRoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices, label=gettext_lazy("Role"))

    def __init__(self, *args, provider_side: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = (
            PROVIDER_ROLE_CHOICES if provider_side else CLIENT_ROLE_CHOICES
        )


class StaffForm(forms.Form):
    full_name = forms.CharField(max_length=200, label=gettext_lazy("Full name"))
    provider_role = forms.ChoiceField(choices=PROVIDER_ROLE_CHOICES, label=gettext_lazy("Role"))
    is_active = forms.BooleanField(required=False, label=gettext_lazy("Active (may log in)"))


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        label=gettext_lazy("Name"),
        help_text=gettext_lazy("What uses this token, e.g. 'BI export'."),
    )
    scope = forms.ChoiceField(label=gettext_lazy("Scope"))
    can_write = forms.BooleanField(
        required=False, label=gettext_lazy("Allow changes (not only reads)")
    )

    def __init__(self, *args, scopes: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = scopes


class AuditFilterForm(forms.Form):
    action = forms.CharField(required=False, max_length=60, label=gettext_lazy("Action"))
    client = forms.ModelChoiceField(
        queryset=Client.objects.all(), required=False, label=gettext_lazy("Client")
    )
    actor = forms.CharField(
        required=False, max_length=200, label=gettext_lazy("Actor e-mail contains")
    )
    since = forms.DateField(
        required=False,
        label=gettext_lazy("Since"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = forms.DateField(
        required=False,
        label=gettext_lazy("Until"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class NotificationPreferencesForm(forms.Form):
    """One choice per kind of notification `user` can receive: right away, digest, or off."""

    def __init__(self, *args, user: User, initial_choices: dict[str, str], **kwargs) -> None:
        from outhire.accounts.models import Delivery
        from outhire.accounts.notifications import kinds_for

        super().__init__(*args, **kwargs)
        self.kinds = kinds_for(user)
        for kind in self.kinds:
            self.fields[kind.key] = forms.ChoiceField(
                label=kind.label,
                choices=Delivery.choices,
                initial=initial_choices[kind.key],
                widget=forms.RadioSelect,
            )

    def groups(self) -> list[tuple[str, list]]:
        """The bound fields by the kinds' groups, in order, for the page's sections."""
        grouped: dict[str, list] = {}
        for kind in self.kinds:
            grouped.setdefault(kind.group, []).append(self[kind.key])
        return list(grouped.items())


class TimeZoneForm(forms.Form):
    """The zone a person reads dates and times in, on their account page."""

    def __init__(self, *args, site_zone: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["time_zone"] = time_zone_field(
            label=_("Your time zone"),
            blank=_("The site's (%(zone)s)") % {"zone": site_zone},
            help_text=_(
                "Every date and time you see in Outhire, and in its e-mails to you, is "
                "shown in this zone."
            ),
        )


class LanguageForm(forms.Form):
    """The language a person reads Outhire and its e-mails in, on their account page: blank
    follows the browser; each language is named in itself."""

    language = forms.ChoiceField(label=gettext_lazy("Language"), required=False, choices=())

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [
            ("", _("Browser's language")),
            *((code, language_name(code)) for code in STAFF_LANGUAGES),
        ]


class SingleSignOnStartForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Work e-mail"),
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
    )


class SingleSignOnForm(forms.ModelForm):
    """A client's OpenID Connect settings. The secret is write-only: blank keeps the stored one."""

    issuer = forms.URLField(
        label=gettext_lazy("Issuer URL"),
        max_length=500,
        assume_scheme="https",
        help_text=gettext_lazy(
            "Your identity provider's issuer, e.g. https://login.acme.com/realms/acme."
        ),
    )
    client_secret = forms.CharField(
        label=gettext_lazy("Client secret"),
        required=False,
        strip=True,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}, render_value=False),
        help_text=gettext_lazy("Leave blank to keep the secret already saved."),
    )
    allowed_domains = forms.CharField(
        label=gettext_lazy("E-mail domains"),
        help_text=gettext_lazy(
            "The domains of your people's work addresses, e.g. acme.com acme.co.uk."
        ),
    )
    role_mapping = forms.CharField(
        label=gettext_lazy("Roles from the IdP's groups"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "One per line: a value of the claim above, an equals sign, a role (Client admin, "
            "Client recruiter, Hiring manager or Interviewer). Example: outhire-admins = "
            "Client admin"
        ),
    )

    class Meta:
        model = SingleSignOn
        fields = [
            "issuer",
            "oidc_client_id",
            "client_secret",
            "scopes",
            "allowed_domains",
            "role_claim",
            "role_mapping",
            "default_role",
            "password_sign_in",
            "enabled",
        ]
        labels = {
            "oidc_client_id": gettext_lazy("Client ID"),
            "scopes": gettext_lazy("Scopes"),
            "enabled": gettext_lazy("People of these domains may sign in through this provider"),
            "role_claim": gettext_lazy("Claim that carries groups or roles"),
            "default_role": gettext_lazy("Role when no group matches"),
            "password_sign_in": gettext_lazy("They may also sign in with a password"),
        }
        help_texts = {
            "scopes": gettext_lazy("Space-separated; openid and email are needed."),
            "default_role": gettext_lazy(
                "Blank: people whose groups match no role are turned away."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(CLIENT_ROLE_CHOICES)
        self.initial["role_mapping"] = "\n".join(
            f"{value} = {labels.get(role, role)}"
            for value, role in self.instance.role_mapping.items()
        )
        self.fields["default_role"].choices = [("", _("None: turn them away"))] + list(
            CLIENT_ROLE_CHOICES
        )
        if self.instance.pk:
            self.initial["allowed_domains"] = self.instance.allowed_domains
        else:
            self.fields["client_secret"].required = True
            self.fields["client_secret"].help_text = ""

    def clean_allowed_domains(self) -> str:
        domains = split_domains(self.cleaned_data["allowed_domains"])
        bad = [d for d in domains if not DOMAIN.fullmatch(d)]
        if bad:
            raise forms.ValidationError(
                _("Not a domain: %(domains)s.") % {"domains": ", ".join(bad[:3])}
            )
        if not domains:
            raise forms.ValidationError(_("Give at least one domain."))
        return " ".join(domains)

    def clean_scopes(self) -> str:
        scopes = self.cleaned_data["scopes"].split()
        if "openid" not in scopes or "email" not in scopes:
            raise forms.ValidationError(_("The scopes must include openid and email."))
        return " ".join(dict.fromkeys(scopes))

    def clean_role_mapping(self) -> dict[str, str]:
        # A role by its name as people read it ("Hiring manager"), in English or in the
        # reader's language, or by its key.
        roles = {}
        for key, label in CLIENT_ROLE_CHOICES:
            roles[key] = roles[str(label).lower()] = key
            with translation.override("en-gb"):
                roles[str(label).lower()] = key
        names = ", ".join(str(label) for _key, label in CLIENT_ROLE_CHOICES)
        mapping = {}
        for number, line in enumerate(self.cleaned_data["role_mapping"].splitlines(), 1):
            if not line.strip():
                continue
            value, equals, role = line.rpartition("=")
            value, role = value.strip(), role.strip()
            if not equals or not value:
                raise forms.ValidationError(
                    _("Line %(number)s: write it as group = role.") % {"number": number}
                )
            if role.lower() not in roles:
                raise forms.ValidationError(
                    _("Line %(number)s: “%(role)s” is not a client role (%(roles)s).")
                    % {"number": number, "role": role[:40], "roles": names}
                )
            mapping[value[:200]] = roles[role.lower()]
        return mapping

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("client_secret") and self.instance.pk:
            cleaned["client_secret"] = self.instance.client_secret
        return cleaned
