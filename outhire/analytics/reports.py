"""The client report: KPIs against the previous period and SLA targets, SLA compliance with its
breaches, pipeline status and the staff's commentary; as rows, CSV and PDF.

`report_rows` is the one source of the numbers: the monthly report, its downloads and
`outhire kpi-report` all print them, so they cannot disagree.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from datetime import date, timedelta
from xml.sax.saxutils import escape

from django.db.models import Count
from django.utils import translation
from django.utils.translation import gettext as _

from outhire.analytics import charts, kpi, labels
from outhire.analytics.dashboard import (
    FILL_EDGES,
    TILES,
    engagements_by_client,
    overview,
    sla_compliance,
)
from outhire.analytics.labels import (
    COLUMNS,
    SECTION_COLUMNS,
    SECTIONS,
    SOURCE_COLUMNS,
    Unit,
)
from outhire.analytics.metrics import Scope
from outhire.lib import formatting as fmt
from outhire.lib.formatting import calendar_month, date_range
from outhire.lib.spreadsheet_csv import csv_writer

logger = logging.getLogger(__name__)

HEADER = ["section", "measure", "value", "previous_period", "sla_target", "sla_met"]
# The report page and PDF list the largest breaches; the CSV lists them all.
BREACHES_SHOWN = 50
# Past this many sources the PDF's chart and table sum the smallest as "Other sources".
SOURCES_SHOWN = 12


def month_bounds(month: date) -> tuple[date, date]:
    first = month.replace(day=1)
    return first, (first + timedelta(days=32)).replace(day=1)


def previous_month(today: date) -> date:
    return (today.replace(day=1) - timedelta(days=1)).replace(day=1)


def _fmt(value) -> str:
    """A value for programs (the API, `kpi-report --format json`): plain digits, no units."""
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
    data["pipeline"] = sorted(
        Application.objects.filter(client=client, status="active")
        .order_by()
        .values_list("stage__kind")
        .annotate(n=Count("id")),
        key=lambda row: kpi.KIND_ORDER.get(row[0], len(kpi.KINDS)),
    )
    return data


@dataclass(frozen=True)
class ReportLine:
    """One number of the report, for programs (`row`, keys) and for people (`cells`, words)."""

    section: str
    row: list[str]
    cells: list[str]
    label: str
    unit: Unit
    # What the line is about when a section has several lines per thing (a source).
    group: str = ""


def _line(
    section: str, row: list[str], label: str, unit: Unit, *texts: str, group: str = ""
) -> ReportLine:
    value, previous, target, note = (list(texts) + ["", "", "", ""])[:4]
    label = str(label)
    cells = [str(SECTIONS[section]), label, value, previous, target, note]
    return ReportLine(section, row, cells, label, unit, group)


def report_lines(data: dict) -> list[ReportLine]:
    """Every number of the report, in order: the one source of its rows, tables and CSV."""
    lines = []
    for tile in data["tiles"]:
        spec = tile["spec"]
        met = {True: _("Met"), False: _("Missed")}.get(tile["met"], "")
        lines.append(
            _line(
                "kpi",
                [
                    "kpi",
                    spec.key,
                    _fmt(tile["value"]),
                    _fmt(tile["previous"]),
                    _fmt(tile["target"]),
                    _fmt(tile["met"]),
                ],
                spec.label,
                spec.unit,
                tile["value_text"] or _("No data"),
                tile["previous_text"],
                tile["target_text"],
                met,
            )
        )
    kpis = data["kpis"]
    hires = labels.measure("hires")
    lines.append(
        _line(
            "kpi",
            ["kpi", "hires", str(kpis.hires), str(data["previous"].hires), "", ""],
            hires.label,
            hires.unit,
            fmt.number(kpis.hires),
            fmt.number(data["previous"].hires),
        )
    )
    for step in kpis.funnel:
        went_on = (
            fmt.percent(step.conversion * 100, 0)
            if step.conversion is not None and step.next_kind
            else ""
        )
        lines.append(
            _line(
                "funnel",
                ["funnel", step.kind, str(step.reached), "", "", ""],
                labels.stage_label(step.kind),
                Unit.COUNT,
                fmt.number(step.reached),
                "",
                "",
                went_on,
            )
        )
    for name, stats in kpis.sources.items():
        source = labels.source_label(name)
        rate = fmt.percent(stats.hire_rate * 100) if stats.hire_rate is not None else ""
        lines.append(
            _line(
                "source",
                ["source", f"{name}:applicants", str(stats.applicants), "", "", ""],
                _("%(source)s: applicants") % {"source": source},
                Unit.COUNT,
                fmt.number(stats.applicants),
                group=source,
            )
        )
        lines.append(
            _line(
                "source",
                ["source", f"{name}:hires", str(stats.hires), "", "", ""],
                _("%(source)s: hires") % {"source": source},
                Unit.COUNT,
                fmt.number(stats.hires),
                "",
                "",
                rate,
                group=source,
            )
        )
    sla = data["sla"]
    for key, name, words in (
        ("shortlist", "first_shortlist", _("Requisitions shortlisted within the target")),
        ("fill", "fill", _("Openings filled within the target")),
    ):
        compliance = sla.get(key)
        if compliance is None:
            continue
        share = None if compliance.share is None else compliance.share * 100
        lines.append(
            _line(
                "sla",
                [
                    "sla",
                    f"{name}:share_met",
                    _fmt(share),
                    "",
                    _fmt(float(compliance.target)),
                    f"{compliance.met} of {compliance.measured}",
                ],
                words,
                Unit.PERCENT,
                labels.value_text(share, Unit.PERCENT) or _("Nothing measured yet"),
                "",
                _("within %(days)s") % {"days": fmt.days(compliance.target)},
                _("%(met)s of %(measured)s")
                % {"met": fmt.number(compliance.met), "measured": fmt.number(compliance.measured)},
            )
        )
    for breach in sla["breaches"]:
        measure = breach["measure"]
        missed = fmt.days(breach["by"], 1)
        # The measure within a sentence ("days to fill"): the dashboard gives it in words of
        # the active language; else the measure's own name, its first letter lowered.
        measure_text = breach.get("measure_text") or f"{measure[:1].lower()}{measure[1:]}"
        lines.append(
            _line(
                "breach",
                [
                    "breach",
                    f"{breach['title']} ({measure})",
                    _fmt(breach["actual"]),
                    "",
                    _fmt(breach["target"]),
                    f"missed by {_fmt(breach['by'])}",
                ],
                f"{breach['title']}: {measure_text}",
                Unit.DAYS,
                fmt.days(breach["actual"], 1),
                "",
                fmt.days(breach["target"]),
                _("Missed by %(days)s, still open") % {"days": missed}
                if breach["open"]
                else _("Missed by %(days)s") % {"days": missed},
            )
        )
    for kind, n in data["pipeline"]:
        lines.append(
            _line(
                "pipeline",
                ["pipeline", f"active:{kind}", str(n), "", "", ""],
                labels.stage_label(kind),
                Unit.COUNT,
                fmt.number(n),
            )
        )
    return lines


def report_rows(data: dict) -> list[list[str]]:
    """The report's numbers for programs: rows of HEADER, keys and plain digits."""
    return [line.row for line in report_lines(data)]


