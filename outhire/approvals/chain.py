"""The rules of an approval chain, in plain Python: who decides next, what a decision does.

A subject (a requisition, an offer) is approved through steps: one per approver, numbered by
`position`, grouped in `round`s. Submitting starts a new round with the client's chain as it
is then (plus, for offers, the above-band approver); earlier rounds stay as history. Within a
round the steps decide in order: the first pending step is the one waiting. The last approval
approves the subject; one "send back" ends the round (its other pending steps are dropped) and
returns the subject to its author, whose next submission is the next round.

No Django here: the services in `outhire.approvals.services` read and write the rows, these
functions say what the rows mean. Anything with `round`, `position`, `approver_id` and
`decision` attributes is a step.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Protocol, TypeVar

PENDING = "pending"
APPROVED = "approved"
REJECTED = "rejected"  # shown to people as "Sent back"


class Step(Protocol):
    round: int
    position: int
    approver_id: int
    decision: str


S = TypeVar("S", bound=Step)


@dataclass(frozen=True)
class PlannedStep:
    """A step a new round will have: `extra` marks the above-band approver's step."""

    position: int
    approver_id: int
    extra: bool = False


def plan(approver_ids: Sequence[int], *, extra: int | None = None) -> list[PlannedStep]:
    """The steps of a new round: the chain's approvers in order, then `extra` last.

    `extra` (an offer's above-band approver) already in the chain keeps their place there, with
    their step marked, rather than being asked twice. An empty plan means nobody is asked: the
    subject is approved at once.
    """
    ids = list(dict.fromkeys(approver_ids))
    if extra is not None and extra not in ids:
        ids.append(extra)
    return [
        PlannedStep(position=n, approver_id=uid, extra=uid == extra)
        for n, uid in enumerate(ids, start=1)
    ]


def next_round(steps: Iterable[Step]) -> int:
    """The number of the round a submission starts now: one after the last, 1 at first."""
    return max((s.round for s in steps), default=0) + 1


def current_round(steps: Iterable[S]) -> list[S]:
    """The steps of the latest round, in order (empty before the first submission)."""
    steps = list(steps)
    if not steps:
        return []
    latest = max(s.round for s in steps)
    return sorted((s for s in steps if s.round == latest), key=lambda s: s.position)


def waiting_step(steps: Iterable[S]) -> S | None:
    """The step whose decision is awaited now: the first pending one of the latest round."""
    return next((s for s in current_round(steps) if s.decision == PENDING), None)


class Refusal(Enum):
    """Why someone may not decide now."""

    NOT_AN_APPROVER = "not an approver"  # no step of theirs in the current round
    ALREADY_DECIDED = "already decided"  # their step of this round has a decision
    NOT_YET = "not yet"  # an earlier step of this round is still pending


def refusal(steps: Iterable[Step], user_id: int) -> Refusal | None:
    """None when it is `user_id`'s turn to decide, else why not.

    Only the current round counts: an approver of an earlier round who is no longer in the
    chain is not an approver of this one.
    """
    steps = current_round(steps)
    waiting = waiting_step(steps)
    if waiting is not None and waiting.approver_id == user_id:
        return None
    mine = next((s for s in steps if s.approver_id == user_id), None)
    if mine is None:
        return Refusal.NOT_AN_APPROVER
    if mine.decision != PENDING:
        return Refusal.ALREADY_DECIDED
    return Refusal.NOT_YET


class Outcome(Enum):
    """What a decision does to the subject."""

    APPROVED = "approved"  # the last step approved: the subject is approved
    WAITING = "waiting"  # approved, and a later step now waits: tell its approver
    SENT_BACK = "sent back"  # the round ends; the author changes it and submits again


def outcome(steps: Iterable[Step], *, approve: bool) -> Outcome:
    """The outcome of a decision, given the steps with that decision recorded."""
    if not approve:
        return Outcome.SENT_BACK
    return Outcome.WAITING if waiting_step(steps) is not None else Outcome.APPROVED


def moot(steps: Iterable[S], sent_back: Step) -> list[S]:
    """The steps a send-back makes moot: the other pending ones of its round."""
    return [s for s in steps if s.round == sent_back.round and s.decision == PENDING]
