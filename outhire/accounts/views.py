"""Signing in and out, two-factor authentication, password reset, invitations, notification
settings. The home page is `outhire.work` ("My work")."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_str
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from outhire.accounts import audit, sso, throttle, two_factor
from outhire.accounts.forms import (
    AcceptInvitationForm,
    LanguageForm,
    LoginForm,
    NotificationPreferencesForm,
    PasswordChoiceForm,
    PasswordResetRequestForm,
    TimeZoneForm,
    TwoFactorForm,
    TwoFactorSetupForm,
)
from outhire.accounts.models import Membership, User
from outhire.accounts.notifications import preferences_of, preferences_save
from outhire.accounts.services import invitation_accept, invitation_from_token
from outhire.accounts.tasks import send_password_reset
from outhire.accounts.tenancy import public_page
from outhire.lib.i18n import STAFF_LANGUAGES, supported
from outhire.lib.security import client_ip
from outhire.lib.tasks import enqueue

PENDING_2FA_KEY = "outhire_2fa_pending"
PENDING_2FA_SECONDS = 300
RESET_SESSION_KEY = "outhire_reset_token"
SETUP_SECRET_KEY = "outhire_2fa_setup_secret"


def _safe_next(request: HttpRequest, value: str | None) -> str:
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return reverse("work:home")


def _lockout_message() -> str:
    minutes = settings.OUTHIRE_LOGIN_LOCKOUT_MINUTES
    return _(
        "Too many failed attempts. Sign-in is paused for %(minutes)s minutes; try again later."
    ) % {"minutes": minutes}


def _complete_login(request: HttpRequest, user: User, next_url: str) -> HttpResponse:
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    throttle.clear(email=user.email)
    audit.record("login.succeeded", actor=user, request=request)
    return redirect(next_url)


def _record_failure(request: HttpRequest, email: str, ip: str, *, stage: str) -> None:
    account = User.objects.filter(email__iexact=email).first()
    locked_now = throttle.record_failure(email=email, ip=ip)
    audit.record(
        "login.failed",
        actor=account,
        request=request,
        actor_label=account.email if account else "unknown account",
        changes={"stage": stage},
    )
    if locked_now:
        audit.record(
            "login.locked",
            actor=account,
            request=request,
            actor_label=account.email if account else "unknown account",
        )


# Public: before the password is checked, it looks up whether the address's organisation signs
# its people in through its own identity provider instead (any client's settings).
@public_page
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if request.user.is_authenticated:
        return redirect(next_url)
    form = LoginForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            email = form.cleaned_data["email"].lower()
            ip = client_ip(request)
            single_sign_on = sso.password_refused(email)
            if throttle.is_locked(email=email, ip=ip):
                audit.record("login.blocked", request=request, actor_label="locked out")
                form.add_error(None, _lockout_message())
                status = 429
            elif single_sign_on is not None:
                form.add_error(
                    None,
                    _(
                        "%(client)s signs its people in with single sign-on: "
                        "use “Sign in with your organisation” below."
                    )
                    % {"client": single_sign_on.client.name},
                )
            else:
                user = authenticate(request, username=email, password=form.cleaned_data["password"])
                if user is None:
                    _record_failure(request, email, ip, stage="password")
                    form.add_error(None, _("The e-mail address or the password is wrong."))
                elif user.has_2fa:
                    request.session[PENDING_2FA_KEY] = {
                        "user": user.pk,
                        "at": time.time(),
                        "next": next_url,
                    }
                    return redirect("accounts:login_verify")
                else:
                    return _complete_login(request, user, next_url)
    # Carried on only when one was asked for: a bare "/" would show "Back to where you were".
    asked = request.POST.get("next") or request.GET.get("next")
    context = {"form": form, "next": next_url if asked else ""}
    return render(request, "accounts/login.html", context, status=status)


@require_http_methods(["GET", "POST"])
def login_verify(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(PENDING_2FA_KEY)
    if not pending or time.time() - pending["at"] > PENDING_2FA_SECONDS:
        request.session.pop(PENDING_2FA_KEY, None)
        messages.info(request, _("Please sign in again."))
        return redirect("accounts:login")
    user = User.objects.filter(pk=pending["user"], is_active=True).first()
    if user is None:
        return redirect("accounts:login")
    form = TwoFactorForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        ip = client_ip(request)
        if throttle.is_locked(email=user.email, ip=ip):
            request.session.pop(PENDING_2FA_KEY, None)
            form.add_error(None, _lockout_message())
            status = 429
        elif form.is_valid():
            code = form.cleaned_data["code"]
            if two_factor.verify_totp(user, code):
                del request.session[PENDING_2FA_KEY]
                return _complete_login(request, user, pending["next"])
            if two_factor.use_recovery_code(user, code):
                del request.session[PENDING_2FA_KEY]
                audit.record("two_factor.recovery_code_used", actor=user, request=request)
                messages.warning(
                    request,
                    _(
                        "You used a recovery code. Make new ones on your "
                        "account page if you are running out."
                    ),
                )
                return _complete_login(request, user, pending["next"])
            _record_failure(request, user.email, ip, stage="two_factor")
            form.add_error("code", _("That code is not valid. Codes change every 30 seconds."))
    return render(request, "accounts/login_verify.html", {"form": form}, status=status)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        audit.record("logout", actor=request.user, request=request)
    logout(request)
    messages.info(request, _("You are signed out."))
    return redirect("accounts:login")


# --- Account and two-factor ------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def account(request: HttpRequest) -> HttpResponse:
    """One's name, e-mail, time zone, 2FA and access; POST saves the time zone."""
    user = request.user
    data = request.POST if request.method == "POST" else None
    form = TimeZoneForm(data, site_zone=settings.TIME_ZONE, initial={"time_zone": user.time_zone})
    if form.is_bound and form.is_valid():
        _preference_save(request, "time_zone", form.cleaned_data["time_zone"])
        messages.success(request, _("Your time zone is saved."))
        return redirect("accounts:account")
    return _account_page(request, zone_form=form)


