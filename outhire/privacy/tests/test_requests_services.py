"""Owning, extending and closing data subject requests; the restriction and objection flags;
the deadline reminders. Run on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connections

from outhire.accounts.models import AuditEvent, Notification
from outhire.candidates.services import candidate_create
from outhire.lib.scopes import unscoped
from outhire.privacy import services
from outhire.privacy.models import MAX_EXTENSION_DAYS, RESPONSE_DAYS, DataRequest
from outhire.testing import make_user

T0 = "2026-11-02 10:00Z"


@pytest.fixture
def ada(rita):
    return candidate_create(by=rita, first_name="Ada", last_name="Lovelace", emails=["a@x.org"])


@pytest.fixture
def opened(ada, rita, time_machine):
    time_machine.move_to(T0, tick=False)
    return services.data_request_open(
        candidate=ada, kind=DataRequest.Kind.ACCESS, channel="email", by=rita
    )


def _actions(obj) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_type=obj._meta.label, object_id=str(obj.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_it_is_due_one_month_after_receipt(opened):
    assert opened.due_at - opened.received_at == timedelta(days=RESPONSE_DAYS)
    assert opened.deadline == opened.due_at
    assert opened.subject == f"Candidate #{opened.candidate_id}"


def test_it_assigns_a_provider_admin_and_tells_them(opened, alice, rita):
    services.data_request_assign(data_request=opened, owner=alice, by=rita)
    assert opened.owner == alice
    note = Notification.objects.get(user=alice)
    assert note.kind == "data_request"
    assert "Access" in note.text and "Ada" not in note.text  # no personal data in e-mails
    assert note.url == f"/privacy/requests/{opened.pk}/"
    assert _actions(opened)[-1] == "privacy.request_assigned"
    # Assigning the same owner again changes nothing and tells nobody twice.
    services.data_request_assign(data_request=opened, owner=alice, by=rita)
    assert Notification.objects.filter(user=alice).count() == 1


def test_only_a_provider_admin_can_own_one(opened, rita, alice):
    with pytest.raises(ValidationError) as refused:
        services.data_request_assign(data_request=opened, owner=rita, by=alice)
    assert "provider admin" in str(refused.value)
    # Nobody is a valid owner (the request goes back to the admins' list).
    services.data_request_assign(data_request=opened, owner=alice, by=alice)
    services.data_request_assign(data_request=opened, owner=None, by=alice)
    assert opened.owner is None


def test_it_extends_by_at_most_two_months_in_all_with_a_reason(opened, alice, time_machine):
    time_machine.move_to("2026-11-20 10:00Z", tick=False)
    told = date(2026, 11, 20)
    first = opened.due_at
    services.data_request_extend(
        data_request=opened, days=30, reason="Many records.", person_told_on=told, by=alice
    )
    assert opened.extended_to == first + timedelta(days=30)
    assert services.extension_room(opened) == MAX_EXTENSION_DAYS - 30
    with pytest.raises(ValidationError) as refused:
        services.data_request_extend(
            data_request=opened, days=31, reason="More.", person_told_on=told, by=alice
        )
    assert "30 days left" in str(refused.value)
    services.data_request_extend(
        data_request=opened, days=30, reason="Still more.", person_told_on=told, by=alice
    )
    assert opened.deadline == first + timedelta(days=MAX_EXTENSION_DAYS)
    assert services.extension_room(opened) == 0
    lines = opened.extension_reason.splitlines()
    assert len(lines) == 2 and "person told on 2026-11-20" in lines[0]
    event = AuditEvent.objects.filter(action="privacy.request_extended").last()
    assert event.changes["person_told_on"] == "2026-11-20"
    assert event.changes["days"] == 30


def test_the_person_must_be_told_within_the_first_month(opened, alice, time_machine):
    time_machine.move_to("2026-12-10 10:00Z", tick=False)  # past the first deadline (2 Dec)
    with pytest.raises(ValidationError) as late:
        services.data_request_extend(
            data_request=opened,
            days=10,
            reason="Late.",
            person_told_on=date(2026, 12, 9),
            by=alice,
        )
    assert "within the first month" in str(late.value)
    with pytest.raises(ValidationError) as empty:
        services.data_request_extend(
            data_request=opened, days=10, reason="  ", person_told_on=date(2026, 11, 5), by=alice
        )
    assert "why" in str(empty.value)
    # Told in time (on 5 Nov), written down later: allowed.
    services.data_request_extend(
        data_request=opened, days=10, reason="Told.", person_told_on=date(2026, 11, 5), by=alice
    )
    opened.refresh_from_db()
    assert opened.extended_to is not None


def test_it_closes_once_with_an_outcome(opened, alice, rita):
    with pytest.raises(ValidationError):
        services.data_request_complete(data_request=opened, outcome=" ", by=alice)
    services.data_request_complete(data_request=opened, outcome="Export sent.", by=alice)
    assert opened.status == DataRequest.Status.DONE
    assert opened.completed_by == alice and opened.outcome == "Export sent."
    with pytest.raises(services.RequestNotOpen) as again:
        services.data_request_refuse(data_request=opened, reason="Excessive.", by=rita)
    assert "already closed (done by Alice" in str(again.value)
    with pytest.raises(services.RequestNotOpen):
        services.data_request_assign(data_request=opened, owner=alice, by=alice)
    assert _actions(opened) == ["privacy.request_opened", "privacy.request_done"]
    event = AuditEvent.objects.get(action="privacy.request_done")
    assert event.changes["in_time"] is True


def test_a_refusal_records_the_reason(opened, alice):
    services.data_request_refuse(data_request=opened, reason="Identity not proven.", by=alice)
    opened.refresh_from_db()
    assert opened.status == DataRequest.Status.REFUSED
    assert opened.outcome == "Identity not proven."


def test_the_flags_stop_and_resume_processing(ada, alice):
    services.candidate_processing_flag(candidate=ada, flag="restriction", stop=True, by=alice)
    assert ada.restricted_at is not None and ada.processing_stopped
    assert "restricted (GDPR Art. 18)" in ada.processing_stopped_because
    with pytest.raises(ValidationError) as refused:
        ada.check_processing_allowed("moving them to another stage")
    assert "moving them to another stage is not allowed" in str(refused.value)
    # Setting it again records nothing more.
    services.candidate_processing_flag(candidate=ada, flag="restriction", stop=True, by=alice)
    services.candidate_processing_flag(candidate=ada, flag="objection", stop=True, by=alice)
    services.candidate_processing_flag(candidate=ada, flag="restriction", stop=False, by=alice)
    assert ada.restricted_at is None and ada.processing_stopped  # the objection holds
    services.candidate_processing_flag(candidate=ada, flag="objection", stop=False, by=alice)
    assert not ada.processing_stopped
    ada.check_processing_allowed("anything")
    assert _actions(ada)[-4:] == [
        "privacy.processing_restricted",
        "privacy.objection_recorded",
        "privacy.restriction_lifted",
        "privacy.objection_lifted",
    ]


def test_reminders_go_once_per_deadline_to_the_owner_or_every_admin(
    opened, ada, alice, rita, time_machine
):
    other_admin = make_user("olga@provider.test", "Olga", "admin")
    erasure = services.data_request_open(
        candidate=ada, kind=DataRequest.Kind.ERASURE, channel="email", by=rita
    )
    services.data_request_assign(data_request=opened, owner=alice, by=rita)
    Notification.objects.all().delete()
    time_machine.move_to("2026-11-24 09:00Z", tick=False)  # 8 days before 2 Dec
    assert services.data_requests_remind() == 0
    time_machine.move_to("2026-11-25 11:00Z", tick=False)  # under 7 days now
    assert services.data_requests_remind() == 2
    assert services.data_requests_remind() == 0  # once
    mine = Notification.objects.filter(user=alice).values_list("text", flat=True)
    assert any(f"request #{opened.pk} is due in 6 days" in t for t in mine)
    # The unowned erasure reaches every admin, saying nobody owns it.
    assert Notification.objects.filter(user=other_admin, text__contains="nobody owns it").exists()
    assert not Notification.objects.filter(user=rita).exists()
    # Extended: reminded again before the new deadline.
    services.data_request_extend(
        data_request=opened,
        days=10,
        reason="Complex.",
        person_told_on=date(2026, 11, 25),
        by=alice,
    )
    assert services.data_requests_remind() == 0
    time_machine.move_to("2026-12-06 11:00Z", tick=False)
    assert services.data_requests_remind() == 1  # the erasure is overdue: no "due soon"
    assert erasure.status == DataRequest.Status.OPEN


@pytest.mark.django_db(transaction=True)
def test_two_people_closing_at_once_close_it_once():
    """Two admins completing at once: one wins, the other is told (the row lock on
    PostgreSQL; SQLite runs one writer at a time)."""
    alice = make_user("alice2@provider.test", "Alice", "admin")
    bob = make_user("bob2@provider.test", "Bob", "admin")
    with unscoped():
        person = candidate_create(by=alice, first_name="Grace")
        data_request = services.data_request_open(
            candidate=person, kind="access", channel="email", by=alice
        )
    results: list = []
    barrier = threading.Barrier(2)

    def close(user):
        try:
            with unscoped():
                barrier.wait(timeout=30)
                services.data_request_complete(
                    data_request=DataRequest.objects.get(pk=data_request.pk),
                    outcome=f"by {user.full_name}",
                    by=user,
                )
            results.append("done")
        except services.RequestNotOpen:
            results.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=close, args=(u,)) for u in (alice, bob)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["done", "refused"]
    with unscoped():
        assert AuditEvent.objects.filter(action="privacy.request_done").count() == 1