def report_records(data: dict) -> list[dict]:
    """The report's numbers for programs as objects: HEADER's keys, with each measure's
    label and unit in people's words beside its key (the API, `kpi-report --format json`)."""
    return [
        {**dict(zip(HEADER, line.row, strict=True)), "label": line.label, "unit": line.unit.value}
        for line in report_lines(data)
    ]


def report_table(data: dict) -> list[list[str]]:
    """The report's numbers for people: rows of `labels.COLUMNS`, in words with units."""
    return [line.cells for line in report_lines(data)]


def report_sections(lines: list[ReportLine]) -> list[dict]:
    """The lines by section for the page and the PDF: title, column headings, rows of cells
    (breaches capped at BREACHES_SHOWN, sources one row each), and how many were left out."""
    sections = []
    for key, title in SECTIONS.items():
        rows = [line for line in lines if line.section == key]
        if not rows:
            continue
        if key == "source":
            by_source: dict[str, list[str]] = {}
            for line in rows:
                cells = by_source.setdefault(line.group, [line.group, "", "", ""])
                if line.row[1].endswith(":applicants"):
                    cells[1] = line.cells[2]
                else:
                    cells[2], cells[3] = line.cells[2], line.cells[5]
            columns = [str(column) for column in SOURCE_COLUMNS]
            cells, shown = list(by_source.values()), rows
        else:
            shown = rows[:BREACHES_SHOWN] if key == "breach" else rows
            columns = [str(heading) for heading, _n in SECTION_COLUMNS[key]]
            cells = [[line.cells[n] for _heading, n in SECTION_COLUMNS[key]] for line in shown]
        sections.append(
            {
                "key": key,
                "title": str(title),
                "columns": columns,
                "cells": cells,
                "shown": len(shown),
                "total": len(rows),
                "more": len(rows) - len(shown),
            }
        )
    return sections