def _preference_save(request: HttpRequest, field: str, value: str) -> None:
    """Saves one of the person's own settings (time_zone, language), audited when it changes."""
    user = request.user
    before = getattr(user, field)
    setattr(user, field, value)
    user.save(update_fields=[field])
    if before != value:
        audit.record(
            f"user.{field}_changed", request=request, obj=user, changes={field: [before, value]}
        )


def _account_page(request: HttpRequest, *, zone_form=None, language_form=None) -> HttpResponse:
    user = request.user
    if zone_form is None:
        zone_form = TimeZoneForm(
            site_zone=settings.TIME_ZONE, initial={"time_zone": user.time_zone}
        )
    if language_form is None:
        language_form = LanguageForm(initial={"language": user.language})
    memberships = Membership.objects.filter(user=user).select_related("client")
    bound = zone_form.is_bound or language_form.is_bound
    return render(
        request,
        "accounts/account.html",
        {"memberships": memberships, "zone_form": zone_form, "language_form": language_form},
        status=400 if bound else 200,
    )


@login_required
@require_POST
def account_language(request: HttpRequest) -> HttpResponse:
    """Saves the language the person reads Outhire and its e-mails in (blank: the browser's);
    the next page is in it."""
    user = request.user
    form = LanguageForm(request.POST)
    if not form.is_valid():
        return _account_page(request, language_form=form)
    _preference_save(request, "language", form.cleaned_data["language"])
    # Said in the language chosen: the page it shows on is the first one in it.
    language = supported(user.language, STAFF_LANGUAGES) or translation.get_language()
    with translation.override(language):
        messages.success(request, _("Your language is saved."))
    return redirect("accounts:account")


