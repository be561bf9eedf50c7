"""Single sign-on pages: start (work e-mail → the client's IdP), the IdP's return, and each
client's settings. The protocol is in oidc.py, the decisions in sso.py; docs/sso.md."""

from __future__ import annotations

import time

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from outhire.accounts import audit, sso
from outhire.accounts.forms import SingleSignOnForm, SingleSignOnStartForm
from outhire.accounts.models import Client, SingleSignOn
from outhire.accounts.oidc import OIDCError, PendingSignIn, authorization_url, exchange_code
from outhire.accounts.oidc import claims_of as oidc_claims_of
from outhire.accounts.tenancy import get_visible_or_404, public_page
from outhire.accounts.views import _safe_next
from outhire.lib.navigation import redirect_next

PENDING_KEY = "outhire_sso_pending"
# Long enough to type a password and answer the IdP's second factor.
PENDING_SECONDS = 600


def _callback_url(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("accounts:sso_callback"))


@public_page
@require_http_methods(["GET", "POST"])
def sso_start(request: HttpRequest) -> HttpResponse:
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if request.user.is_authenticated:
        return redirect(next_url)
    form = SingleSignOnStartForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            email = form.cleaned_data["email"].lower()
            sign_on = sso.sign_on_for_email(email)
            if sign_on is None:
                form.add_error(
                    "email",
                    _(
                        "No single sign-on is set up for %(domain)s. "
                        "Sign in with your password, or ask your administrator."
                    )
                    % {"domain": email.rpartition("@")[2]},
                )
            else:
                try:
                    provider = sso.provider_of(sign_on)
                except OIDCError as error:
                    audit.record(
                        "sso.failed",
                        request=request,
                        client=sign_on.client,
                        actor_label="single sign-on",
                        changes={"reason": str(error)},
                    )
                    form.add_error(
                        None,
                        _(
                            "%(client)s's sign-on service cannot be reached just now. "
                            "Try again in a few minutes, or tell your administrator."
                        )
                        % {"client": sign_on.client.name},
                    )
                else:
                    pending = PendingSignIn.new()
                    request.session[PENDING_KEY] = {
                        "state": pending.state,
                        "nonce": pending.nonce,
                        "verifier": pending.verifier,
                        "sign_on": sign_on.pk,
                        "next": next_url,
                        "at": time.time(),
                    }
                    url = authorization_url(
                        provider,
                        client_id=sign_on.oidc_client_id,
                        redirect_uri=_callback_url(request),
                        pending=pending,
                        scopes=sign_on.scopes,
                        login_hint=email,
                    )
                    # Not a redirect: the browser would check it against this page's CSP
                    # form-action 'self' and stop. A page that moves on by itself (and has a
                    # link) leaves by an ordinary navigation, with or without JavaScript.
                    response = render(
                        request,
                        "accounts/sso_redirect.html",
                        {"url": url, "client": sign_on.client},
                    )
                    response["Cache-Control"] = "no-store"
                    return response
    # Carried on only when one was asked for: a bare "/" would show "Back to where you were".
    asked = request.POST.get("next") or request.GET.get("next")
    context = {"form": form, "next": next_url if asked else ""}
    return render(request, "accounts/sso_start.html", context, status=status)


def _refused(request: HttpRequest, message: str, status: int = 403) -> HttpResponse:
    return render(request, "accounts/sso_refused.html", {"message": message}, status=status)


