"""The retention rules alone: plain data in, a verdict out, no database."""

from __future__ import annotations

from datetime import UTC, datetime

from outhire.privacy.retention import (
    BUILT_IN,
    HIRED,
    INACTIVE,
    REJECTED,
    ApplicationFacts,
    Months,
    PersonFacts,
    add_months,
    is_due,
    policy_for,
    retention_verdict,
)

ACME, GLOBEX = 1, 2


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def app(status="rejected", client=ACME, country="", ended="2026-01-10", requisition=10):
    return ApplicationFacts(status, client, country, requisition, at(ended) if ended else None)


def person(*apps, consent=False, held=False, last="2026-01-10"):
    return PersonFacts(7, at(last), tuple(apps), consent, held)


def test_it_adds_calendar_months_and_keeps_to_the_months_end():
    assert add_months(at("2026-01-31"), 1) == at("2026-02-28")
    assert add_months(at("2026-11-15"), 3) == at("2027-02-15")
    assert add_months(at("2026-05-05"), 0) == at("2026-05-05")


def test_it_picks_the_most_specific_policy():
    policies = {
        (ACME, "DE"): Months(1, 1, 1),
        (ACME, ""): Months(2, 2, 2),
        (None, "DE"): Months(3, 3, 3),
        (None, ""): Months(4, 4, 4),
    }
    assert policy_for(policies, ACME, "DE") == Months(1, 1, 1)
    assert policy_for(policies, ACME, "FR") == Months(2, 2, 2)
    assert policy_for(policies, GLOBEX, "DE") == Months(3, 3, 3)
    assert policy_for(policies, GLOBEX, "FR") == Months(4, 4, 4)
    assert policy_for(policies, GLOBEX, "") == Months(4, 4, 4)
    del policies[(None, "")]
    assert policy_for(policies, GLOBEX, "FR") == BUILT_IN
    assert policy_for({}, ACME, "DE") == Months(6, 3, 24)


def test_a_rejection_is_due_its_months_after_the_decision():
    verdict = retention_verdict(person(app("rejected")), {(None, ""): Months(6, 3, 24)})
    assert verdict.rule == REJECTED and verdict.due_at == at("2026-07-10")
    withdrawn = retention_verdict(person(app("withdrawn")), {})
    assert withdrawn.rule == REJECTED and withdrawn.due_at == at("2026-07-10")


def test_a_hire_is_due_its_months_after_the_start():
    verdict = retention_verdict(person(app("hired", ended="2026-03-01")), {})
    assert verdict.rule == HIRED and verdict.due_at == at("2026-06-01")


def test_someone_without_applications_is_due_after_their_last_activity():
    policies = {(ACME, ""): Months(1, 1, 1), (None, ""): Months(6, 3, 12)}
    verdict = retention_verdict(person(last="2025-04-01"), policies)
    assert verdict.rule == INACTIVE and verdict.due_at == at("2026-04-01")


def test_an_application_in_progress_keeps_the_person():
    assert retention_verdict(person(app("rejected"), app("active", ended=None)), {}) is None


def test_a_talent_pool_consent_keeps_the_person():
    assert retention_verdict(person(app("rejected"), consent=True), {}) is None
    assert retention_verdict(person(consent=True), {}) is None


def test_the_latest_application_decides_across_clients():
    policies = {(ACME, ""): Months(6, 3, 24), (GLOBEX, "FR"): Months(18, 3, 24)}
    rejected_at_acme = app("rejected", client=ACME, ended="2026-01-10")
    rejected_at_globex = app("rejected", client=GLOBEX, country="FR", ended="2025-12-01")
    hired_at_acme = app("hired", client=ACME, ended="2026-02-01")
    verdict = retention_verdict(person(rejected_at_acme, rejected_at_globex), policies)
    assert verdict.due_at == at("2027-06-01")  # Globex's 18 months win over Acme's 6
    verdict = retention_verdict(person(rejected_at_acme, hired_at_acme), policies)
    assert (verdict.rule, verdict.due_at) == (REJECTED, at("2026-07-10"))
    late_hire = app("hired", client=ACME, ended="2026-06-01")
    verdict = retention_verdict(person(rejected_at_acme, late_hire), policies)
    assert (verdict.rule, verdict.due_at) == (HIRED, at("2026-09-01"))


def test_a_held_person_is_never_due():
    rejected = person(app("rejected"))
    assert is_due(rejected, {}, at("2026-07-10"))
    assert not is_due(rejected, {}, at("2026-07-09"))
    held = person(app("rejected"), held=True)
    assert retention_verdict(held, {}) is not None
    assert not is_due(held, {}, at("2030-01-01"))
