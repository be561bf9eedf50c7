"""Pre-boarding in the JSON API: a hire's checklist, completing an item, and the hand-over to
the client's HR system, with the same rules as the pages (docs/preboarding.md#api)."""

# No `from __future__ import annotations` here: django-ninja reads the annotations.

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from outhire.accounts import api_auth
from outhire.accounts.tenancy import get_visible_or_404
from outhire.offers.models import Hire
from outhire.preboarding import services
from outhire.preboarding.models import Checklist, Item

router = Router(
    tags=["preboarding"],
    auth=api_auth.path_checked_auth(
        {
            "hire_id": api_auth.visible(Hire),
            "preboarding_item_id": api_auth.visible(Item),
        }
    ),
)


class CheckOut(Schema):
    outcome: str
    method: str
    checked_on: date


class ItemOut(Schema):
    id: int
    title: str
    description: str
    party: str = Field(description="provider, client or new_hire")
    kind: str = Field(description="document, right_to_work, equipment, first_day, buddy or task")
    due_on: date
    status: str = Field(description="open, done or handed_over")
    done_at: datetime | None
    details: str


class ChecklistOut(Schema):
    hire: int
    status: str = Field(description="open, completed or handed_over")
    items_done: int
    items_total: int
    completed_at: datetime | None
    handed_over_at: datetime | None
    right_to_work: CheckOut | None
    items: list[ItemOut]


class CompleteIn(Schema):
    details: str = Field("", max_length=4000)


class HandOverIn(Schema):
    confirm: bool = Field(description="Must be true: the HR system takes over")


def _checklist(request: HttpRequest, hire_id: int) -> Checklist:
    hire = get_visible_or_404(request.access, Hire, pk=hire_id)
    checklist = (
        Checklist.objects.filter(hire_id=hire.pk).select_related("hire__requisition").first()
    )
    if checklist is None:
        raise Http404
    return checklist


def _out(checklist: Checklist) -> dict:
    items = list(checklist.items.all())
    check = services.latest_check(checklist)
    return {
        "hire": checklist.hire_id,
        "status": checklist.status,
        "items_done": sum(1 for i in items if i.is_done),
        "items_total": len(items),
        "completed_at": checklist.completed_at,
        "handed_over_at": checklist.handed_over_at,
        "right_to_work": check,
        "items": items,
    }


@router.get(
    "/hires/{hire_id}/preboarding",
    response=ChecklistOut,
    summary="A hire's pre-boarding checklist",
)
def checklist_detail(request: HttpRequest, hire_id: int) -> dict:
    return _out(_checklist(request, hire_id))


@router.post(
    "/hires/{hire_id}/preboarding/items/{preboarding_item_id}/complete",
    response=ChecklistOut,
    summary="Mark a provider's or client's item done (not a right-to-work check)",
)
def item_complete(
    request: HttpRequest, hire_id: int, preboarding_item_id: int, payload: CompleteIn
) -> dict:
    checklist = _checklist(request, hire_id)
    item = get_visible_or_404(request.access, Item, pk=preboarding_item_id, checklist=checklist)
    item.checklist = checklist
    if not services.may_act(request.access, item):
        raise PermissionDenied
    services.item_complete(item=item, by=request.user, details=payload.details, request=request)
    checklist.refresh_from_db()
    return _out(checklist)


@router.post(
    "/hires/{hire_id}/preboarding/hand-over",
    response=ChecklistOut,
    summary="Hand the checklist over to the client's HR system (open items freeze)",
)
def hand_over(request: HttpRequest, hire_id: int, payload: HandOverIn) -> dict:
    checklist = _checklist(request, hire_id)
    if not services.may_hand_over(request.access, checklist):
        raise PermissionDenied
    if not payload.confirm:
        raise ValidationError({"confirm": _("Send true to hand the checklist over.")})
    checklist = services.checklist_hand_over(checklist=checklist, by=request.user, request=request)
    return _out(checklist)
