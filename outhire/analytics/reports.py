"""The client report: KPIs against the previous period and SLA targets, SLA compliance with its
breaches, pipeline status and the staff's commentary; as rows, CSV and PDF.

`report_rows` is the one source of the numbers: the monthly report, its downloads and
`outhire kpi-report` all print them, so they cannot disagree.
"""

from __future__ import annotations

import io
from datetime import date, timedelta
from xml.sax.saxutils import escape

from django.db.models import Count

from outhire.analytics.dashboard import (
    TILES,
    engagements_by_client,
    overview,
    sla_compliance,
)
from outhire.analytics.metrics import Scope
from outhire.lib.spreadsheet_csv import csv_writer

HEADER = ["section", "measure", "value", "previous_period", "sla_target", "sla_met"]


def month_bounds(month: date) -> tuple[date, date]:
    first = month.replace(day=1)
    return first, (first + timedelta(days=32)).replace(day=1)


def previous_month(today: date) -> date:
    return (today.replace(day=1) - timedelta(days=1)).replace(day=1)


def _fmt(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def report_data(client, start: date, end: date) -> dict:
    """Everything the report shows for `client` over [start, end)."""
    from outhire.pipeline.models import Application

    engagement = engagements_by_client([client.pk]).get(client.pk)
    scope = Scope((client.pk,), start, end)
    data = overview(scope, engagement)
    data["sla"] = sla_compliance(scope, engagement)
    data["engagement"] = engagement
    data["client"] = client
    data["start"], data["end"] = start, end
    data["pipeline"] = list(
        Application.objects.filter(client=client, status="active")
        .order_by()
        .values_list("stage__kind")
        .annotate(n=Count("id"))
    )
    return data


def report_rows(data: dict) -> list[list[str]]:
    """The report's numbers as rows of HEADER (strings, ready for CSV or a terminal)."""
    rows = []
    for tile in data["tiles"]:
        rows.append(
            [
                "kpi",
                tile["spec"].key,
                _fmt(tile["value"]),
                _fmt(tile["previous"]),
                _fmt(tile["target"]),
                _fmt(tile["met"]),
            ]
        )
    kpis = data["kpis"]
    rows.append(["kpi", "hires", str(kpis.hires), str(data["previous"].hires), "", ""])
    for step in kpis.funnel:
        rows.append(["funnel", step.kind, str(step.reached), "", "", ""])
    for name, stats in kpis.sources.items():
        rows.append(["source", f"{name}:applicants", str(stats.applicants), "", "", ""])
        rows.append(["source", f"{name}:hires", str(stats.hires), "", "", ""])
    sla = data["sla"]
    for key, label in (("shortlist", "first_shortlist"), ("fill", "fill")):
        compliance = sla.get(key)
        if compliance is not None:
            rows.append(
                [
                    "sla",
                    f"{label}:share_met",
                    _fmt(None if compliance.share is None else compliance.share * 100),
                    "",
                    _fmt(float(compliance.target)),
                    f"{compliance.met} of {compliance.measured}",
                ]
            )
    for breach in sla["breaches"]:
        rows.append(
            [
                "breach",
                f"{breach['title']} ({breach['measure']})",
                _fmt(breach["actual"]),
                "",
                _fmt(breach["target"]),
                f"missed by {_fmt(breach['by'])}",
            ]
        )
    for kind, n in data["pipeline"]:
        rows.append(["pipeline", f"active:{kind}", str(n), "", "", ""])
    return rows


def report_csv(data: dict) -> str:
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(HEADER)
    writer.writerows(report_rows(data))
    return out.getvalue()


def report_pdf(data: dict, commentary: str = "") -> bytes:
    """The report as an A4 PDF (reportlab); every value is escaped for its paragraph mark-up."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    client = data["client"]
    end_inclusive = data["end"] - timedelta(days=1)
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, title=f"{client.name} recruiting report", author="Outhire"
    )

    def p(text, style="BodyText"):
        return Paragraph(escape(str(text)), styles[style])

    story = [
        p(f"{client.name}: recruiting report", "Title"),
        p(f"{data['start']:%d %b %Y} to {end_inclusive:%d %b %Y}"),
        Spacer(1, 12),
        p("Key performance indicators", "Heading2"),
    ]
    labels = {spec.key: spec.label for spec in TILES}
    table = [["Measure", "Value", "Previous period", "SLA target", "Met"]]
    for row in report_rows(data):
        if row[0] == "kpi":
            table.append([labels.get(row[1], row[1].replace("_", " ")), *row[2:]])
    story.append(_table(table, Table, TableStyle, colors))
    for section, title in (
        ("sla", "SLA compliance"),
        ("breach", "SLA breaches"),
        ("funnel", "Funnel (applications reaching each stage kind)"),
        ("source", "Sources"),
        ("pipeline", "Pipeline now (active applications by stage kind)"),
    ):
        rows = [r for r in report_rows(data) if r[0] == section]
        if not rows:
            continue
        story += [Spacer(1, 10), p(title, "Heading2")]
        story.append(
            _table(
                [["Measure", "Value", "Target", "Note"]] + [[r[1], r[2], r[4], r[5]] for r in rows],
                Table,
                TableStyle,
                colors,
            )
        )
    story += [Spacer(1, 10), p("Commentary", "Heading2")]
    for paragraph in (commentary or "No commentary this month.").split("\n\n"):
        story.append(p(paragraph))
    story += [Spacer(1, 10), p("How each measure is computed: docs/kpis.md.", "Italic")]
    doc.build(story)
    return buffer.getvalue()


def _table(rows, Table, TableStyle, colors):
    table = Table([[str(c) for c in row] for row in rows], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                ("FONTSIZE", (0, 0), (-1, -1), 8),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def report_send(*, report, today: date | None = None) -> int:
    """E-mail a monthly report (PDF and CSV) to the client's admins and the account lead."""
    from django.conf import settings
    from django.core.mail import EmailMessage
    from django.utils import timezone

    from outhire.accounts.models import Membership

    client = report.client
    start, end = month_bounds(report.month)
    data = report_data(client, start, end)
    recipients = set(
        Membership.objects.filter(
            client=client, role="client_admin", user__is_active=True
        ).values_list("user__email", flat=True)
    )
    lead = getattr(data["engagement"], "account_lead", None)
    if lead is not None and lead.is_active:
        recipients.add(lead.email)
    if not recipients:
        return 0
    name = f"{client.slug}-report-{report.month:%Y-%m}"
    email = EmailMessage(
        f"{client.name}: recruiting report for {report.month:%B %Y}",
        f"The recruiting report for {report.month:%B %Y} is attached (PDF and CSV).\n\n"
        f"Open it in Outhire: {settings.SITE_URL}/analytics/{client.slug}/report/"
        f"?month={report.month:%Y-%m}\n",
        settings.DEFAULT_FROM_EMAIL,
        sorted(recipients),
    )
    email.attach(f"{name}.pdf", report_pdf(data, report.commentary), "application/pdf")
    email.attach(f"{name}.csv", report_csv(data), "text/csv")
    email.send()
    report.emailed_at = timezone.now()
    report.save(update_fields=["emailed_at"])
    return len(recipients)
