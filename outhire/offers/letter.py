"""Offer letters: a client's template text with $fields, rendered to text and to PDF.

The template is text written by people, so it is never given to a template engine that can
run code or read attributes: `string.Template` substitutes `$name` / `${name}` from a fixed
dictionary of strings and nothing else. In the PDF every value is escaped for reportlab's
paragraph mark-up. Pure Python (reportlab); Django only translates the messages about a
template.
"""

from __future__ import annotations

import io
import string
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

MERGE_FIELDS = {
    "candidate_name": "the candidate's full name",
    "first_name": "the candidate's first name",
    "job_title": "the requisition's title",
    "department": "the department",
    "location": "the job's location",
    "client_name": "the client's name",
    "pay": "the base pay with its currency, e.g. €65,000.00",
    "base_salary": "the base pay without its currency, e.g. 65,000.00",
    "currency": "the pay's currency, e.g. EUR",
    "pay_period": "year, month or hour",
    "bonus": "the bonus, as written on the offer",
    "bonus_line": "“Bonus: …” when there is a bonus, else nothing",
    "other_terms": "the other terms, as written on the offer",
    "start_date": "the start date, e.g. 1 Mar 2027",
    "expires_on": "the last day to accept",
    "hiring_manager": "the hiring manager's name",
    "today": "the date of the letter",
    "offer_version": "the offer's version number",
}


def template_problems(text: str) -> list[str]:
    """What is wrong with a letter template; [] when it can be used."""
    template = string.Template(text or "")
    if not (text or "").strip():
        return [_("The letter template is empty.")]
    if not template.is_valid():
        return [_("A “$” must start a merge field such as $candidate_name; write $$ for a dollar.")]
    unknown = sorted(set(template.get_identifiers()) - set(MERGE_FIELDS))
    if unknown:
        return [
            _("Unknown merge fields: %(fields)s.") % {"fields": ", ".join("$" + u for u in unknown)}
        ]
    return []


def render_text(text: str, values: dict[str, str]) -> str:
    """The letter as plain text. Unknown or malformed merge fields stay as typed."""
    return string.Template(text).safe_substitute({k: str(v) for k, v in values.items()})


def render_pdf(*, title: str, body: str, footer: str = "") -> bytes:
    """A one-column A4 PDF of the letter: a heading and one paragraph per block of text."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=25 * mm,
        rightMargin=25 * mm,
        topMargin=25 * mm,
        bottomMargin=25 * mm,
        title=title,
        author=footer or "Outhire",
    )
    story = [Paragraph(escape(title), styles["Title"]), Spacer(1, 6 * mm)]
    for block in body.replace("\r\n", "\n").split("\n\n"):
        lines = [escape(line) for line in block.split("\n")]
        if any(line.strip() for line in lines):
            story.append(Paragraph("<br/>".join(lines), styles["BodyText"]))
            story.append(Spacer(1, 3 * mm))
    if footer:
        story.append(Spacer(1, 6 * mm))
        story.append(Paragraph(escape(footer), styles["Italic"]))
    document.build(story)
    return buffer.getvalue()
