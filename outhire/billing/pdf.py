"""An issued invoice or credit note as an A4 PDF with the provider's details (reportlab).

Everything printed comes from the invoice as it was issued (its frozen seller and buyer, its
lines and totals), so the PDF of an invoice reads the same in ten years. Amounts and dates are
written by `outhire.lib.formatting`, as on the pages. It is written in the client's language
(`BillingAccount.language`, frozen in the buyer at issue), whoever downloads it.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils import translation
from django.utils.translation import gettext as _

from outhire.lib.formatting import calendar_date, money


def _address(party: dict) -> str:
    parts = [
        f"<b>{escape(party.get('name', ''))}</b>",
        escape(party.get("street", "")),
        escape(" ".join(p for p in (party.get("postcode", ""), party.get("city", "")) if p)),
        escape(party.get("country", "")),
    ]
    if party.get("vat_id"):
        parts.append(escape(_("VAT id %(vat_id)s") % {"vat_id": party["vat_id"]}))
    if party.get("email"):
        parts.append(escape(party["email"]))
    return "<br/>".join(p for p in parts if p)


def render(invoice, lines) -> bytes:
    from outhire.billing.services import document_language

    with translation.override(document_language(invoice)):
        return _render(invoice, lines)


def _render(invoice, lines) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    body = styles["BodyText"]
    small = styles["BodyText"].clone("small", fontSize=8, leading=10)
    buffer = io.BytesIO()
    if invoice.is_credit_note:
        title = _("Credit note %(number)s") % {"number": invoice.number}
    else:
        title = _("Invoice %(number)s") % {"number": invoice.number}
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=title,
        author=invoice.seller.get("name", ""),
    )
    currency = invoice.currency
    width = A4[0] - 40 * mm
    story = [
        Table(
            [
                [
                    Paragraph(_address(invoice.seller), body),
                    Paragraph(escape(title), styles["Title"]),
                ]
            ],
            colWidths=[width * 0.55, width * 0.45],
            style=TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]),
        ),
        Spacer(1, 8 * mm),
    ]
    facts = [
        (_("Number"), invoice.number),
        (_("Date"), calendar_date(invoice.issue_date)),
    ]
    if not invoice.is_credit_note:
        facts.append((_("Due"), calendar_date(invoice.due_date)))
    else:
        facts.append((_("Credits invoice"), invoice.credits.number))
    facts.append(
        (
            _("Period"),
            f"{calendar_date(invoice.period_start)} – {calendar_date(invoice.period_end)}",
        )
    )
    if invoice.po_number:
        facts.append((_("PO number"), invoice.po_number))
    fact_rows = [
        [Paragraph(f"<b>{escape(k)}</b>", body), Paragraph(escape(v), body)] for k, v in facts
    ]
    story.append(
        Table(
            [
                [
                    Paragraph(
                        f"<b>{escape(_('Bill to'))}</b><br/><br/>" + _address(invoice.buyer), body
                    ),
                    Table(fact_rows, colWidths=[width * 0.18, width * 0.27]),
                ]
            ],
            colWidths=[width * 0.55, width * 0.45],
            style=TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]),
        )
    )
    story.append(Spacer(1, 8 * mm))
    rows = [[_("Description"), _("Quantity"), _("Unit price"), _("Amount")]]
    for line in lines:
        text = escape(line.description)
        if line.evidence:
            text += f"<br/><font size=8>{escape(line.evidence)}</font>"
        rows.append(
            [
                Paragraph(text, body),
                f"{line.quantity.normalize():f}",
                money(line.unit_price, currency),
                money(line.amount, currency),
            ]
        )
    totals = invoice.computed_totals(lines)
    rows.append(["", "", _("Net"), money(totals.net, currency)])
    for group in totals.groups:
        if group.category == "S":
            label = _("VAT %(rate)s%%") % {"rate": f"{group.rate.normalize():f}"}
        elif group.category == "AE":
            label = _("VAT (reverse charge)")
        else:
            label = _("VAT (not subject)")
        rows.append(["", "", label, money(group.tax, currency)])
    rows.append(["", "", _("Total"), money(totals.gross, currency)])
    table = Table(rows, colWidths=[width * 0.5, width * 0.14, width * 0.18, width * 0.18])
    table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
                ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEABOVE", (2, -1), (-1, -1), 0.5, colors.black),
                ("FONTNAME", (2, -1), (-1, -1), "Helvetica-Bold"),
            ]
        )
    )
    story.append(table)
    story.append(Spacer(1, 6 * mm))
    if invoice.tax_category != "S" and invoice.tax_note:
        story.append(Paragraph(escape(invoice.tax_note), body))
    if invoice.is_credit_note and invoice.reason:
        story.append(Paragraph(escape(_("Reason: %(reason)s") % {"reason": invoice.reason}), body))
    if not invoice.is_credit_note and invoice.seller.get("iban"):
        story.append(
            Paragraph(
                escape(
                    _("Please pay %(total)s by %(due)s to IBAN %(iban)s, quoting %(number)s.")
                    % {
                        "total": money(totals.gross, currency),
                        "due": calendar_date(invoice.due_date),
                        "iban": invoice.seller["iban"],
                        "number": invoice.number,
                    }
                ),
                body,
            )
        )
    story.append(Spacer(1, 4 * mm))
    story.append(Paragraph(escape(invoice.seller.get("name", "")), small))
    document.build(story)
    return buffer.getvalue()
