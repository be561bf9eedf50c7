"""Who retention finds due and when, the run (a preview changes nothing; a run anonymises),
and the periodic job, by travelling in time past each period."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.utils import timezone

from outhire.accounts.models import AuditEvent
from outhire.candidates.models import Candidate, Consent
from outhire.privacy import retention
from outhire.privacy.models import LegalHold, RetentionRun
from outhire.privacy.tasks import apply_retention
from outhire.privacy.tests import retention_world
from outhire.privacy.tests.retention_world import T0, months_after
from outhire.testing import shared_data


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker, tmp_path_factory):
    with shared_data(django_db_blocker, tmp_path_factory.mktemp("retention")):
        yield retention_world.build()


@pytest.fixture
def world(built, db):
    return built


def due_names(world, now) -> set[str]:
    names = {pk: name for name, pk in world["ids"].items()}
    due, _held = retention.retention_due(now=now)
    return {names[record.candidate_id] for record in due if record.candidate_id in names}


def anonymised(world) -> set[str]:
    names = {pk: name for name, pk in world["ids"].items()}
    ids = Candidate.objects.filter(pk__in=names, anonymised_at__isnull=False).values_list(
        "pk", flat=True
    )
    return {names[pk] for pk in ids}


def test_nobody_is_due_before_a_period_is_over(world):
    assert due_names(world, T0) == set()
    assert due_names(world, months_after(2, days=-1)) == set()


def test_each_rule_makes_people_due_at_its_time(world):
    assert due_names(world, months_after(2)) == {"rejected_globex"}
    # The hire started a month after T0 and is kept three months after the start.
    assert due_names(world, months_after(4, days=-1)) == {"rejected_globex"}
    assert due_names(world, months_after(4, days=1)) == {"rejected_globex", "hired"}
    at_six = {"rejected_globex", "hired", "rejected_fr"}
    assert due_names(world, months_after(6)) == at_six
    # Acme's policy for jobs in Germany keeps withdrawals and rejections twelve months.
    at_twelve = at_six | {"rejected_de", "two_clients"}
    assert due_names(world, months_after(12)) == at_twelve
    assert due_names(world, months_after(24)) == at_twelve | {"idle"}


def test_the_latest_date_wins_for_a_person_at_several_clients(world):
    """Rejected by Globex (kept 2 months) and by Acme in Germany (kept 12)."""
    assert "two_clients" not in due_names(world, months_after(11))
    assert "two_clients" in due_names(world, months_after(12))


def test_a_talent_pool_consent_keeps_a_person_until_it_ends(world):
    later = months_after(30)
    assert "pool" not in due_names(world, later)
    consent = Consent.objects.get(candidate=world["people"]["pool"])
    consent.expires_at = months_after(28)
    consent.save()
    assert "pool" in due_names(world, later)
    consent.expires_at = None
    consent.withdrawn_at = timezone.now()
    consent.save()
    assert "pool" in due_names(world, later)


def test_an_application_in_progress_keeps_a_person(world):
    assert "in_progress" not in due_names(world, months_after(60))


def test_holds_on_a_person_or_their_requisition_keep_them_and_are_counted(world):
    due, held = retention.retention_due(now=months_after(6))
    assert held == 2
    assert not {"held_person", "held_requisition"} & due_names(world, months_after(6))
    LegalHold.objects.filter(requisition=world["acme_held"]).update(released_at=timezone.now())
    assert "held_requisition" in due_names(world, months_after(6))
    assert retention.retention_due(now=months_after(6))[1] == 1


def test_merged_and_anonymised_records_are_left_alone(world):
    people = world["people"]
    Candidate.objects.filter(pk=people["rejected_fr"].pk).update(anonymised_at=T0)
    Candidate.objects.filter(pk=people["rejected_globex"].pk).update(
        merged_into=people["in_progress"]
    )
    assert due_names(world, months_after(6)) == {"hired"}


def test_a_preview_counts_and_lists_but_changes_nothing(world):
    before = list(Candidate.objects.values().order_by("pk"))
    run = retention.retention_run(dry_run=True, now=months_after(24), by=world["alice"])
    assert list(Candidate.objects.values().order_by("pk")) == before
    counts = run.counts
    assert run.dry_run and run.finished_at is not None
    assert (counts["rejected"], counts["hired"], counts["inactive"], counts["held"]) == (
        4,
        1,
        1,
        2,
    )
    ids = world["ids"]
    assert [row[0] for row in counts["records"]["inactive"]] == [ids["idle"]]
    assert counts["records"]["hired"] == [[ids["hired"], "2027-05-10"]]
    event = AuditEvent.objects.get(action="privacy.retention_previewed")
    assert event.changes["rejected"] == 4 and "records" not in event.changes


def test_the_job_anonymises_everyone_due_when_time_has_passed(world, time_machine):
    time_machine.move_to(months_after(6))
    result = apply_retention()
    assert anonymised(world) == {"rejected_globex", "hired", "rejected_fr"}
    run = RetentionRun.objects.get(dry_run=False)
    assert run.by is None and run.finished_at is not None
    assert run.counts == {
        "rejected": 2,
        "hired": 1,
        "inactive": 0,
        "held": 2,
        "failed": 0,
        "remaining": 0,
        "skipped": 0,
    }
    assert f"retention run #{run.pk}" in result
    event = AuditEvent.objects.get(action="privacy.retention_run")
    assert event.actor_label == "the retention job"
    assert event.changes == run.counts
    # Counts only: no name, no record number.
    assert "Retentiontest" not in str(event.changes) and "Rejected_Fr" not in str(event.changes)
    # Each person went through the erasure: tombstoned, with its own audit event.
    erased = Candidate.objects.get(pk=world["ids"]["rejected_fr"])
    assert erased.first_name == "Erased" and erased.last_name == ""
    reasons = AuditEvent.objects.filter(action="privacy.erased").values_list("changes", flat=True)
    assert sorted(r["reason"] for r in reasons) == ["retention"] * 3
    # Once a day: the next tick of the day does nothing.
    assert apply_retention() == "retention already ran today"
    assert RetentionRun.objects.filter(dry_run=False).count() == 1
    time_machine.move_to(months_after(24, days=2))
    apply_retention()
    assert anonymised(world) == {
        "rejected_globex",
        "hired",
        "rejected_fr",
        "rejected_de",
        "two_clients",
        "idle",
    }


def test_a_run_takes_a_batch_and_the_job_comes_back_for_the_rest(world, time_machine, settings):
    settings.OUTHIRE_RETENTION_BATCH = 2
    time_machine.move_to(months_after(6))
    apply_retention()
    # The longest overdue first: Globex's rejection (2 months), then the hire (4 months).
    assert anonymised(world) == {"rejected_globex", "hired"}
    assert RetentionRun.objects.get().counts["remaining"] == 1
    apply_retention()  # the same day: a backlog was left
    assert anonymised(world) == {"rejected_globex", "hired", "rejected_fr"}


def test_one_failure_does_not_stop_the_others(world, monkeypatch):
    real = retention.candidate_erase
    failing = world["ids"]["hired"]

    def erase(*, candidate, **kwargs):
        if candidate.pk == failing:
            raise RuntimeError("disk full")
        return real(candidate=candidate, **kwargs)

    monkeypatch.setattr(retention, "candidate_erase", erase)
    run = retention.retention_run(now=months_after(6))
    assert run.counts["failed"] == 1 and run.counts["hired"] == 0
    assert anonymised(world) == {"rejected_globex", "rejected_fr"}


def test_someone_no_longer_due_when_reached_is_skipped(world):
    """A hold placed (or an application made) after the selection is seen before erasing."""
    person = world["people"]["rejected_fr"]
    record = retention.DueRecord(person.pk, retention.REJECTED, months_after(6))
    retention.legal_hold_place(candidate=person, reason="New claim", by=world["alice"])
    assert retention._anonymise(record, by=None, now=months_after(6)) == "skipped"
    assert anonymised(world) == set()


def test_a_person_run_anonymises_whatever_day_it_is(world, time_machine):
    time_machine.move_to(months_after(2))
    apply_retention()
    assert apply_retention(world["alice"].pk).startswith("retention run")
    assert RetentionRun.objects.filter(dry_run=False).count() == 2
    assert RetentionRun.objects.filter(by=world["alice"]).exists()


def test_retention_is_in_the_periodic_jobs():
    from outhire.celery import app

    entries = [e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()]
    assert "outhire.privacy.tasks.apply_retention" in entries
    app.loader.import_default_modules()
    assert "outhire.privacy.tasks.apply_retention" in app.tasks


def test_tick_runs_retention(world, time_machine):
    import io

    from django.core.management import call_command

    time_machine.move_to(months_after(6))
    out = io.StringIO()
    call_command("tick", stdout=out)
    assert "outhire.privacy.tasks.apply_retention: retention run #" in out.getvalue()
    assert "rejected_fr" in anonymised(world)
