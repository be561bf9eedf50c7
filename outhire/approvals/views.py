"""The set-up page of a client's approval chain, for any kind of chain (requisitions, offers).

Each app routes its own URLs here with its `ChainKind` (`{"kind": ...}` in the URL pattern),
so the URLs and names stay the app's. The chain is the client's own decision: its client
admins and the provider admins edit it (`manage=True`); anyone else gets 403, an outsider 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from outhire.accounts.models import Client
from outhire.accounts.tenancy import get_visible_or_404
from outhire.approvals import services
from outhire.approvals.forms import ApproverForm
from outhire.approvals.kinds import ChainKind
from outhire.lib.forms import apply_errors
from outhire.lib.navigation import redirect_next


def _client(request: HttpRequest, slug: str) -> Client:
    return get_visible_or_404(request.access, Client, slug=slug, manage=True)


@login_required
@require_http_methods(["GET", "POST"])
def chain_setup(request: HttpRequest, slug: str, *, kind: ChainKind) -> HttpResponse:
    client = _client(request, slug)
    form = ApproverForm(request.POST if request.method == "POST" else None, client=client)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.chain_rule_add(
                    kind=kind,
                    client=client,
                    approver=form.cleaned_data["approver"],
                    by=request.user,
                    request=request,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                approver = form.cleaned_data["approver"]
                messages.success(
                    request,
                    _("%(email)s is added.") % {"email": approver.full_name or approver.email},
                )
                return redirect_next(request, kind.setup_url, slug=client.slug)
        status = 400
    rules = kind.rule_model.objects.filter(client=client).select_related("approver")
    context = {"client": client, "rules": rules, "form": form, "kind": kind}
    return render(
        request, kind.setup_template, {**context, **kind.setup_context(client)}, status=status
    )


def _rule(request: HttpRequest, slug: str, kind: ChainKind, ids: dict):
    """The rule named in the URL, of the client's chain, for those who manage the client."""
    client = _client(request, slug)
    return get_visible_or_404(
        request.access,
        kind.rule_model.objects.select_related("approver", "client"),
        manage=True,
        pk=ids[kind.rule_kwarg],
        client=client,
    )


@login_required
@require_POST
def chain_rule_remove(request: HttpRequest, slug: str, *, kind: ChainKind, **ids) -> HttpResponse:
    rule = _rule(request, slug, kind, ids)
    services.chain_rule_remove(rule=rule, by=request.user, request=request)
    messages.success(
        request,
        _("%(full_name)s is no longer in the chain.") % {"full_name": rule.approver.full_name},
    )
    return redirect(kind.setup_url, slug=slug)


@login_required
@require_POST
def chain_rule_move(request: HttpRequest, slug: str, *, kind: ChainKind, **ids) -> HttpResponse:
    rule = _rule(request, slug, kind, ids)
    services.chain_rule_move(
        rule=rule, up=request.POST.get("direction") == "up", by=request.user, request=request
    )
    messages.success(request, _("The chain's order is changed."))
    return redirect(kind.setup_url, slug=slug)
