"""No silent side effects: a move asks first when it would e-mail the candidate or skip stages.

A move posted from the board, the application page or the client portal is looked at before
anything happens (`board.move_plan`). When it would send the client's e-mails for that move,
or pass over stages, the person gets a confirmation instead: the stages skipped by name,
"this shares the candidate with <client>" when the move reaches the client's side, and each
e-mail as the candidate would get it, to send as it is, edit, or not send. Confirming posts the
same form again with `confirm=1` and the e-mails as decided; only then is the move made (with
the version the page showed: a move made meanwhile by someone else is still a 409). A move
with nothing to confirm is made at once and sends nothing.

Without JavaScript the confirmation is a page; on the board, drag and drop (and the card's move
form) ask `application_move_preview` first and show the same form in a dialog.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render

from outhire.pipeline.board import MovePlan
from outhire.pipeline.communication.messaging import Draft
from outhire.pipeline.forms import draft_formset
from outhire.pipeline.models import Application

# Fields of the confirmation itself, not of the move it confirms.
OWN_FIELDS = {"csrfmiddlewaretoken", "confirm", "skip_emails"}


@dataclass
class Confirmation:
    """What the confirmation shows: the plan, and who is moved (one, or many in bulk)."""

    plan: MovePlan
    heading: str
    action: str  # where the confirmed form posts
    back: str  # where "Cancel" leads
    application: Application | None = None
    # Bulk: every application moved, and those that skip stages with the stages they skip
    applications: list[Application] = field(default_factory=list)
    skipping: list[tuple[Application, list]] = field(default_factory=list)
    # The e-mails are shown but not editable (client users: the provider's words)
    locked: bool = False
    # The e-mails hold merge fields, filled in for each candidate (bulk)
    merge: bool = False
    client_name: str = ""

    @property
    def needs_confirmation(self) -> bool:
        """E-mails to the candidate, or stages skipped (by one, or by some of a bulk move)."""
        return self.plan.needs_confirmation or bool(self.skipping)


def carried(data: QueryDict) -> list[tuple[str, str]]:
    """The fields of the move being confirmed, to post again with the confirmation."""
    return [
        (name, value)
        for name, values in data.lists()
        for value in values
        if name not in OWN_FIELDS and not name.startswith("email-")
    ]


def settle(
    request: HttpRequest,
    confirmation: Confirmation,
    *,
    data: QueryDict | None = None,
    fragment: bool = False,
) -> tuple[list[Draft] | None, HttpResponse | None]:
    """(the e-mails to send, None) when the move may go ahead now; (None, the confirmation
    page) when the person must see it first, or fix what they wrote in it (400); `fragment`:
    the form alone, for the board's dialog."""
    data = request.POST if data is None else data
    plan = confirmation.plan
    if data.get("confirm") == "1":
        formset = draft_formset(data, merge=confirmation.merge)
        if formset.is_valid():
            return formset.chosen(plan.drafts), None
        return None, page(request, confirmation, formset, data=data, status=400, fragment=fragment)
    if confirmation.needs_confirmation:
        formset = draft_formset(drafts=plan.drafts, merge=confirmation.merge)
        return None, page(request, confirmation, formset, data=data, fragment=fragment)
    return [], None


def page(
    request: HttpRequest,
    confirmation: Confirmation,
    formset,
    *,
    data: QueryDict,
    status: int = 200,
    fragment: bool = False,
) -> HttpResponse:
    """The confirmation as a page, or (`fragment`) as the form alone, for the board's dialog."""
    drafts = confirmation.plan.drafts
    rows = [(form, drafts[n] if n < len(drafts) else None) for n, form in enumerate(formset)]
    context = {
        "c": confirmation,
        "plan": confirmation.plan,
        "formset": formset,
        "rows": rows,
        "carried": carried(data),
        "fragment": fragment,
    }
    template = "pipeline/_move_confirm.html" if fragment else "pipeline/move_confirm.html"
    return render(request, template, context, status=status)