@login_required
@require_http_methods(["GET", "POST"])
def notification_preferences(request: HttpRequest) -> HttpResponse:
    """How each kind of notification reaches the signed-in person: right away, digest, off."""
    current = preferences_of(request.user)
    data = request.POST if request.method == "POST" else None
    form = NotificationPreferencesForm(data, user=request.user, initial_choices=current)
    if request.method == "POST":
        if form.is_valid():
            changed = preferences_save(user=request.user, choices=form.cleaned_data)
            if changed:
                audit.record(
                    "notifications.preferences_changed",
                    request=request,
                    obj=request.user,
                    changes={"kinds": changed},
                )
            messages.success(request, _("Your notification settings are saved."))
            return redirect("accounts:notification_preferences")
        messages.error(request, _("Choose right away, daily digest or off for every kind."))
    return render(
        request,
        "accounts/notification_preferences.html",
        {"form": form, "digest_hour": settings.OUTHIRE_DIGEST_HOUR},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChoiceForm(request.POST if request.method == "POST" else None, user=request.user)
    status = 200
    if request.method == "POST":
        valid = form.is_valid()
        if not request.user.check_password(request.POST.get("current_password", "")):
            form.add_error(None, _("Your current password is wrong."))
        elif valid:
            request.user.set_password(form.cleaned_data["password1"])
            request.user.save(update_fields=["password"])
            update_session_auth_hash(request, request.user)
            audit.record("password.changed", request=request, obj=request.user)
            messages.success(request, _("Your password is changed."))
            return redirect("accounts:account")
        status = 400
    return render(request, "accounts/password_change.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.has_2fa:
        messages.info(request, _("Two-factor authentication is already on."))
        return redirect("accounts:account")
    # The secret lives in the session until confirmed, so a half-done set-up changes nothing.
    secret = request.session.get(SETUP_SECRET_KEY) or two_factor.new_secret()
    request.session[SETUP_SECRET_KEY] = secret
    form = TwoFactorSetupForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            step = two_factor.code_step(secret, form.cleaned_data["code"])
            if step is None:
                form.add_error(
                    "code",
                    _(
                        "That code does not match. Check your phone's clock and try the newest "
                        "code."
                    ),
                )
            else:
                codes = two_factor.enable(user, secret, confirmed_step=step)
                del request.session[SETUP_SECRET_KEY]
                audit.record("two_factor.enabled", request=request, obj=user)
                return render(request, "accounts/recovery_codes.html", {"codes": codes})
    uri = two_factor.provisioning_uri(user, secret)
    context = {
        "form": form,
        "qr": two_factor.qr_svg(uri),
        "secret": secret,
        "required": user.requires_2fa,
    }
    return render(request, "accounts/two_factor_setup.html", context, status=status)


@login_required
@require_POST
def two_factor_disable(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.requires_2fa:
        messages.error(request, _("Provider admins must keep two-factor authentication on."))
        return redirect("accounts:account")
    if not user.check_password(request.POST.get("password", "")):
        messages.error(request, _("Your password is wrong; two-factor authentication stays on."))
        return redirect("accounts:account")
    two_factor.disable(user)
    audit.record("two_factor.disabled", request=request, obj=user)
    messages.success(request, _("Two-factor authentication is off."))
    return redirect("accounts:account")


@login_required
@require_POST
def recovery_codes_renew(request: HttpRequest) -> HttpResponse:
    if not request.user.has_2fa:
        return redirect("accounts:two_factor_setup")
    if not request.user.check_password(request.POST.get("password", "")):
        messages.error(request, _("Your password is wrong; your recovery codes are unchanged."))
        return redirect("accounts:account")
    codes = two_factor.new_recovery_codes(request.user)
    audit.record("two_factor.recovery_codes_renewed", request=request, obj=request.user)
    return render(request, "accounts/recovery_codes.html", {"codes": codes})


# --- Password reset --------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def password_reset(request: HttpRequest) -> HttpResponse:
    form = PasswordResetRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            email = form.cleaned_data["email"].lower()
            user = User.objects.filter(email__iexact=email, is_active=True).first()
            if user is not None:
                audit.record("password.reset_requested", actor=user, request=request)
                enqueue(send_password_reset, user.pk)
            # The same answer whether or not the account exists, so addresses cannot be probed.
            return render(request, "accounts/password_reset_sent.html")
        return render(request, "accounts/password_reset.html", {"form": form}, status=400)
    return render(request, "accounts/password_reset.html", {"form": form})


def _reset_user(uidb64: str) -> User | None:
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (ValueError, TypeError, OverflowError):
        return None
    return User.objects.filter(pk=pk, is_active=True).first()


@require_http_methods(["GET", "POST"])
def password_reset_confirm(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    user = _reset_user(uidb64)
    if token != "set":
        # Move the token out of the address bar into the session, as Django's own view does,
        # so it cannot leak through the Referer header or browser history.
        if user is not None and default_token_generator.check_token(user, token):
            request.session[RESET_SESSION_KEY] = token
            return redirect("accounts:password_reset_confirm", uidb64=uidb64, token="set")
        return render(request, "accounts/password_reset_invalid.html", status=400)
    token = request.session.get(RESET_SESSION_KEY, "")
    if user is None or not default_token_generator.check_token(user, token):
        return render(request, "accounts/password_reset_invalid.html", status=400)
    form = PasswordChoiceForm(request.POST if request.method == "POST" else None, user=user)
    if request.method == "POST":
        if form.is_valid():
            user.set_password(form.cleaned_data["password1"])
            user.save(update_fields=["password"])
            del request.session[RESET_SESSION_KEY]
            throttle.clear(email=user.email)
            audit.record("password.reset", actor=user, request=request, obj=user)
            messages.success(request, _("Your password is set. Please sign in."))
            return redirect("accounts:login")
        return render(request, "accounts/password_reset_confirm.html", {"form": form}, status=400)
    return render(request, "accounts/password_reset_confirm.html", {"form": form})


# --- Invitations -----------------------------------------------------------------------------


def _invitation_refused(request: HttpRequest, error: ValidationError) -> HttpResponse:
    # Someone else used the link between showing the form and submitting it.
    reason = " ".join(error.messages)
    return render(request, "accounts/invitation_invalid.html", {"reason": reason}, status=409)


@require_http_methods(["GET", "POST"])
def invitation_accept_view(request: HttpRequest, token: str) -> HttpResponse:
    invitation = invitation_from_token(token)
    if invitation is None:
        return render(
            request,
            "accounts/invitation_invalid.html",
            {"reason": _("This invitation link is not valid.")},
            status=404,
        )
    if not invitation.is_usable:
        reasons = {
            "accepted": _("This invitation has already been used."),
            "revoked": _("This invitation was withdrawn."),
            "expired": _("This invitation has expired. Ask for a new one."),
        }
        return render(
            request,
            "accounts/invitation_invalid.html",
            {"reason": reasons[invitation.status]},
            status=410,
        )
    existing = User.objects.filter(email__iexact=invitation.email).first()
    if existing is not None and not existing.has_joined:
        # The account made when they were invited: they choose its name and password here.
        existing = None
    context = {"invitation": invitation, "existing": existing}
    if existing is not None:
        # Joining with an existing account needs that account signed in.
        if request.user != existing:
            return render(request, "accounts/invitation_login.html", context)
        if request.method == "POST":
            try:
                invitation_accept(invitation=invitation, user=existing, request=request)
            except ValidationError as error:
                return _invitation_refused(request, error)
            if invitation.client:
                joined = _("You joined %(client)s.") % {"client": invitation.client}
            else:
                joined = _("You joined the provider team.")
            messages.success(request, joined)
            return redirect("work:home")
        return render(request, "accounts/invitation_join.html", context)

    form = AcceptInvitationForm(
        request.POST if request.method == "POST" else None,
        initial={"full_name": invitation.full_name},
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                user = invitation_accept(
                    invitation=invitation,
                    full_name=form.cleaned_data["full_name"],
                    password=form.cleaned_data["password1"],
                    request=request,
                )
            except ValidationError as error:
                return _invitation_refused(request, error)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome to Outhire."))
            return redirect("work:home")
        return render(
            request, "accounts/invitation_accept.html", {**context, "form": form}, status=400
        )
    return render(request, "accounts/invitation_accept.html", {**context, "form": form})
