"""SLA clocks, the dashboards' SLA table, the monthly report and `outhire kpi-report`."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from outhire.accounts.models import Notification
from outhire.analytics import aggregates, reports, sla
from outhire.analytics.models import MonthlyReport, SlaAlert
from outhire.analytics.tests.factory import hiring_history
from outhire.engagements.models import Engagement
from outhire.requisitions import services as requisitions
from outhire.testing import login

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def engagement(acme, alice):
    return Engagement.objects.create(
        client=acme,
        name="Acme RPO",
        starts_on=date(2026, 1, 1),
        fee_model="per_hire",
        per_hire_fee=5000,
        account_lead=alice,
        sla_days_to_first_shortlist=10,
        sla_days_to_fill=30,
        sla_feedback_hours=24,
        sla_min_candidate_nps=20,
    )


@pytest.fixture
def open_requisition(acme, rita, engagement):
    with time_machine.travel(T0, tick=False):
        req = requisitions.requisition_create(
            client=acme, by=rita, fields={"title": "Late role", "openings": 1}
        )
        req.recruiters.add(rita)
        requisitions.requisition_submit(requisition=req, by=rita)
    req.refresh_from_db()
    return req


def _alerts():
    return sorted(SlaAlert.objects.values_list("measure", "level"))


def test_the_clock_warns_then_reports_the_breach_once_each(
    open_requisition, rita, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert sla.check_sla_clocks(now=T0 + timedelta(days=7)) == 0
        assert sla.check_sla_clocks(now=T0 + timedelta(days=8, hours=1)) == 1
        assert sla.check_sla_clocks(now=T0 + timedelta(days=9)) == 0  # warned already
        assert sla.check_sla_clocks(now=T0 + timedelta(days=10, hours=1)) == 1
        assert sla.check_sla_clocks(now=T0 + timedelta(days=25)) == 1  # fill: 80% of 30
        assert sla.check_sla_clocks(now=T0 + timedelta(days=31)) == 1
        assert sla.check_sla_clocks(now=T0 + timedelta(days=40)) == 0
    assert _alerts() == [
        ("fill", "breach"),
        ("fill", "warning"),
        ("first_shortlist", "breach"),
        ("first_shortlist", "warning"),
    ]
    texts = list(Notification.objects.filter(user=rita).values_list("text", flat=True))
    assert len(texts) == 4 and any("SLA breached" in t for t in texts)
    assert len([m for m in mail.outbox if m.to == ["rita@provider.test"]]) == 4


def test_pending_feedback_has_a_clock_too(open_requisition, rita, ivy):
    from outhire.candidates.services import candidate_create
    from outhire.interviews.models import Interview, Scorecard
    from outhire.pipeline import services as pipeline

    person = candidate_create(by=rita, first_name="Gus", last_name="Tester")
    application = pipeline.application_create(
        requisition=open_requisition, candidate=person, by=rita
    )
    now = T0 + timedelta(days=1)
    interview = Interview.objects.create(
        client=open_requisition.client,
        application=application,
        title="Panel",
        status="completed",
        starts_at=now - timedelta(hours=23),
        ends_at=now - timedelta(hours=22),
    )
    Scorecard.objects.create(
        client=open_requisition.client,
        interview=interview,
        interviewer=ivy,
        due_at=now + timedelta(hours=2),
    )
    assert sla.check_sla_clocks(now=now) == 1
    assert sla.check_sla_clocks(now=now + timedelta(hours=3)) == 1
    assert ("feedback", "breach") in _alerts() and ("feedback", "warning") in _alerts()
    assert Notification.objects.filter(user=ivy).count() == 2


def test_the_dashboard_lists_breaches_with_their_size(client, open_requisition, carla, gina):
    aggregates.aggregates_rebuild()
    login(client, carla)
    with time_machine.travel(T0 + timedelta(days=40), tick=False):
        response = client.get("/analytics/acme/", {"start": "2026-03-01", "end": "2026-04-10"})
    body = response.content.decode()
    assert response.status_code == 200
    assert (
        "Late role" in body
        and "Days to first shortlist" in body
        and "How is this computed?" in body
    )
    assert "<td>29.6</td>" in body  # 39.6 days (to the period end) against 10
    assert "/analytics/acme/breaches.csv?start=2026-03-01&amp;end=2026-04-10" in body
    with time_machine.travel(T0 + timedelta(days=40), tick=False):
        export = client.get(
            "/analytics/acme/breaches.csv", {"start": "2026-03-01", "end": "2026-04-10"}
        )
    rows = list(csv.reader(io.StringIO(export.content.decode())))
    assert rows[0] == [
        "Requisition",
        "Reference",
        "Measure",
        "Target (days)",
        "Took (days)",
        "Missed by (days)",
        "Still open",
    ]
    assert ["Late role", open_requisition.reference, "Days to first shortlist", "10"] == rows[1][:4]
    assert rows[1][5:] == ["29.6", "yes"]
    login(client, gina)
    assert client.get("/analytics/acme/").status_code == 404
    assert client.get("/analytics/acme/breaches.csv").status_code == 404
    assert "Acme" not in client.get("/analytics/").content.decode()


def test_the_dashboard_shows_the_largest_breaches_and_the_csv_all(
    client, acme, rita, carla, engagement, monkeypatch
):
    from outhire.analytics import views

    monkeypatch.setattr(views, "BREACHES_SHOWN", 2)
    with time_machine.travel(T0, tick=False):
        for n in range(3):
            req = requisitions.requisition_create(
                client=acme, by=rita, fields={"title": f"Late role {n}", "openings": 1}
            )
            requisitions.requisition_submit(requisition=req, by=rita)
    aggregates.aggregates_rebuild()
    login(client, carla)
    params = {"start": "2026-03-01", "end": "2026-04-10"}
    with time_machine.travel(T0 + timedelta(days=40), tick=False):
        body = client.get("/analytics/acme/", params).content.decode()
        export = client.get("/analytics/acme/breaches.csv", params).content.decode()
    assert "The 2 largest of 6 breaches" in body and "all 6 breaches" in body
    assert len(list(csv.reader(io.StringIO(export)))) == 1 + 6


def test_the_command_prints_the_numbers_of_the_report(acme, rita, engagement):
    hiring_history(acme, rita, seed=1)
    aggregates.aggregates_rebuild()
    data = reports.report_data(acme, date(2026, 1, 1), date(2026, 4, 1))
    expected = list(csv.reader(io.StringIO(reports.report_csv(data))))
    out = io.StringIO()
    call_command(
        "kpi-report", client="acme", start="2026-01-01", end="2026-03-31", format="csv", stdout=out
    )
    assert list(csv.reader(io.StringIO(out.getvalue()))) == expected
    assert expected[0] == ["Section", "Measure", "Value", "Previous period", "SLA target",
                           "SLA met or note"]  # fmt: skip
    out = io.StringIO()
    call_command("kpi-report", client="acme", start="2026-01-01", end="2026-03-31", stdout=out)
    body = json.loads(out.getvalue())
    # The same rows for programs: keys and plain numbers, each with the label people read.
    assert [r["label"] for r in body["rows"]] == [row[1] for row in expected[1:]]
    hires = next(r for r in body["rows"] if r["measure"] == "hires")
    assert int(hires["value"]) > 0 and hires["unit"] == "count"
    csv_hires = next(row for row in expected if row[1] == "Hires")
    assert csv_hires[2] == hires["value"]


def test_the_report_page_downloads_and_commentary(client, acme, rita, carla, engagement):
    login(client, carla)
    page = client.get("/analytics/acme/report/", {"month": "2026-10"})
    assert page.status_code == 200 and "October 2026" in page.content.decode()
    assert (
        client.post("/analytics/acme/report/?month=2026-10", {"commentary": "x"}).status_code == 403
    )
    pdf = client.get("/analytics/acme/report.pdf", {"month": "2026-10"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    csv_body = client.get("/analytics/acme/report.csv", {"month": "2026-10"}).content.decode()
    assert csv_body.startswith("Section,Measure,Value,Previous period,SLA target")
    login(client, rita)
    response = client.post("/analytics/acme/report/?month=2026-10", {"commentary": "Good month"})
    assert response.status_code == 302
    assert (
        MonthlyReport.objects.get(client=acme, month=date(2026, 10, 1)).commentary == "Good month"
    )
    assert client.get("/analytics/acme/report/", {"month": "junk"}).status_code == 200


def test_monthly_reports_are_emailed_once_to_admins_and_the_account_lead(acme, carla, engagement):
    from outhire.analytics.tasks import send_monthly_reports

    with time_machine.travel(datetime(2026, 11, 2, 6, 0, tzinfo=UTC), tick=False):
        assert send_monthly_reports() == "1 report(s) sent"
        assert send_monthly_reports() == "0 report(s) sent"
    [email] = mail.outbox
    assert sorted(email.to) == ["alice@provider.test", "carla@acme.test"]
    assert "October 2026" in email.subject
    names = [name for name, _content, _type in email.attachments]
    assert names == ["acme-report-2026-10.pdf", "acme-report-2026-10.csv"]
