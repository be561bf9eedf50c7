"""The one table of a requisition's status changes: what each action does, from where, and who.

Every change of `Requisition.status` (pages, API, services, hires) is an action looked up here:
`TRANSITIONS[(from_status, action)]` is where it leads, and a pair that is not in the table is
refused. `ACTORS[action]` says who may take it by hand:

- staff: provider staff who may write for the client (any provider role);
- requester: whoever may raise a requisition for the client: its provider staff, and its own
  client admins, client recruiters and hiring managers (a hiring manager for the requisitions
  they raised or manage; `services.requisition_may` checks that part);
- approver: whoever the client's approval chain waits for (`approval_decide` checks the turn);
- system: no one by hand; it happens as a consequence of something else (a hire fills the last
  opening, a hire falls through, a submission to a client without an approval chain).

In particular a requisition leaves `pending_approval` for `open` only through the chain's last
approval: "resume" is for a requisition on hold, never a way round the client's approvers.
"""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import ValidationError
from django.utils.translation import get_language, gettext, gettext_lazy

from outhire.accounts.roles import PROVIDER_ROLES, Role
from outhire.requisitions.models import Requisition

Status = Requisition.Status


class Action(StrEnum):
    SUBMIT = "submit"  # send a draft to the client's approval chain
    APPROVE = "approve"  # the chain's last approval (or a submission with no chain) opens it
    SEND_BACK = "send_back"  # an approver returns it to draft, saying why
    HOLD = "hold"
    RESUME = "resume"  # back from hold
    CANCEL = "cancel"
    FILL = "fill"  # a hire took the last free opening
    REOPEN = "reopen"  # a hire fell through: an opening is free again


class Actor(StrEnum):
    STAFF = "staff"
    REQUESTER = "requester"
    APPROVER = "approver"
    SYSTEM = "system"


TRANSITIONS: dict[tuple[Status, Action], Status] = {
    (Status.DRAFT, Action.SUBMIT): Status.PENDING_APPROVAL,
    (Status.DRAFT, Action.CANCEL): Status.CANCELLED,
    (Status.PENDING_APPROVAL, Action.APPROVE): Status.OPEN,
    (Status.PENDING_APPROVAL, Action.SEND_BACK): Status.DRAFT,
    (Status.PENDING_APPROVAL, Action.CANCEL): Status.CANCELLED,
    (Status.OPEN, Action.HOLD): Status.ON_HOLD,
    (Status.OPEN, Action.CANCEL): Status.CANCELLED,
    (Status.OPEN, Action.FILL): Status.FILLED,
    (Status.ON_HOLD, Action.RESUME): Status.OPEN,
    (Status.ON_HOLD, Action.CANCEL): Status.CANCELLED,
    (Status.FILLED, Action.REOPEN): Status.OPEN,
}

ACTORS: dict[Action, Actor] = {
    Action.SUBMIT: Actor.REQUESTER,
    Action.APPROVE: Actor.APPROVER,
    Action.SEND_BACK: Actor.APPROVER,
    Action.HOLD: Actor.STAFF,
    Action.RESUME: Actor.STAFF,
    Action.CANCEL: Actor.STAFF,
    Action.FILL: Actor.SYSTEM,
    Action.REOPEN: Actor.SYSTEM,
}

# The roles that may take an action by hand, per kind of actor. An approver may hold any role
# of the client (or the provider): the approval chain names them, not their role.
# The client's own people who raise requisitions (and submit them to the approval chain);
# interviewers only read.
CLIENT_REQUESTERS = frozenset({Role.CLIENT_ADMIN, Role.CLIENT_RECRUITER, Role.HIRING_MANAGER})

ROLES: dict[Actor, frozenset[Role]] = {
    Actor.STAFF: frozenset(PROVIDER_ROLES),
    Actor.REQUESTER: frozenset(PROVIDER_ROLES) | CLIENT_REQUESTERS,
    Actor.APPROVER: frozenset(Role),
    Actor.SYSTEM: frozenset(),
}

# Said after "A requisition that is <status> cannot become <status>." when it helps.
HINTS: dict[tuple[Status, Action], str] = {
    (Status.PENDING_APPROVAL, Action.RESUME): (
        gettext_lazy("It opens when the client's approvers have approved it.")
    ),
    (Status.DRAFT, Action.RESUME): gettext_lazy("Submit it for approval first."),
    (Status.DRAFT, Action.HOLD): gettext_lazy("Only an open requisition can be put on hold."),
    (Status.FILLED, Action.RESUME): (
        gettext_lazy("It opens again by itself when a hire falls through and frees an opening.")
    ),
    (Status.FILLED, Action.CANCEL): gettext_lazy(
        "Every opening is filled: there is nothing to cancel."
    ),
}

# Where each action leads, whatever the status it starts from (for messages).
TARGETS: dict[Action, Status] = {action: to for (_, action), to in TRANSITIONS.items()}


def status_word(status: Status) -> str:
    """A status's label inside a sentence: lower case in English ("on hold"); other languages
    keep the label's own case (German nouns start with a capital)."""
    label = str(status.label)
    return label.lower() if (get_language() or "en").startswith("en") else label


class TransitionRefused(ValidationError):
    """The requisition's status does not allow this action now (the page or the call was stale,
    or the action is not one for this status). Nothing was written."""

    def __init__(self, status: str, action: Action, *, message: str = "") -> None:
        current, target = Status(status), TARGETS[Action(action)]
        if not message:
            message = gettext("A requisition that is %(current)s cannot become %(target)s.") % {
                "current": status_word(current),
                "target": status_word(target),
            }
            hint = HINTS.get((current, Action(action)))
            message = f"{message} {hint}" if hint else message
        super().__init__(message, code="invalid_transition")
        self.status = current
        self.action = Action(action)


def target(status: str, action: Action) -> Status:
    """The status `action` leads to from `status`; TransitionRefused when the table has no way."""
    to = TRANSITIONS.get((Status(status), Action(action)))
    if to is None:
        raise TransitionRefused(status, action)
    return to


def role_may(role: Role | None, action: Action) -> bool:
    """Whether someone holding `role` for the requisition's client may take `action` by hand."""
    return role is not None and Role(role) in ROLES[ACTORS[Action(action)]]


def actions_from(status: str) -> set[Action]:
    """The actions the table allows from `status` (by anyone, the system included)."""
    return {action for (start, action) in TRANSITIONS if start == Status(status)}
