"""The chain's rules in plain Python (no database): plans, rounds, turns and outcomes."""

from __future__ import annotations

from dataclasses import dataclass

from outhire.approvals import chain
from outhire.approvals.chain import Outcome, PlannedStep, Refusal

HANK, CARLA, ALICE, RITA = 1, 2, 3, 4


@dataclass
class Step:
    round: int
    position: int
    approver_id: int
    decision: str = chain.PENDING


def round_of(number: int, *approvers: int, decisions: tuple[str, ...] = ()) -> list[Step]:
    steps = [Step(number, n, uid) for n, uid in enumerate(approvers, start=1)]
    for step, decision in zip(steps, decisions, strict=False):
        step.decision = decision
    return steps


def test_it_plans_the_chain_in_order():
    assert chain.plan([HANK, CARLA]) == [PlannedStep(1, HANK), PlannedStep(2, CARLA)]


def test_it_plans_nobody_without_a_chain():
    assert chain.plan([]) == []


def test_the_extra_approver_comes_last():
    assert chain.plan([HANK, CARLA], extra=ALICE) == [
        PlannedStep(1, HANK),
        PlannedStep(2, CARLA),
        PlannedStep(3, ALICE, extra=True),
    ]


def test_the_extra_approver_alone_is_the_whole_round():
    assert chain.plan([], extra=ALICE) == [PlannedStep(1, ALICE, extra=True)]


def test_an_extra_approver_already_in_the_chain_is_asked_once_in_their_place():
    assert chain.plan([HANK, ALICE, CARLA], extra=ALICE) == [
        PlannedStep(1, HANK),
        PlannedStep(2, ALICE, extra=True),
        PlannedStep(3, CARLA),
    ]


def test_rounds_are_numbered_from_one():
    assert chain.next_round([]) == 1
    first = round_of(1, HANK, CARLA, decisions=(chain.REJECTED,))
    assert chain.next_round(first) == 2
    assert chain.next_round([*first, *round_of(2, HANK)]) == 3


def test_the_current_round_is_the_latest_in_order():
    steps = [*round_of(2, HANK, CARLA), *round_of(1, HANK, decisions=(chain.REJECTED,))]
    steps.reverse()
    assert [(s.round, s.position) for s in chain.current_round(steps)] == [(2, 1), (2, 2)]
    assert chain.current_round([]) == []


def test_the_first_pending_step_of_the_current_round_waits():
    steps = round_of(1, HANK, CARLA, ALICE, decisions=(chain.APPROVED,))
    assert chain.waiting_step(steps).approver_id == CARLA
    assert chain.waiting_step(round_of(1, HANK, decisions=(chain.APPROVED,))) is None
    assert chain.waiting_step([]) is None


def test_a_pending_step_left_in_an_old_round_does_not_wait():
    # Not left by the services (a send-back drops them), but the latest round is what counts.
    old = round_of(1, HANK, CARLA, decisions=(chain.REJECTED,))
    new = round_of(2, CARLA, decisions=(chain.APPROVED,))
    assert chain.waiting_step([*old, *new]) is None


def test_it_is_the_waiting_approvers_turn_only():
    steps = round_of(1, HANK, CARLA, decisions=(chain.APPROVED,))
    assert chain.refusal(steps, CARLA) is None
    assert chain.refusal(steps, HANK) is Refusal.ALREADY_DECIDED
    assert chain.refusal(steps, RITA) is Refusal.NOT_AN_APPROVER
    assert chain.refusal(round_of(1, HANK, CARLA), CARLA) is Refusal.NOT_YET


def test_only_the_current_round_makes_an_approver():
    # Hank approved round 1 and was taken out of the chain before round 2.
    old = round_of(1, HANK, CARLA, decisions=(chain.APPROVED, chain.REJECTED))
    new = round_of(2, CARLA)
    assert chain.refusal([*old, *new], HANK) is Refusal.NOT_AN_APPROVER
    assert chain.refusal([*old, *new], CARLA) is None


def test_a_new_round_asks_again_whoever_decided_before():
    old = round_of(1, HANK, CARLA, decisions=(chain.APPROVED, chain.REJECTED))
    new = round_of(2, HANK, CARLA)
    assert chain.refusal([*old, *new], HANK) is None
    assert chain.refusal([*old, *new], CARLA) is Refusal.NOT_YET


def test_the_last_approval_approves():
    steps = round_of(1, HANK, CARLA, decisions=(chain.APPROVED, chain.APPROVED))
    assert chain.outcome(steps, approve=True) is Outcome.APPROVED


def test_an_approval_before_the_last_waits_for_the_next():
    steps = round_of(1, HANK, CARLA, decisions=(chain.APPROVED,))
    assert chain.outcome(steps, approve=True) is Outcome.WAITING


def test_a_send_back_ends_the_round():
    steps = round_of(1, HANK, CARLA, ALICE, decisions=(chain.REJECTED,))
    assert chain.outcome(steps, approve=False) is Outcome.SENT_BACK
    assert [s.approver_id for s in chain.moot(steps, steps[0])] == [CARLA, ALICE]


def test_a_send_back_leaves_other_rounds_alone():
    old = round_of(1, HANK, CARLA, decisions=(chain.APPROVED, chain.REJECTED))
    new = round_of(2, HANK, CARLA, decisions=(chain.REJECTED,))
    assert chain.moot([*old, *new], new[0]) == [new[1]]
