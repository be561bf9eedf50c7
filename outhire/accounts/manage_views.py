"""Provider and client administration: clients, their people, provider staff, API tokens, audit."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from outhire.accounts import audit, services, two_factor
from outhire.accounts.forms import (
    ApiTokenForm,
    AssignStaffForm,
    AuditFilterForm,
    BrandingForm,
    ClientForm,
    InviteForm,
    MembershipRoleForm,
    StaffForm,
)
from outhire.accounts.models import ApiToken, AuditEvent, Client, Invitation, Membership, User
from outhire.accounts.roles import PROVIDER_ROLE_CHOICES, Role
from outhire.accounts.tenancy import get_visible_or_404
from outhire.lib.forms import apply_errors
from outhire.lib.navigation import redirect_next

PROVIDER_SCOPE = "provider"
INVITE_IDS = "invite_%s"


def _require_provider_admin(request: HttpRequest) -> None:
    if not request.access.can_administer_provider:
        raise PermissionDenied


def _invite_from_form(request: HttpRequest, form: InviteForm, client: Client | None) -> bool:
    """Send the invitation the form describes; False (with the errors on the form) if not."""
    if not form.is_valid():
        return False
    try:
        services.invitation_create(
            client=client, by=request.user, request=request, **form.cleaned_data
        )
    except ValidationError as error:
        apply_errors(form, error)
        return False
    messages.success(
        request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]}
    )
    return True


# --- Clients -------------------------------------------------------------------------------


@login_required
def client_list(request: HttpRequest) -> HttpResponse:
    clients = Client.objects.visible_to(request.access).order_by("name")
    return render(request, "accounts/client_list.html", {"clients": clients})


@login_required
@require_http_methods(["GET", "POST"])
def client_create(request: HttpRequest) -> HttpResponse:
    _require_provider_admin(request)
    form = ClientForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            try:
                client = services.client_create(
                    by=request.user, request=request, **form.cleaned_data
                )
            except ValidationError as error:
                apply_errors(form, error)
            except IntegrityError:
                # Someone took the same address between the check and the save.
                form.add_error("slug", _("Another client has just taken this web address."))
            else:
                messages.success(
                    request,
                    _("%(client)s is created. Its set-up checklist shows what comes next.")
                    % {"client": client},
                )
                # The checklist is the onboarding app's page (above this one: named, not imported).
                return redirect("onboarding:checklist", slug=client.slug)
        return render(request, "accounts/client_form.html", {"form": form}, status=400)
    return render(request, "accounts/client_form.html", {"form": form})


def _client_detail_context(request: HttpRequest, client: Client, **forms) -> dict:
    access = request.access
    can_manage = access.can_manage(client.pk)
    memberships = list(
        Membership.objects.filter(client=client).select_related("user").order_by("user__full_name")
    )
    context = {
        "client": client,
        "role": access.role(client.pk),
        "can_manage": can_manage,
        "is_admin": access.can_administer_provider,
        "staff": [m for m in memberships if Role(m.role).is_provider],
        "client_users": [m for m in memberships if not Role(m.role).is_provider],
        "invitations": [],
    }
    if can_manage:
        context["invitations"] = [
            inv
            for inv in Invitation.objects.filter(client=client).order_by("-created_at")[:50]
            if inv.is_usable
        ]
        # Its own ids: the page has the staff form's "Role" too, and each label must find its field.
        context["invite_form"] = forms.get("invite_form") or InviteForm(auto_id=INVITE_IDS)
    if access.can_administer_provider:
        context["assign_form"] = forms.get("assign_form") or AssignStaffForm(client=client)
    return context


@login_required
def client_detail(request: HttpRequest, slug: str) -> HttpResponse:
    client = get_visible_or_404(request.access, Client, slug=slug)
    return render(request, "accounts/client_detail.html", _client_detail_context(request, client))


@login_required
@require_http_methods(["GET", "POST"])
def client_branding(request: HttpRequest, slug: str) -> HttpResponse:
    client = get_visible_or_404(request.access, Client, slug=slug, manage=True)
    original = {name: getattr(client, name) for name in BrandingForm.Meta.fields}
    form = BrandingForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        instance=client,
    )
    if request.method == "POST":
        if form.is_valid():
            changed = {name: form.cleaned_data[name] for name in form.changed_data}
            # The form mutated the instance while validating; start from the stored values.
            for name, value in original.items():
                setattr(client, name, value)
            if changed:
                services.client_update(
                    client=client, fields=changed, by=request.user, request=request
                )
            messages.success(request, _("Branding saved."))
            return redirect_next(request, "accounts:client_detail", slug=client.slug)
        return render(
            request, "accounts/client_branding.html", {"form": form, "client": client}, status=400
        )
    return render(request, "accounts/client_branding.html", {"form": form, "client": client})


@login_required
@require_POST
def client_invite(request: HttpRequest, slug: str) -> HttpResponse:
    client = get_visible_or_404(request.access, Client, slug=slug, manage=True)
    form = InviteForm(request.POST, auto_id=INVITE_IDS)
    if _invite_from_form(request, form, client):
        return redirect_next(request, "accounts:client_detail", slug=client.slug)
    context = _client_detail_context(request, client, invite_form=form)
    return render(request, "accounts/client_detail.html", context, status=400)


@login_required
@require_POST
def client_assign_staff(request: HttpRequest, slug: str) -> HttpResponse:
    _require_provider_admin(request)
    client = get_visible_or_404(request.access, Client, slug=slug, manage=True)
    form = AssignStaffForm(request.POST, client=client)
    if form.is_valid():
        try:
            services.membership_set(
                client=client,
                user=form.cleaned_data["user"],
                role=form.cleaned_data["role"],
                by=request.user,
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("%(person)s is assigned to %(client)s.")
                % {"person": form.cleaned_data["user"], "client": client},
            )
            return redirect_next(request, "accounts:client_detail", slug=client.slug)
    context = _client_detail_context(request, client, assign_form=form)
    return render(request, "accounts/client_detail.html", context, status=400)


def _membership_for_change(request: HttpRequest, slug: str, membership_id: int) -> Membership:
    client = get_visible_or_404(request.access, Client, slug=slug, manage=True)
    membership = get_visible_or_404(
        request.access,
        Membership.objects.select_related("user", "client"),
        pk=membership_id,
        client=client,
        manage=True,
    )
    # Client admins manage their own people; only the provider assigns its staff.
    if Role(membership.role).is_provider and not request.access.can_administer_provider:
        raise PermissionDenied
    return membership


@login_required
@require_POST
def membership_role(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    membership = _membership_for_change(request, slug, membership_id)
    form = MembershipRoleForm(request.POST, provider_side=Role(membership.role).is_provider)
    if form.is_valid():
        if membership.user == request.user and form.cleaned_data["role"] != membership.role:
            messages.error(request, _("You cannot change your own role."))
        else:
            services.membership_set(
                client=membership.client,
                user=membership.user,
                role=form.cleaned_data["role"],
                by=request.user,
                request=request,
            )
            messages.success(
                request,
                _("%(person)s is now %(role)s.")
                % {"person": membership.user, "role": Role(form.cleaned_data["role"]).label},
            )
    else:
        messages.error(request, _("Choose one of the listed roles."))
    if request.htmx:
        membership.refresh_from_db()
        return render(
            request,
            "accounts/_membership_row.html",
            {
                "m": membership,
                "client": membership.client,
                "can_manage": True,
                "is_admin": request.access.can_administer_provider,
                # The answer also refreshes the page's messages (an htmx out-of-band swap)
                "oob": True,
            },
        )
    return redirect("accounts:client_detail", slug=slug)


@login_required
@require_POST
def membership_remove(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    membership = _membership_for_change(request, slug, membership_id)
    if membership.user == request.user:
        messages.error(request, _("You cannot remove yourself."))
    else:
        services.membership_remove(membership=membership, by=request.user, request=request)
        messages.success(
            request,
            _("%(person)s no longer has access to %(client)s.")
            % {"person": membership.user, "client": membership.client},
        )
    return redirect("accounts:client_detail", slug=slug)


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, slug: str, invitation_id: int) -> HttpResponse:
    client = get_visible_or_404(request.access, Client, slug=slug, manage=True)
    invitation = get_visible_or_404(
        request.access, Invitation, pk=invitation_id, client=client, manage=True
    )
    if invitation.accepted_at is None and invitation.revoked_at is None:
        services.invitation_revoke(invitation=invitation, by=request.user, request=request)
        messages.success(request, _("The invitation is withdrawn; its link no longer works."))
    return _back(request, slug)


def _back(request: HttpRequest, slug: str) -> HttpResponse:
    """To the page the form was on (My work lists expired invitations), else the client's."""
    target = request.POST.get("next", "")
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return redirect(target)
    return redirect("accounts:client_detail", slug=slug)


