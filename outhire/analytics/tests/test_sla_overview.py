"""The SLA clocks of every client on one page, read as the alert job reads them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from outhire.accounts.models import Notification
from outhire.analytics import sla
from outhire.engagements.models import Engagement
from outhire.requisitions import services as requisitions
from outhire.requisitions.models import Requisition
from outhire.testing import login

URL = "/sla/"


@pytest.fixture
def late(acme, globex, rita, alice):
    """late(client, title, days): an open requisition of `client` approved `days` ago, under
    an engagement with a 10-day shortlist target and a 30-day fill target."""
    for client in (acme, globex):
        Engagement.objects.create(
            client=client,
            name=f"{client.name} RPO",
            starts_on=date(2026, 1, 1),
            fee_model="per_hire",
            per_hire_fee=5000,
            account_lead=alice,
            sla_days_to_first_shortlist=10,
            sla_days_to_fill=30,
        )

    def make(client, title: str, days: float) -> Requisition:
        by = rita if client.pk == acme.pk else alice
        requisition = requisitions.requisition_create(client=client, by=by, fields={"title": title})
        requisitions.requisition_submit(requisition=requisition, by=by)
        Requisition.objects.filter(pk=requisition.pk).update(
            approved_at=timezone.now() - timedelta(days=days)
        )
        return requisition

    return make


def test_the_provider_admin_sees_every_clients_late_clocks(client, late, acme, globex, alice):
    breached = late(acme, "Acme breach", 12)
    late(globex, "Globex warning", 9)
    late(globex, "Globex on time", 2)
    login(client, alice)
    response = client.get(URL)
    page = response.content.decode()
    assert response.status_code == 200
    assert "<strong>1 breach</strong> and <strong>1 warning</strong>" in page
    assert "Acme breach" in page and "Globex warning" in page and "Globex on time" not in page
    assert page.index("Acme breach") < page.index("Globex warning")  # breaches first
    assert reverse("requisitions:requisition_detail", args=[breached.pk]) in page
    assert reverse("analytics:client_dashboard", args=[acme.slug]) in page


def test_staff_see_only_their_clients_and_client_users_not_at_all(
    client, late, acme, globex, rita, carla
):
    late(acme, "Acme breach", 12)
    late(globex, "Globex breach", 12)
    login(client, rita)
    page = client.get(URL).content.decode()
    assert "Acme breach" in page and "Globex" not in page
    login(client, carla)
    assert client.get(URL).status_code == 403


def test_the_page_costs_the_same_for_more_clocks(client, late, acme, globex, alice):
    late(acme, "First", 12)
    late(globex, "Second", 9)
    login(client, alice)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for n in range(6):
        late(acme if n % 2 else globex, f"More {n}", 8 + n)
    with CaptureQueriesContext(connection) as many:
        page = client.get(URL).content.decode()
    assert "More 5" in page
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_page_and_the_alerts_read_the_same_clocks(late, acme, rita, alice):
    requisition = late(acme, "Acme breach", 12)
    requisition.recruiters.add(rita)
    clocks = [c for c in sla.running_clocks() if c.level]
    assert [(c.measure, c.level) for c in clocks] == [("first_shortlist", "breach")]
    assert sla.check_sla_clocks() == 1
    notice = Notification.objects.get(user=rita)
    assert notice.kind == "sla" and "SLA breached" in notice.text