@public_page
@require_GET
def sso_callback(request: HttpRequest) -> HttpResponse:
    stored = request.session.pop(PENDING_KEY, None)
    if not stored or time.time() - stored["at"] > PENDING_SECONDS:
        return _refused(
            request,
            _("This sign-in was not started here, or it took too long. Please start again."),
            status=400,
        )
    if request.GET.get("state") != stored["state"]:
        return _refused(request, _("This answer is not for the sign-in we started."), status=400)
    sign_on = (
        SingleSignOn.objects.filter(pk=stored["sign_on"], enabled=True)
        .select_related("client")
        .first()
    )
    if sign_on is None:
        return _refused(request, _("This organisation's single sign-on has been switched off."))
    if request.GET.get("error"):
        # The IdP said no (the person cancelled, or is not allowed into the application).
        error = request.GET.get("error", "")[:100]
        audit.record(
            "sso.failed",
            request=request,
            client=sign_on.client,
            actor_label="single sign-on",
            changes={"reason": f"identity provider: {error}"},
        )
        return _refused(request, _("Your organisation's sign-on did not let you in."))
    code = request.GET.get("code", "")
    if not code or len(code) > 2048:
        return _refused(request, _("The sign-on sent no code back."), status=400)
    pending = PendingSignIn(
        state=stored["state"], nonce=stored["nonce"], verifier=stored["verifier"]
    )
    try:
        provider = sso.provider_of(sign_on)
        id_token = exchange_code(
            provider,
            client_id=sign_on.oidc_client_id,
            client_secret=sign_on.client_secret,
            code=code,
            redirect_uri=_callback_url(request),
            pending=pending,
        )
        claims = _claims(id_token, provider, sign_on, pending)
        user = sso.sign_on_user(sign_on=sign_on, claims=claims, request=request)
    except (OIDCError, sso.SignOnRefused) as error:
        with translation.override("en-gb"):  # the audit trail's words stay English
            reason = str(error)
        audit.record(
            "sso.failed",
            request=request,
            client=sign_on.client,
            actor_label="single sign-on",
            changes={"reason": reason},
        )
        if isinstance(error, sso.SignOnRefused):
            return _refused(request, str(error))
        return _refused(
            request,
            _(
                "We could not complete the sign-in with your organisation's sign-on. "
                "Please try again; if it keeps happening, tell your administrator."
            ),
            status=502,
        )
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    audit.record(
        "login.succeeded",
        actor=user,
        request=request,
        client=sign_on.client,
        changes={"method": "single sign-on"},
    )
    return redirect(stored["next"])


def _claims(id_token: str, provider, sign_on: SingleSignOn, pending: PendingSignIn) -> dict:
    try:
        return oidc_claims_of(
            id_token,
            provider=provider,
            keys=sso.keys_of(provider),
            client_id=sign_on.oidc_client_id,
            nonce=pending.nonce,
        )
    except OIDCError:
        # A key we have not seen: the IdP may have rotated its keys since we cached them.
        return oidc_claims_of(
            id_token,
            provider=provider,
            keys=sso.keys_of(provider, fresh=True),
            client_id=sign_on.oidc_client_id,
            nonce=pending.nonce,
        )


@login_required
@require_http_methods(["GET", "POST"])
def client_sso(request: HttpRequest, slug: str) -> HttpResponse:
    client = get_visible_or_404(request.access, Client, slug=slug, manage=True)
    sign_on = SingleSignOn.objects.filter(client=client).first()
    form = SingleSignOnForm(
        request.POST if request.method == "POST" else None,
        instance=sign_on or SingleSignOn(client=client),
    )
    context = {"form": form, "client": client, "callback_url": _callback_url(request)}
    if request.method == "POST":
        if form.is_valid():
            candidate = form.save(commit=False)
            problem = None
            if candidate.enabled:
                try:
                    sso.check_provider(candidate)
                except OIDCError as error:
                    problem = str(error)
            if problem:
                form.add_error(
                    "issuer",
                    _("%(problem)s Sign-in stays off until this works.") % {"problem": problem},
                )
            else:
                candidate.updated_at = timezone.now()
                candidate.save()
                audit.record(
                    "sso.settings_changed",
                    request=request,
                    obj=candidate,
                    client=client,
                    changes={
                        name: "changed" if name == "client_secret" else form.cleaned_data[name]
                        for name in form.changed_data
                    },
                )
                messages.success(
                    request,
                    _("Single sign-on saved and the identity provider answered.")
                    if candidate.enabled
                    else _("Single sign-on saved; it is switched off."),
                )
                return redirect_next(request, "accounts:client_detail", slug=client.slug)
        return render(request, "accounts/client_sso.html", context, status=400)
    return render(request, "accounts/client_sso.html", context)