def report_csv(data: dict) -> str:
    """The report for the client's spreadsheet: the people's table, headed in words."""
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow([str(column) for column in COLUMNS])
    writer.writerows(report_table(data))
    return out.getvalue()


def report_charts(data: dict) -> list[dict]:
    """The report's charts as (title, caption, rows of (label, number)): the page draws them
    as SVG, the PDF with reportlab's own shapes. Sources past SOURCES_SHOWN sum as one bar."""
    kpis = data["kpis"]
    sources = sorted(
        ((labels.source_label(name), s.applicants) for name, s in kpis.sources.items()),
        key=lambda row: -row[1],
    )
    if len(sources) > SOURCES_SHOWN:
        rest = sum(n for _, n in sources[SOURCES_SHOWN - 1 :])
        sources = sources[: SOURCES_SHOWN - 1] + [(_("Other sources"), rest)]
    return [
        {
            "key": "funnel",
            "title": _("Funnel"),
            "caption": _(
                "Applications that entered the pipeline in the month, by the furthest "
                "stage they reached."
            ),
            "rows": [(labels.stage_label(s.kind), s.reached) for s in kpis.funnel],
        },
        {
            "key": "sources",
            "title": _("Where applicants came from"),
            "caption": _("Applicants of the month by source."),
            "rows": sources,
        },
        {
            "key": "fill",
            "title": _("Time to fill"),
            "caption": _("Openings filled in the month, by days from approval to fill."),
            "rows": charts.histogram(kpis.fill_days, FILL_EDGES),
        },
        {
            "key": "pipeline",
            "title": _("Pipeline now"),
            "caption": _("Active applications today, by stage."),
            "rows": [(labels.stage_label(kind), n) for kind, n in data["pipeline"]],
        },
    ]


# --- the PDF ------------------------------------------------------------------------------------

INK = "#1f2933"
MUTED = "#52606d"
LOGO_BOX = (42 * 2.8346, 16 * 2.8346)  # at most 42 x 16 mm, in points


def _luminance(hex_colour: str) -> float:
    """WCAG relative luminance of #RRGGBB."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _text_on(background: str) -> str:
    """White or ink, whichever reads better on `background` (WCAG contrast ratio)."""
    return "#ffffff" if _contrast(background, "#ffffff") >= _contrast(background, INK) else INK


def _contrast(one: str, other: str) -> float:
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _tint(hex_colour: str, share: float) -> str:
    """`hex_colour` mixed with `share` of white."""
    channels = [int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)]
    mixed = [round(c + (255 - c) * share) for c in channels]
    return "#" + "".join(f"{c:02x}" for c in mixed)


def _logo(client):
    """The client's logo as a reportlab Image within LOGO_BOX, or None (none, or unreadable)."""
    from reportlab.lib.utils import ImageReader
    from reportlab.platypus import Image

    if not client.logo:
        return None
    try:
        with client.logo.open("rb") as handle:
            raw = handle.read()
        width, height = ImageReader(io.BytesIO(raw)).getSize()
    except Exception:  # a missing or damaged logo leaves the report without it
        logger.warning("The logo of client %s could not be read for its report.", client.pk)
        return None
    scale = min(LOGO_BOX[0] / width, LOGO_BOX[1] / height)
    return Image(io.BytesIO(raw), width=width * scale, height=height * scale)


def _chart_drawing(rows, colour: str, width: float):
    """Horizontal bars, each named and numbered in text; neighbours alternate full colour
    and a tint, so they differ without reading colour."""
    from reportlab.graphics.shapes import Drawing, Line, Rect, String
    from reportlab.lib import colors

    row_height, label_width = 16, 150
    span = width - label_width - 70
    top = max([n for _, n in rows] + [1])
    drawing = Drawing(width, row_height * max(1, len(rows)) + 4)
    ink, fill, light = (colors.HexColor(c) for c in (INK, colour, _tint(colour, 0.55)))
    for n, (label, value) in enumerate(rows):
        y = drawing.height - (n + 1) * row_height
        length = 0 if not value else max(1.0, value / top * span)
        drawing.add(
            String(
                label_width - 6,
                y + 4,
                str(label),
                fontName="Helvetica",
                fontSize=8,
                fillColor=ink,
                textAnchor="end",
            )
        )
        if length:
            drawing.add(
                Rect(
                    label_width,
                    y + 2,
                    length,
                    row_height - 5,
                    fillColor=fill if n % 2 == 0 else light,
                    strokeColor=fill,
                    strokeWidth=0.6,
                )
            )
        drawing.add(
            String(
                label_width + length + 4,
                y + 4,
                fmt.number(value),
                fontName="Helvetica",
                fontSize=8,
                fillColor=ink,
            )
        )
    drawing.add(Line(label_width, 0, label_width, drawing.height, strokeColor=ink, strokeWidth=0.5))
    return drawing