@login_required
@require_POST
def invitation_renew(request: HttpRequest, slug: str, invitation_id: int) -> HttpResponse:
    client = get_visible_or_404(request.access, Client, slug=slug, manage=True)
    invitation = get_visible_or_404(
        request.access, Invitation, pk=invitation_id, client=client, manage=True
    )
    try:
        services.invitation_renew(invitation=invitation, by=request.user, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The invitation is sent again, with a new link."))
    return _back(request, slug)


# --- Provider staff ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def staff_list(request: HttpRequest) -> HttpResponse:
    _require_provider_admin(request)
    form = InviteForm(
        request.POST if request.method == "POST" else None, roles=PROVIDER_ROLE_CHOICES
    )
    status = 200
    if request.method == "POST":
        if _invite_from_form(request, form, None):
            return redirect("accounts:staff_list")
        status = 400
    staff = User.objects.exclude(provider_role="").prefetch_related("memberships__client")
    pending = [i for i in Invitation.objects.filter(client__isnull=True)[:50] if i.is_usable]
    return render(
        request,
        "accounts/staff_list.html",
        {"staff": staff, "form": form, "pending": pending},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def staff_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    _require_provider_admin(request)
    person = User.objects.exclude(provider_role="").filter(pk=user_id).first()
    if person is None:
        raise Http404
    initial = {
        "full_name": person.full_name,
        "provider_role": person.provider_role,
        "is_active": person.is_active,
    }
    form = StaffForm(request.POST if request.method == "POST" else None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            fields = {k: v for k, v in form.cleaned_data.items() if initial[k] != v}
            if person == request.user and ("provider_role" in fields or "is_active" in fields):
                form.add_error(None, _("You cannot change your own role or deactivate yourself."))
            else:
                with transaction.atomic():
                    services.user_update(
                        user=person, fields=fields, by=request.user, request=request
                    )
                    if "provider_role" in fields and fields["provider_role"] != Role.ADMIN:
                        # Keep client assignments on the same side as the new role.
                        person.memberships.update(role=fields["provider_role"])
                messages.success(request, _("%(person)s is saved.") % {"person": person})
                return redirect("accounts:staff_detail", user_id=person.pk)
    assignments = person.memberships.select_related("client")
    return render(
        request,
        "accounts/staff_detail.html",
        {"person": person, "form": form, "assignments": assignments},
        status=status,
    )


@login_required
@require_POST
def staff_two_factor_reset(request: HttpRequest, user_id: int) -> HttpResponse:
    """For a colleague who lost their authenticator and their recovery codes."""
    _require_provider_admin(request)
    person = User.objects.exclude(provider_role="").filter(pk=user_id).first()
    if person is None:
        raise Http404
    if person == request.user:
        messages.error(request, _("Use a recovery code to sign in, then set up a new device."))
    elif person.has_2fa:
        two_factor.disable(person)
        audit.record("two_factor.reset", request=request, obj=person)
        if person.requires_2fa:
            done = _(
                "Two-factor authentication of %(person)s is reset; they set it up again at "
                "their next sign-in."
            )
        else:
            done = _("Two-factor authentication of %(person)s is reset.")
        messages.success(request, done % {"person": person})
    return redirect("accounts:staff_detail", user_id=person.pk)


# --- API tokens ----------------------------------------------------------------------------


def _token_scopes(request: HttpRequest) -> list[tuple[str, str]]:
    access = request.access
    scopes = []
    if access.can_administer_provider:
        scopes.append((PROVIDER_SCOPE, _("The provider (every client you can see)")))
    managed = Client.objects.visible_to(access).order_by("name")
    scopes += [(c.slug, c.name) for c in managed if access.can_manage(c.pk)]
    return scopes


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    scopes = _token_scopes(request)
    if not scopes:
        raise PermissionDenied
    form = ApiTokenForm(request.POST if request.method == "POST" else None, scopes=scopes)
    context: dict = {"form": form}
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            scope = form.cleaned_data["scope"]
            client = None
            if scope != PROVIDER_SCOPE:
                client = get_visible_or_404(request.access, Client, slug=scope, manage=True)
            try:
                token, secret = services.api_token_create(
                    name=form.cleaned_data["name"],
                    client=client,
                    can_write=form.cleaned_data["can_write"],
                    by=request.user,
                    request=request,
                )
            except (ValidationError, IntegrityError) as error:
                form.add_error(None, _("The token could not be made: %(error)s") % {"error": error})
            else:
                context.update(new_token=token, secret=secret, form=ApiTokenForm(scopes=scopes))
                status = 201
    context["tokens"] = ApiToken.objects.manageable_by(request.access).select_related(
        "client", "created_by"
    )
    return render(request, "accounts/api_tokens.html", context, status=status)


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = ApiToken.objects.manageable_by(request.access).filter(pk=token_id).first()
    if token is None:
        raise Http404
    if token.revoked_at is None:
        services.api_token_revoke(token=token, by=request.user, request=request)
        messages.success(request, _("Token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("accounts:api_tokens")


# --- Audit trail ---------------------------------------------------------------------------


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    _require_provider_admin(request)
    form = AuditFilterForm(request.GET or None)
    events = AuditEvent.objects.select_related("client")
    if form.is_valid():
        data = form.cleaned_data
        if data["action"]:
            events = events.filter(action__startswith=data["action"])
        if data["client"]:
            events = events.filter(client=data["client"])
        if data["actor"]:
            events = events.filter(actor_label__icontains=data["actor"])
        if data["since"]:
            events = events.filter(at__date__gte=data["since"])
        if data["until"]:
            events = events.filter(at__date__lte=data["until"])
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "accounts/audit_log.html", {"form": form, "page": page, "query": query.urlencode()}
    )
