"""Pre-boarding pages: the checklist under a hire (provider staff and the client's people), the
client's template, and the new hire's page reached by their signed link (no account, no
JavaScript, the client's careers-site look).

Signed-in pages fetch through `get_visible_or_404` (out of reach: 404; an item of another
party: 403). Each page costs the same number of queries whatever the number of items.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from outhire.accounts.branding import brand_context
from outhire.accounts.tenancy import client_to_set_up_or_404, get_visible_or_404, public_page
from outhire.careers.apply.services import max_upload_bytes
from outhire.lib.forms import apply_errors
from outhire.lib.i18n import activate_for_candidate
from outhire.lib.zones import zone_info
from outhire.offers.models import Hire
from outhire.preboarding import services, tokens
from outhire.preboarding.forms import (
    CompleteForm,
    HandOverForm,
    RightToWorkForm,
    TemplateItemForm,
    UploadForm,
)
from outhire.preboarding.models import Checklist, Item, Kind, Party, RightToWorkCheck
from outhire.preboarding.tasks import welcome_message


def _hire(request: HttpRequest, hire_id: int) -> Hire:
    return get_visible_or_404(
        request.access,
        Hire.objects.select_related(
            "client", "application__candidate", "requisition__hiring_manager"
        ),
        pk=hire_id,
    )


def _checklist(hire: Hire) -> Checklist:
    checklist = Checklist.objects.select_related("handed_over_by").filter(hire_id=hire.pk).first()
    if checklist is None:
        raise Http404
    checklist.hire = hire
    return checklist


def _items(checklist: Checklist) -> list[Item]:
    items = list(
        checklist.items.select_related("done_by", "document").prefetch_related(
            Prefetch(
                "checks",
                queryset=RightToWorkCheck.objects.select_related("checked_by").order_by(
                    "-recorded_at", "-id"
                ),
            )
        )
    )
    for item in items:
        item.checklist = checklist
    return items


def _form_for(item: Item, data=None):
    prefix = f"item-{item.pk}"
    if item.kind == Kind.RIGHT_TO_WORK:
        return RightToWorkForm(data, prefix=prefix)
    return CompleteForm(data, prefix=prefix, item=item)


def _page(
    request: HttpRequest,
    hire: Hire,
    checklist: Checklist,
    *,
    bound: tuple[int, object] | None = None,
    hand_over_form: HandOverForm | None = None,
    status: int = 200,
) -> HttpResponse:
    access = request.access
    rows = []
    for item in _items(checklist):
        can_act = checklist.is_open and not item.is_done and services.may_act(access, item)
        form = None
        if can_act:
            form = bound[1] if bound and bound[0] == item.pk else _form_for(item)
        rows.append({"item": item, "form": form, "checks": list(item.checks.all())})
    parties = [
        (value, label, [r for r in rows if r["item"].party == value])
        for value, label in Party.choices
    ]
    done = sum(1 for r in rows if r["item"].is_done)
    return render(
        request,
        "preboarding/checklist.html",
        {
            "hire": hire,
            "checklist": checklist,
            "parties": parties,
            "done": done,
            "total": len(rows),
            "today": timezone.localdate(),
            "can_hand_over": checklist.is_open and services.may_hand_over(access, checklist),
            "hand_over_form": hand_over_form or HandOverForm(),
            **_welcome_context(request, hire, checklist),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET"])
def checklist(request: HttpRequest, hire_id: int) -> HttpResponse:
    hire = _hire(request, hire_id)
    return _page(request, hire, _checklist(hire))


@login_required
@require_POST
def item_action(request: HttpRequest, hire_id: int, preboarding_item_id: int) -> HttpResponse:
    hire = _hire(request, hire_id)
    checklist = _checklist(hire)
    item = get_visible_or_404(request.access, Item, pk=preboarding_item_id, checklist=checklist)
    item.checklist = checklist
    if not services.may_act(request.access, item):
        raise PermissionDenied
    if not checklist.is_open or item.is_done:
        messages.error(request, _("This item can no longer change: the checklist says why."))
        return redirect("preboarding:checklist", hire_id=hire.pk)
    form = _form_for(item, request.POST)
    if form.is_valid():
        try:
            if item.kind == Kind.RIGHT_TO_WORK:
                check = services.rtw_record(
                    item=item, by=request.user, request=request, **form.cleaned_data
                )
                text = (
                    _("The right-to-work check is recorded.")
                    if check.passes
                    else _("The check is recorded; the item stays open for a new check.")
                )
            else:
                services.item_complete(
                    item=item,
                    by=request.user,
                    details=form.cleaned_data["details"],
                    request=request,
                )
                text = _("“%(title)s” is done.") % {"title": item.title}
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, text)
            return redirect("preboarding:checklist", hire_id=hire.pk)
    return _page(request, hire, checklist, bound=(item.pk, form), status=400)


def _welcome_context(request: HttpRequest, hire: Hire, checklist: Checklist) -> dict:
    """The new hire's link, and the welcome e-mail as it will be sent, for those who may send
    it (writers of the client): nothing reaches the new hire before one of them has read it."""
    if not request.access.can_write(hire.client_id):
        return {"welcome_url": "", "welcome_subject": "", "welcome_body": ""}
    url = request.build_absolute_uri(
        reverse("preboarding:welcome", args=[tokens.welcome_token(checklist)])
    )
    subject, body = welcome_message(checklist, url)
    return {"welcome_url": url, "welcome_subject": subject, "welcome_body": body}


@login_required
@require_POST
def welcome_send(request: HttpRequest, hire_id: int) -> HttpResponse:
    """Send the welcome e-mail shown on the checklist page (once)."""
    hire = _hire(request, hire_id)
    checklist = _checklist(hire)
    if not request.access.can_write(hire.client_id):
        raise PermissionDenied
    email = hire.application.candidate.email
    if not email:
        messages.error(
            request, _("The new hire has no e-mail address: give them the link yourself.")
        )
    elif not checklist.is_open:
        messages.error(request, _("This checklist is closed: nothing is sent."))
    elif services.checklist_welcome(checklist=checklist, by=request.user, request=request):
        messages.success(
            request, _("The welcome e-mail is on its way to %(email)s.") % {"email": email}
        )
    else:
        messages.info(request, _("The welcome e-mail had been sent already."))
    return redirect("preboarding:checklist", hire_id=hire.pk)


@login_required
@require_POST
def hand_over(request: HttpRequest, hire_id: int) -> HttpResponse:
    hire = _hire(request, hire_id)
    checklist = _checklist(hire)
    if not services.may_hand_over(request.access, checklist):
        raise PermissionDenied
    form = HandOverForm(request.POST)
    if form.is_valid():
        try:
            services.checklist_hand_over(checklist=checklist, by=request.user, request=request)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The client's HR system has taken the checklist over."))
            return redirect("preboarding:checklist", hire_id=hire.pk)
    checklist.refresh_from_db()
    return _page(request, hire, checklist, hand_over_form=form, status=400)


# --- The client's template ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest, slug: str) -> HttpResponse:
    client = client_to_set_up_or_404(request.access, slug)
    form = TemplateItemForm(request.POST if request.POST.get("action") == "add" else None)
    status = 200
    if request.method == "POST":
        try:
            if request.POST.get("action") == "remove":
                services.template_item_remove(
                    client=client,
                    position=_int(request.POST.get("position")),
                    by=request.user,
                    request=request,
                )
                messages.success(request, _("The item is removed from the template."))
                return redirect("preboarding:setup", slug=client.slug)
            if request.POST.get("action") == "add" and form.is_valid():
                services.template_item_add(
                    client=client, by=request.user, request=request, **form.cleaned_data
                )
                messages.success(
                    request, _("The item is added; new hires' checklists will have it.")
                )
                return redirect("preboarding:setup", slug=client.slug)
            if request.POST.get("action") not in {"add", "remove"}:
                messages.error(request, _("Please use one of the forms on this page."))
                return redirect("preboarding:setup", slug=client.slug)
        except ValidationError as error:
            if request.POST.get("action") == "remove":
                messages.error(request, " ".join(error.messages))
                return redirect("preboarding:setup", slug=client.slug)
            apply_errors(form, error)
        status = 400
    rows = services.template_for(client)
    labels = {"party": dict(Party.choices), "kind": dict(Kind.choices)}
    for row in rows:
        row["party_label"] = labels["party"][row["party"]]
        row["kind_label"] = labels["kind"][row["kind"]]
    return render(
        request,
        "preboarding/setup.html",
        {"client": client, "rows": rows, "form": form},
        status=status,
    )


def _int(value) -> int:
    """A template position, or -1 (which no item has) for anything else."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return -1
    return number if 0 <= number <= 32767 else -1


