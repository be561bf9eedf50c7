"""The checklist made at the hire, completing items by each party, right-to-work checks,
the hand-over to the client's HR system, the template, and the pages' costs."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from outhire.accounts.models import AuditEvent
from outhire.offers.models import HandOff
from outhire.preboarding import services, tokens
from outhire.preboarding.models import DEFAULT_TEMPLATE, Checklist, Item, Kind, Party
from outhire.preboarding.tests.factories import make_hire
from outhire.testing import login
from outhire.webhooks import services as webhooks
from outhire.webhooks.models import Delivery


@pytest.fixture
def hire(acme, rita, hank, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return make_hire(acme, rita, hank)


def _items(hire, **lookup):
    return list(Item.objects.filter(checklist__hire=hire, **lookup).order_by("id"))


def test_it_makes_the_checklist_from_the_default_with_due_dates(hire):
    checklist = hire.preboarding
    items = list(checklist.items.all())
    assert len(items) == len(DEFAULT_TEMPLATE)
    rtw = next(i for i in items if i.kind == Kind.RIGHT_TO_WORK)
    assert rtw.due_on == hire.start_date - timedelta(days=10)
    assert rtw.party == Party.PROVIDER
    # The hand-off record carries the state from the start.
    state = HandOff.objects.get(hire=hire).payload["preboarding"]
    assert state["items_done"] == 0 and state["items_total"] == len(DEFAULT_TEMPLATE)
    assert state["status"] == "open" and state["right_to_work"] is None


def _welcomes():
    return [m for m in mail.outbox if m.subject.startswith("Before your first day")]


def test_the_welcome_is_sent_once_by_someone_who_read_it_first(
    client, hire, rita, hank, django_capture_on_commit_callbacks
):
    """Nothing reaches the new hire when the checklist is made: the page shows the e-mail as it
    will be sent, and a recruiter sends it (once, however many times the button is pressed)."""
    assert _welcomes() == []
    token = tokens.welcome_token(hire.preboarding)
    login(client, rita)
    page = client.get(f"/hires/{hire.pk}/preboarding/").content.decode()
    assert "Nothing has been sent to the new hire yet" in page
    assert "Before your first day at" in page and "/welcome/" in page
    assert tokens.checklist_from_token(token) == hire.preboarding.pk
    url = f"/hires/{hire.pk}/preboarding/welcome/"
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
        assert client.post(url).status_code == 302
    welcome = _welcomes()
    assert len(welcome) == 1 and welcome[0].to == ["ada.lovelace@people.test"]
    # The link opens this checklist (a token is signed with its time, so it may differ).
    sent = re.search(r"/welcome/([^/\s]+)/", welcome[0].body).group(1)
    assert tokens.checklist_from_token(sent) == hire.preboarding.pk
    hire.preboarding.refresh_from_db()
    assert hire.preboarding.welcomed_at is not None
    assert (
        "The welcome e-mail with this link was sent on"
        in client.get(f"/hires/{hire.pk}/preboarding/").content.decode()
    )
    assert AuditEvent.objects.filter(action="preboarding.welcome_sent").count() == 1
    login(client, hank)  # the hiring manager reads the checklist but does not write
    assert client.post(url).status_code == 403


def test_the_client_template_replaces_the_default(client, acme, carla, rita, hank):
    login(client, carla)
    response = client.post(
        f"/preboarding/setup/{acme.slug}/",
        {"action": "add", "title": "", "party": "client", "kind": "task", "offset_days": "999"},
    )
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    response = client.post(
        f"/preboarding/setup/{acme.slug}/",
        {
            "action": "add",
            "title": "Parking permit",
            "party": "client",
            "kind": "equipment",
            "offset_days": "-2",
        },
    )
    assert response.status_code == 302
    client.post(f"/preboarding/setup/{acme.slug}/", {"action": "remove", "position": "0"})
    hire = make_hire(acme, rita, hank, first="Grace", last="Hopper")
    titles = [i.title for i in hire.preboarding.items.all()]
    assert "Parking permit" in titles
    assert DEFAULT_TEMPLATE[0][2] not in titles
    assert len(titles) == len(DEFAULT_TEMPLATE)
    # A document must be the new hire's.
    response = client.post(
        f"/preboarding/setup/{acme.slug}/",
        {
            "action": "add",
            "title": "Scan",
            "party": "client",
            "kind": "document",
            "offset_days": "1",
        },
    )
    assert response.status_code == 400


def test_the_setup_page_is_not_for_hiring_managers(client, acme, hank):
    login(client, hank)
    assert client.get(f"/preboarding/setup/{acme.slug}/").status_code == 403


def test_each_party_does_its_own_items(client, hire, rita, carla, hank):
    provider_item = _items(hire, party=Party.PROVIDER, kind=Kind.TASK)[0]
    client_item = _items(hire, party=Party.CLIENT, kind=Kind.FIRST_DAY)[0]
    new_hire_item = _items(hire, party=Party.NEW_HIRE, kind=Kind.TASK)[0]
    url = f"/hires/{hire.pk}/preboarding/items/"
    login(client, carla)
    assert client.post(f"{url}{provider_item.pk}/", {}).status_code == 403
    assert client.post(f"{url}{new_hire_item.pk}/", {}).status_code == 403
    # First-day details need the details.
    response = client.post(f"{url}{client_item.pk}/", {f"item-{client_item.pk}-details": ""})
    assert response.status_code == 400 and "error-summary" in response.content.decode()
    login(client, hank)  # the hiring manager does the client's items too
    response = client.post(
        f"{url}{client_item.pk}/", {f"item-{client_item.pk}-details": "09:00 at reception"}
    )
    assert response.status_code == 302
    login(client, rita)
    assert client.post(f"{url}{provider_item.pk}/", {}).status_code == 302
    done = {i.pk: i for i in _items(hire, status="done")}
    assert done[client_item.pk].details == "09:00 at reception"
    assert done[provider_item.pk].done_by == rita
    assert AuditEvent.objects.filter(action="preboarding.item_done").count() == 2


def test_outsiders_get_404(client, hire, sam):
    login(client, sam)
    assert client.get(f"/hires/{hire.pk}/preboarding/").status_code == 404


def test_the_right_to_work_check_keeps_no_number_and_encrypts_details(client, hire, rita):
    item = _items(hire, kind=Kind.RIGHT_TO_WORK)[0]
    login(client, rita)
    prefix = f"item-{item.pk}"
    today = timezone.localdate()
    response = client.post(
        f"/hires/{hire.pk}/preboarding/items/{item.pk}/",
        {
            f"{prefix}-outcome": "time_limited",
            f"{prefix}-method": "online",
            f"{prefix}-checked_on": today.isoformat(),
        },
    )
    assert response.status_code == 400  # a time-limited right needs the expiry
    response = client.post(
        f"/hires/{hire.pk}/preboarding/items/{item.pk}/",
        {
            f"{prefix}-outcome": "verified",
            f"{prefix}-method": "document",
            f"{prefix}-checked_on": today.isoformat(),
            f"{prefix}-document_type": "Residence permit",
            f"{prefix}-document_expires": (today + timedelta(days=700)).isoformat(),
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.is_done
    with connection.cursor() as cursor:
        cursor.execute("SELECT document_type, document_expires FROM preboarding_righttoworkcheck")
        raw = cursor.fetchone()
    assert "Residence" not in raw[0] and str(today.year + 1) not in raw[1]
    state = services.summary(hire.preboarding)
    assert state["right_to_work"] == {
        "outcome": "verified",
        "method": "document",
        "checked_on": today.isoformat(),
    }
    event = AuditEvent.objects.get(action="preboarding.right_to_work_checked")
    assert "Residence" not in str(event.changes)


def test_a_failed_check_keeps_the_item_open(hire, rita):
    item = _items(hire, kind=Kind.RIGHT_TO_WORK)[0]
    check = services.rtw_record(
        item=item,
        by=rita,
        outcome="not_verified",
        method="online",
        checked_on=timezone.localdate(),
    )
    assert not check.passes
    item.refresh_from_db()
    assert item.status == Item.Status.OPEN
    with pytest.raises(ValidationError):
        services.rtw_record(
            item=item,
            by=rita,
            outcome="verified",
            method="online",
            checked_on=timezone.localdate() + timedelta(days=1),
        )


def _complete_everything(hire, rita):
    for item in _items(hire):
        item.checklist = hire.preboarding
        if item.kind == Kind.RIGHT_TO_WORK:
            services.rtw_record(
                item=item,
                by=rita,
                outcome="verified",
                method="idsp",
                checked_on=timezone.localdate(),
            )
        elif item.kind == Kind.DOCUMENT:
            services.document_upload(
                item=item,
                data=f"Signed scan {item.pk}".encode(),
                filename="scan.txt",
                max_bytes=10 * 2**20,
            )
        else:
            services.item_complete(
                item=item, by=None if item.party == Party.NEW_HIRE else rita, details="Ready"
            )


def test_the_last_item_completes_the_checklist_and_tells_the_hr_system(acme, carla, hire, rita):
    webhooks.endpoint_create(
        client=acme, url="https://hooks.example.com/hr", events=["preboarding.completed"], by=carla
    )
    _complete_everything(hire, rita)
    checklist = Checklist.objects.get(hire=hire)
    assert checklist.status == "completed" and checklist.completed_at
    deliveries = Delivery.objects.filter(event="preboarding.completed")
    assert deliveries.count() == 1
    data = deliveries.get().payload["data"]
    assert data["hire_id"] == hire.pk
    assert data["preboarding"]["items_done"] == data["preboarding"]["items_total"] == 8
    assert data["preboarding"]["right_to_work"]["outcome"] == "verified"
    assert HandOff.objects.get(hire=hire).payload["preboarding"]["status"] == "completed"
    with pytest.raises(ValidationError):
        services.checklist_hand_over(checklist=checklist, by=carla)


def test_the_hr_system_takes_over(client, acme, carla, hire, hank, rita):
    webhooks.endpoint_create(
        client=acme, url="https://hooks.example.com/hr", events=["preboarding.completed"], by=carla
    )
    first = _items(hire, party=Party.PROVIDER, kind=Kind.TASK)[0]
    services.item_complete(item=first, by=rita)
    login(client, hank)  # reads, but may not hand over
    assert (
        client.post(f"/hires/{hire.pk}/preboarding/hand-over/", {"confirm": "on"}).status_code
        == 403
    )
    login(client, carla)
    response = client.post(f"/hires/{hire.pk}/preboarding/hand-over/", {})
    assert response.status_code == 400 and "error-summary" in response.content.decode()
    response = client.post(f"/hires/{hire.pk}/preboarding/hand-over/", {"confirm": "on"})
    assert response.status_code == 302
    checklist = Checklist.objects.get(hire=hire)
    assert checklist.status == "handed_over" and checklist.handed_over_by == carla
    assert Item.objects.filter(checklist=checklist, status="handed_over").count() == 7
    data = Delivery.objects.get(event="preboarding.completed").payload["data"]["preboarding"]
    assert data["status"] == "handed_over" and data["items_done"] == 1
    # Frozen: no more changes, no more reminders.
    other = _items(hire, party=Party.CLIENT)[0]
    login(client, carla)
    response = client.post(f"/hires/{hire.pk}/preboarding/items/{other.pk}/", {}, follow=True)
    assert "can no longer change" in response.content.decode()
    with pytest.raises(ValidationError):
        services.item_complete(item=other, by=carla, details="x")
    page = client.get(f"/hires/{hire.pk}/preboarding/").content.decode()
    assert "took over" in page and "Mark as done" not in page


def test_the_checklist_page_costs_the_same_for_more_items(client, acme, rita, hank, carla):
    login(client, carla)
    small = make_hire(acme, rita, hank, first="Small", last="One")
    for n in range(10):
        services.template_item_add(
            client=acme, title=f"Extra {n}", party="client", kind="task", offset_days=-n, by=carla
        )
    big = make_hire(acme, rita, hank, first="Big", last="One")
    services.rtw_record(
        item=_items(big, kind=Kind.RIGHT_TO_WORK)[0],
        by=rita,
        outcome="not_verified",
        method="online",
        checked_on=timezone.localdate(),
    )
    counts = []
    for hire in (small, big):
        client.get(f"/hires/{hire.pk}/preboarding/")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/hires/{hire.pk}/preboarding/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] and counts[0] <= 16
    counts = []
    for hire in (small, big):
        url = f"/welcome/{tokens.welcome_token(hire.preboarding)}/"
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] and counts[0] <= 8


def test_the_access_export_holds_the_right_to_work_check(hire, rita):
    from outhire.privacy import export

    item = _items(hire, kind=Kind.RIGHT_TO_WORK)[0]
    services.rtw_record(
        item=item,
        by=rita,
        outcome="verified",
        method="document",
        checked_on=timezone.localdate(),
        document_type="Residence permit",
    )
    data = export.collect(hire.application.candidate)
    rows = [a["hire"] for a in data["applications"] if a["hire"]][0]["preboarding"]
    checks = [c for r in rows for c in r["right_to_work_checks"]]
    assert checks[0]["document_type"] == "Residence permit"


def test_the_page_shows_the_check_with_its_dates(client, hire, rita):
    item = _items(hire, kind=Kind.RIGHT_TO_WORK)[0]
    services.rtw_record(
        item=item,
        by=rita,
        outcome="time_limited",
        method="online",
        checked_on=timezone.localdate(),
        document_type="Residence permit",
        document_expires=timezone.localdate().replace(year=timezone.localdate().year + 2),
    )
    login(client, rita)
    page = client.get(f"/hires/{hire.pk}/preboarding/").content.decode()
    assert "Verified, time-limited" in page and "Document: Residence permit, expires" in page
    assert f"{timezone.localdate().year + 2}-" not in page  # a formatted date, not ISO
