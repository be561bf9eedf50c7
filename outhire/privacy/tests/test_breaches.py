"""The breach log: the 72-hour deadline, the report or the reason, people told, clients told
after seeing the notice, closing; for provider admins only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from outhire.accounts.models import AuditEvent, Notification
from outhire.privacy import records_services as services
from outhire.privacy.models import Breach
from outhire.privacy.records_views import deadline
from outhire.testing import login

pytestmark = pytest.mark.django_db

LIST = "/privacy/breaches/"


def _url(breach, action: str = "") -> str:
    return f"/privacy/breaches/{breach.pk}/" + (f"{action}/" if action else "")


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def breach(alice, acme):
    found = Breach.objects.create(
        summary="Laptop with an export stolen",
        discovered_at=timezone.now() - timedelta(hours=10),
        recorded_by=alice,
    )
    found.clients.set([acme])
    return found


def test_only_provider_admins_reach_the_log(client, rita, carla, gina, breach):
    for user in (rita, carla, gina):
        login(client, user)
        for url in (LIST, LIST + "new/", _url(breach), _url(breach, "notify")):
            assert client.get(url).status_code == 404, (user, url)
        for action in ("report", "close", "subjects-notified", "notify"):
            assert client.post(_url(breach, action)).status_code == 404
        client.logout()
    assert Breach.objects.get().closed_at is None


def test_the_deadline_is_72_hours_after_discovery():
    discovered = timezone.now()
    breach = Breach(summary="x", discovered_at=discovered)
    assert breach.report_due_at == discovered + timedelta(hours=72)
    assert deadline(breach, discovered + timedelta(hours=1)) == {
        "state": "open",
        "text": "71 h 00 min left",
    }
    assert deadline(breach, discovered + timedelta(hours=74, minutes=30)) == {
        "state": "overdue",
        "text": "Overdue by 2 h 30 min",
    }
    assert deadline(breach, discovered + timedelta(days=9))["text"] == "Overdue by 6 days 0 h"
    breach.reported_to_authority_at = discovered + timedelta(hours=20)
    assert deadline(breach, discovered + timedelta(days=9))["text"] == "Reported in time"
    breach.reported_to_authority_at = discovered + timedelta(hours=75)
    assert deadline(breach, discovered)["text"] == "Reported 3 h 00 min late"
    breach.reported_to_authority_at, breach.not_reported_reason = None, "Encrypted disk"
    assert deadline(breach, discovered + timedelta(days=9))["state"] == "done"


def test_the_list_shows_time_left_and_overdue(client, alice, breach):
    Breach.objects.create(
        summary="Mail sent to the wrong list", discovered_at=timezone.now() - timedelta(hours=80)
    )
    login(client, alice)
    body = client.get(LIST).content.decode()
    assert "Laptop with an export stolen" in body and "Acme Robotics" in body
    assert "61 h" in body and " left" in body
    assert "Overdue by 8 h" in body and 'class="deadline-overdue"' in body


def test_recording_a_breach_with_clients_leads_to_the_notice(client, alice, acme, carla):
    login(client, alice)
    response = client.post(
        LIST + "new/",
        {
            "summary": "Wrong attachment sent",
            "discovered_at": _local(timezone.now() - timedelta(hours=1)),
            "subjects_affected": "12",
            "clients": [acme.pk],
        },
    )
    breach = Breach.objects.get()
    assert response.status_code == 302 and response["Location"] == _url(breach, "notify")
    assert breach.recorded_by == alice and list(breach.clients.all()) == [acme]
    event = AuditEvent.objects.get(action="privacy.breach_recorded")
    assert event.changes["clients"] == ["Acme Robotics"]
    # Recording it told nobody yet.
    assert not Notification.objects.filter(kind="privacy_breach").exists()


def test_bad_input_is_a_form_error(client, alice):
    login(client, alice)
    future = _local(timezone.now() + timedelta(days=2))
    response = client.post(
        LIST + "new/",
        {
            "summary": "",
            "discovered_at": _local(timezone.now() - timedelta(hours=2)),
            "occurred_at": future,
            "subjects_affected": "-3",
            "clients": ["999999"],
        },
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert {"summary", "occurred_at", "subjects_affected", "clients"} <= set(errors)
    assert not Breach.objects.exists()


def test_the_notice_is_shown_before_it_is_sent_and_sent_as_edited(
    client, alice, carla, hank, breach, mailoutbox
):
    login(client, alice)
    page = client.get(_url(breach, "notify"))
    body = page.content.decode()
    assert page.status_code == 200
    assert "may affect the recruitment data of Acme Robotics" in body
    assert "Laptop with an export stolen" in body
    assert "Carla Clientadmin" in body and "Hank" not in body
    assert not Notification.objects.filter(kind="privacy_breach").exists()
    text = "A breach may affect Acme Robotics: a stolen laptop. Our DPO will call you today."
    post = {f"text_{breach.clients.get().pk}": text, "sent_before": "0"}
    response = client.post(_url(breach, "notify"), post)
    assert response.status_code == 302
    notice = Notification.objects.get(kind="privacy_breach")
    assert notice.user == carla and notice.text == text
    assert notice.client_id == breach.clients.get().pk
    assert not Notification.objects.filter(user=hank, kind="privacy_breach").exists()
    event = AuditEvent.objects.get(action=services.CLIENTS_NOTIFIED)
    assert event.changes["people"] == 1 and event.changes["text"] == text
    again = client.get(_url(breach, "notify")).content.decode()
    assert "were already told" in again and 'name="sent_before" value="1"' in again
    # The same form sent twice (a double click, a second admin): nobody is told twice.
    twice = client.post(_url(breach, "notify"), post)
    assert twice.status_code == 302 and twice["Location"] == _url(breach, "notify")
    assert Notification.objects.filter(kind="privacy_breach").count() == 1
    assert "admins told" in client.get(_url(breach)).content.decode()


def test_an_empty_notice_tells_nobody(client, alice, breach):
    login(client, alice)
    response = client.post(
        _url(breach, "notify"), {f"text_{breach.clients.get().pk}": " ", "sent_before": "0"}
    )
    assert response.status_code == 302
    assert not Notification.objects.filter(kind="privacy_breach").exists()
    assert not AuditEvent.objects.filter(action=services.CLIENTS_NOTIFIED).exists()


def test_reporting_needs_a_date_or_a_reason_and_happens_once(client, alice, breach):
    login(client, alice)
    missing = client.post(_url(breach, "report"), {"outcome": "reported"})
    assert missing.status_code == 400 and "reported_at" in missing.context["report_form"].errors
    no_reason = client.post(_url(breach, "report"), {"outcome": "not_reported", "reason": " "})
    assert no_reason.status_code == 400
    reported_at = timezone.now() - timedelta(hours=2)
    response = client.post(
        _url(breach, "report"),
        {"outcome": "reported", "reported_at": _local(reported_at), "reference": "ICO-123"},
    )
    assert response.status_code == 302
    breach.refresh_from_db()
    assert breach.authority_reference == "ICO-123" and breach.reported_to_authority_at
    assert AuditEvent.objects.filter(action="privacy.breach_reported").count() == 1
    twice = client.post(_url(breach, "report"), {"outcome": "not_reported", "reason": "No risk"})
    assert twice.status_code == 302
    breach.refresh_from_db()
    assert breach.not_reported_reason == "" and breach.authority_reference == "ICO-123"
    with pytest.raises(services.AlreadyDone):
        services.breach_report(breach=breach, by=alice, not_reported_reason="No risk")


def test_not_reporting_records_the_reason(client, alice, breach):
    login(client, alice)
    client.post(
        _url(breach, "report"),
        {"outcome": "not_reported", "reason": "The disk was encrypted", "reference": "x"},
    )
    breach.refresh_from_db()
    assert breach.not_reported_reason == "The disk was encrypted"
    assert breach.reported_to_authority_at is None and breach.authority_reference == ""
    assert AuditEvent.objects.filter(action="privacy.breach_not_reported").exists()


def test_people_told_then_closed_then_frozen(client, alice, breach):
    login(client, alice)
    early = client.post(_url(breach, "close"))
    assert early.status_code == 302
    breach.refresh_from_db()
    assert breach.closed_at is None  # not before the report is recorded
    told = timezone.now() - timedelta(minutes=30)
    client.post(_url(breach, "subjects-notified"), {"notified_at": _local(told)})
    client.post(_url(breach, "report"), {"outcome": "not_reported", "reason": "No risk"})
    client.post(_url(breach, "close"))
    breach.refresh_from_db()
    assert breach.subjects_notified_at and breach.closed_at
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"privacy.breach_subjects_notified", "privacy.breach_closed"} <= actions
    edit = client.post(_url(breach), {"summary": "Changed after closing"})
    assert edit.status_code == 302
    breach.refresh_from_db()
    assert breach.summary == "Laptop with an export stolen"
    with pytest.raises(services.AlreadyDone):
        services.breach_close(breach=breach, by=alice)


def test_editing_records_the_changes(client, alice, breach, globex):
    login(client, alice)
    response = client.post(
        _url(breach),
        {
            "summary": "Laptop with an export stolen",
            "discovered_at": _local(breach.discovered_at),
            "subjects_affected": "40",
            "clients": [c.pk for c in breach.clients.all()] + [globex.pk],
        },
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="privacy.breach_changed")
    assert event.changes["subjects_affected"] == [None, "40"]
    assert "Globex" in event.changes["clients"][1]


def test_the_list_costs_the_same_queries_for_many_breaches(
    client, alice, breach, acme, globex, django_assert_max_num_queries
):
    login(client, alice)
    client.get(LIST)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for n in range(8):
        extra = Breach.objects.create(summary=f"Breach {n}")
        extra.clients.set([acme, globex])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(LIST).status_code == 200