# --- The new hire's page -----------------------------------------------------------------------


def _upload(request: HttpRequest, item: Item, form: UploadForm, *, max_bytes: int) -> bool:
    """Store the new hire's file for `item`; False with the reason on the form otherwise."""
    if not form.is_valid():
        return False
    upload = form.cleaned_data["file"]
    # The upload handler keeps at most the largest allowed size; past the limit the file is
    # refused by its size before any of it is read.
    if upload.size > max_bytes:
        form.add_error(
            "file",
            _("The file is larger than the %(max_mb)s MB limit.") % {"max_mb": max_bytes // 2**20},
        )
        return False
    try:
        services.document_upload(
            item=item,
            data=upload.read(),
            filename=upload.name,
            max_bytes=max_bytes,
            request=request,
        )
    except ValidationError as error:
        apply_errors(form, error)
        return False
    return True


def _checklist_by_token(token: str) -> Checklist:
    checklist_id = tokens.checklist_from_token(token)
    checklist = (
        Checklist.objects.select_related(
            "client", "hire__application__candidate", "hire__requisition"
        )
        .filter(pk=checklist_id)
        .first()
        if checklist_id
        else None
    )
    if checklist is None:
        raise Http404
    return checklist


@public_page
@never_cache
@require_http_methods(["GET", "POST"])
def welcome(request: HttpRequest, token: str) -> HttpResponse:
    """The new hire's items (upload, confirm) and what the others prepared for them."""
    checklist = _checklist_by_token(token)
    candidate = checklist.hire.application.candidate
    activate_for_candidate(request, candidate)
    with timezone.override(zone_info(candidate.time_zone)):
        response = _welcome(request, token, checklist)
    response["Cache-Control"] = "no-store"
    return response


def _welcome(request: HttpRequest, token: str, checklist: Checklist) -> HttpResponse:
    max_bytes = max_upload_bytes()
    max_mb = max_bytes // 2**20
    items = list(checklist.items.select_related("document"))
    mine = [i for i in items if i.party == Party.NEW_HIRE]
    bound_id, bound_form, status = None, None, 200
    if request.method == "POST":
        item = next((i for i in mine if str(i.pk) == request.POST.get("item", "")), None)
        if item is None:
            messages.error(request, _("Please use one of the buttons on this page."))
            return redirect("preboarding:welcome", token=token)
        item.checklist = checklist
        if item.kind == Kind.DOCUMENT:
            bound_id = item.pk
            bound_form = UploadForm(
                request.POST, request.FILES, max_mb=max_mb, prefix=f"item-{item.pk}"
            )
            if _upload(request, item, bound_form, max_bytes=max_bytes):
                messages.success(
                    request,
                    _("Thank you: we have your file for “%(title)s”.") % {"title": item.title},
                )
                return redirect("preboarding:welcome", token=token)
            status = 400
        else:
            try:
                services.item_complete(item=item, by=None, request=request)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request, _("Thank you: “%(title)s” is done.") % {"title": item.title}
                )
            return redirect("preboarding:welcome", token=token)
    rows = []
    for item in mine:
        form = None
        if checklist.is_open and not item.is_done and item.kind == Kind.DOCUMENT:
            form = (
                bound_form
                if item.pk == bound_id
                else UploadForm(max_mb=max_mb, prefix=f"item-{item.pk}")
            )
        rows.append({"item": item, "form": form})
    shared = [
        i
        for i in items
        if i.party != Party.NEW_HIRE
        and i.is_done
        and i.details
        and i.kind in {Kind.FIRST_DAY, Kind.BUDDY, Kind.EQUIPMENT}
    ]
    return render(
        request,
        "preboarding/welcome.html",
        {
            **brand_context(checklist.client),
            "checklist": checklist,
            "hire": checklist.hire,
            "token": token,
            "rows": rows,
            "shared": shared,
            "done": sum(1 for i in items if i.is_done),
            "total": len(items),
            "today": timezone.localdate(),
        },
        status=status,
    )