def report_pdf(data: dict, commentary: str = "") -> bytes:
    """The report as an A4 PDF in the client's colours and logo, prepared by the provider:
    key indicators against the SLA targets, charts drawn with reportlab's own shapes, every
    section's table in words with units, the commentary and how each measure is computed.

    Its size is bounded whatever the data: the breaches are the BREACHES_SHOWN largest (the
    CSV has them all) and the sources chart at most SOURCES_SHOWN bars.
    """
    from django.conf import settings
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        KeepTogether,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    client = data["client"]
    provider = settings.OUTHIRE_PROVIDER_NAME
    colour = client.primary_colour or "#1f4e79"
    on_colour = _text_on(colour)
    # Headings in the client's colour when it reads on white (4.5:1), else in ink.
    heading = colour if _contrast(colour, "#ffffff") >= 4.5 else INK
    period = date_range(data["start"], data["end"] - timedelta(days=1))
    whole_month = data["start"].day == 1 and data["end"] == month_bounds(data["start"])[1]
    when = calendar_month(data["start"]) if whole_month else period
    title = _("%(client)s: recruiting report, %(when)s") % {"client": client.name, "when": when}

    styles = getSampleStyleSheet()
    ink = colors.HexColor(INK)
    body = ParagraphStyle("body", parent=styles["BodyText"], fontSize=9, leading=12, textColor=ink)
    small = ParagraphStyle("small", parent=body, fontSize=8, leading=10, textColor=MUTED)
    h2 = ParagraphStyle(
        "h2",
        parent=styles["Heading2"],
        fontSize=13,
        textColor=colors.HexColor(heading),
        spaceBefore=10,
        spaceAfter=4,
    )
    on = ParagraphStyle("on", parent=body, textColor=colors.HexColor(on_colour))
    band_title = ParagraphStyle(
        "band_title", parent=on, fontName="Helvetica-Bold", fontSize=16, leading=20
    )
    band_right = ParagraphStyle("band_right", parent=on, alignment=TA_RIGHT)

    def p(text, style=body):
        return Paragraph(escape(str(text)), style)

    width = A4[0] - 36 * mm
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=title,
        author=provider,
        subject=_("Recruiting report"),
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=18 * mm,
    )

    def footer(canvas, document):
        canvas.saveState()
        canvas.setFont("Helvetica", 7.5)
        canvas.setFillColor(colors.HexColor(MUTED))
        canvas.drawString(
            18 * mm,
            10 * mm,
            _("%(client)s · recruiting report, %(when)s") % {"client": client.name, "when": when},
        )
        canvas.drawRightString(
            A4[0] - 18 * mm,
            10 * mm,
            _("Prepared by %(provider)s · page %(page)s")
            % {"provider": provider, "page": document.page},
        )
        canvas.setStrokeColor(colors.HexColor(colour))
        canvas.setLineWidth(1.5)
        canvas.line(18 * mm, 13 * mm, A4[0] - 18 * mm, 13 * mm)
        canvas.restoreState()

    logo = _logo(client)
    band = Table(
        [
            [
                logo or "",
                [p(title, band_title), p(period, on)],
                p(_("Prepared by %(provider)s") % {"provider": provider}, band_right),
            ]
        ],
        colWidths=[logo.drawWidth + 16 if logo else 2, None, 44 * mm],
    )
    band.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor(colour)),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 10),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
            ]
        )
    )
    if logo is not None:
        # The logo sits on white, whatever the band's colour.
        band.setStyle(TableStyle([("BACKGROUND", (0, 0), (0, 0), colors.white)]))
    story = [band, Spacer(1, 8)]
    engagement = data["engagement"]
    story.append(
        p(
            _("SLA targets from the engagement “%(name)s”.") % {"name": engagement.name}
            if engagement
            else _("No active engagement: no SLA targets to compare with."),
            small,
        )
    )

    def table(header, rows, widths=None, first_bold=False):
        grid = Table(
            [
                [
                    p(
                        c,
                        ParagraphStyle(
                            "th",
                            parent=small,
                            textColor=colors.HexColor(on_colour),
                            fontName="Helvetica-Bold",
                        ),
                    )
                    for c in header
                ]
            ]
            + [[p(c) for c in row] for row in rows],
            colWidths=widths,
            repeatRows=1,
        )
        grid.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(colour)),
                    (
                        "ROWBACKGROUNDS",
                        (0, 1),
                        (-1, -1),
                        [colors.white, colors.HexColor("#f3f5f7")],
                    ),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#cbd2d9")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("TOPPADDING", (0, 0), (-1, -1), 3),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ]
            )
        )
        return grid

    lines = report_lines(data)
    sections = {s["key"]: s for s in report_sections(lines)}
    story += [
        p(sections["kpi"]["title"], h2),
        table(
            sections["kpi"]["columns"],
            sections["kpi"]["cells"],
            widths=[0.3 * width, 0.19 * width, 0.19 * width, 0.2 * width, 0.12 * width],
        ),
    ]
    for chart in report_charts(data):
        if not chart["rows"]:
            continue
        story.append(
            KeepTogether(
                [
                    p(chart["title"], h2),
                    _chart_drawing(chart["rows"], colour, width),
                    Spacer(1, 2),
                    p(chart["caption"], small),
                ]
            )
        )
    for key in ("sla", "breach", "funnel", "source", "pipeline"):
        section = sections.get(key)
        if section is None:
            continue
        n = len(section["columns"])
        widths = [0.4 * width] + [0.6 * width / (n - 1)] * (n - 1)
        block = [p(section["title"], h2), table(section["columns"], section["cells"], widths)]
        # A short table stays on one page with its heading; a long one (breaches) flows on.
        story += [KeepTogether(block)] if len(section["cells"]) <= 15 else block
        if section["more"]:
            story.append(
                p(
                    _("The %(shown)s largest of %(total)s breaches; the CSV lists them all.")
                    % {
                        "shown": fmt.number(section["shown"]),
                        "total": fmt.number(section["total"]),
                    },
                    small,
                )
            )
    story += [p(_("Commentary"), h2)]
    for paragraph in (commentary or _("No commentary this month.")).split("\n\n"):
        story.append(p(paragraph))
    story.append(
        KeepTogether(
            [
                p(_("How each measure is computed"), h2),
                table(
                    [_("Measure"), _("How it is computed")],
                    [[str(s.label), str(s.how)] for s in TILES],
                    widths=[0.28 * width, 0.72 * width],
                ),
            ]
        )
    )
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def report_send(*, report, today: date | None = None) -> int:
    """E-mail a monthly report (PDF and CSV) to the client's admins and the account lead."""
    from django.conf import settings
    from django.core.mail import EmailMessage
    from django.utils import timezone

    from outhire.accounts.models import Membership
    from outhire.lib.i18n import user_language

    client = report.client
    start, end = month_bounds(report.month)
    data = report_data(client, start, end)
    users = {
        m.user
        for m in Membership.objects.filter(
            client=client, role="client_admin", user__is_active=True
        ).select_related("user")
    }
    lead = getattr(data["engagement"], "account_lead", None)
    if lead is not None and lead.is_active:
        users.add(lead)
    if not users:
        return 0
    # Each reader gets the report in their language: one e-mail per language among them.
    by_language: dict[str, set[str]] = {}
    for user in users:
        by_language.setdefault(user_language(user), set()).add(user.email)
    name = f"{client.slug}-report-{report.month:%Y-%m}"
    link = f"{settings.SITE_URL}/analytics/{client.slug}/report/?month={report.month:%Y-%m}"
    for language, recipients in sorted(by_language.items()):
        with translation.override(language):
            data = report_data(client, start, end)
            month = calendar_month(report.month)
            email = EmailMessage(
                _("%(client)s: recruiting report for %(month)s")
                % {"client": client.name, "month": month},
                _("The recruiting report for %(month)s is attached (PDF and CSV).")
                % {"month": month}
                + "\n\n"
                + _("Open it in Outhire: %(link)s") % {"link": link}
                + "\n",
                settings.DEFAULT_FROM_EMAIL,
                sorted(recipients),
            )
            email.attach(f"{name}.pdf", report_pdf(data, report.commentary), "application/pdf")
            email.attach(f"{name}.csv", report_csv(data), "text/csv")
        email.send()
    report.emailed_at = timezone.now()
    report.save(update_fields=["emailed_at"])
    return sum(len(recipients) for recipients in by_language.values())
