"""An issued invoice or credit note as a UBL 2.1 document following Peppol BIS Billing 3.0.

Elements are written in the order the OASIS UBL 2.1 schema requires (the tests validate every
document against the official XSDs vendored in `billing/tests/ubl/`), with the Peppol BIS 3.0
identifiers and the EN 16931 rules the tests encode (totals, VAT breakdown, categories).
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _
from lxml import etree

from outhire.billing import amounts

NS_INVOICE = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
NS_CREDIT_NOTE = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
CUSTOMIZATION_ID = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
PROFILE_ID = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
INVOICE_TYPE = "380"  # UNCL1001: commercial invoice
CREDIT_NOTE_TYPE = "381"  # UNCL1001: credit note
PAYMENT_MEANS = "58"  # UNCL4461: SEPA credit transfer
EMAIL_SCHEME = "EM"  # Peppol EAS code list: electronic mail


def _cbc(parent, name: str, text, **attrs) -> etree._Element:
    element = etree.SubElement(parent, f"{{{CBC}}}{name}", **attrs)
    element.text = str(text)
    return element


def _cac(parent, name: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{CAC}}}{name}")


def _amount(parent, name: str, value: Decimal, currency: str) -> None:
    _cbc(parent, name, f"{amounts.money(value):.2f}", currencyID=currency)


def _rate(value: Decimal) -> str:
    return f"{Decimal(value).normalize():f}"


def _party(parent, role: str, party: dict, with_vat: bool) -> None:
    holder = _cac(_cac(parent, role), "Party")
    _cbc(holder, "EndpointID", party.get("email") or "unknown@invalid", schemeID=EMAIL_SCHEME)
    _cbc(_cac(holder, "PartyName"), "Name", party["name"])
    address = _cac(holder, "PostalAddress")
    _cbc(address, "StreetName", party["street"])
    _cbc(address, "CityName", party["city"])
    if party.get("postcode"):
        _cbc(address, "PostalZone", party["postcode"])
    _cbc(_cac(address, "Country"), "IdentificationCode", party["country"])
    if with_vat and party.get("vat_id"):
        scheme = _cac(holder, "PartyTaxScheme")
        _cbc(scheme, "CompanyID", party["vat_id"])
        _cbc(_cac(scheme, "TaxScheme"), "ID", "VAT")
    _cbc(_cac(holder, "PartyLegalEntity"), "RegistrationName", party["name"])


def _tax_category(parent, name: str, invoice) -> None:
    category = _cac(parent, name)
    _cbc(category, "ID", invoice.tax_category)
    if invoice.tax_category != "O":  # BR-O-05: no rate for "not subject to VAT"
        _cbc(category, "Percent", _rate(invoice.tax_rate))
    if invoice.tax_category in {"AE", "O", "E"} and name == "TaxCategory":
        _cbc(category, "TaxExemptionReasonCode", invoice.tax_exemption_code)
        _cbc(category, "TaxExemptionReason", invoice.tax_note)
    _cbc(_cac(category, "TaxScheme"), "ID", "VAT")


def document(invoice, lines) -> bytes:
    """The UBL XML of an issued invoice (root Invoice) or credit note (root CreditNote)."""
    credit = invoice.is_credit_note
    root_ns = NS_CREDIT_NOTE if credit else NS_INVOICE
    root = etree.Element(
        f"{{{root_ns}}}{'CreditNote' if credit else 'Invoice'}",
        nsmap={None: root_ns, "cac": CAC, "cbc": CBC},
    )
    currency = invoice.currency
    totals = invoice.computed_totals(lines)
    # BR-O-02..04: a "not subject to VAT" invoice names no VAT ids.
    with_vat = invoice.tax_category != "O"

    _cbc(root, "CustomizationID", CUSTOMIZATION_ID)
    _cbc(root, "ProfileID", PROFILE_ID)
    _cbc(root, "ID", invoice.number)
    _cbc(root, "IssueDate", invoice.issue_date.isoformat())
    if not credit:
        _cbc(root, "DueDate", invoice.due_date.isoformat())
        _cbc(root, "InvoiceTypeCode", INVOICE_TYPE)
    else:
        _cbc(root, "CreditNoteTypeCode", CREDIT_NOTE_TYPE)
    notes = [invoice.tax_note] if invoice.tax_category != "S" else []
    if credit and invoice.reason:
        notes.append(invoice.reason)
    if notes:
        _cbc(root, "Note", " ".join(notes))
    _cbc(root, "DocumentCurrencyCode", currency)
    # PEPPOL-EN16931-R003: a buyer reference or an order reference; the PO when there is one.
    _cbc(root, "BuyerReference", invoice.po_number or invoice.engagement.name[:100])
    period = _cac(root, "InvoicePeriod")
    _cbc(period, "StartDate", invoice.period_start.isoformat())
    _cbc(period, "EndDate", invoice.period_end.isoformat())
    if invoice.po_number:
        _cbc(_cac(root, "OrderReference"), "ID", invoice.po_number)
    if credit and invoice.credits_id:
        reference = _cac(_cac(root, "BillingReference"), "InvoiceDocumentReference")
        _cbc(reference, "ID", invoice.credits.number)
        _cbc(reference, "IssueDate", invoice.credits.issue_date.isoformat())
    _party(root, "AccountingSupplierParty", invoice.seller, with_vat)
    _party(root, "AccountingCustomerParty", invoice.buyer, with_vat)
    if not credit and invoice.seller.get("iban"):
        means = _cac(root, "PaymentMeans")
        _cbc(means, "PaymentMeansCode", PAYMENT_MEANS)
        _cbc(means, "PaymentID", invoice.number)
        _cbc(_cac(means, "PayeeFinancialAccount"), "ID", invoice.seller["iban"])
    if not credit:
        from outhire.billing.services import document_language

        with translation.override(document_language(invoice)):
            terms = _("Due on %(day)s") % {"day": invoice.due_date.isoformat()}
        _cbc(_cac(root, "PaymentTerms"), "Note", terms)

    tax_total = _cac(root, "TaxTotal")
    _amount(tax_total, "TaxAmount", totals.tax, currency)
    for group in totals.groups:
        subtotal = _cac(tax_total, "TaxSubtotal")
        _amount(subtotal, "TaxableAmount", group.net, currency)
        _amount(subtotal, "TaxAmount", group.tax, currency)
        _tax_category(subtotal, "TaxCategory", invoice)

    monetary = _cac(root, "LegalMonetaryTotal")
    _amount(monetary, "LineExtensionAmount", totals.net, currency)
    _amount(monetary, "TaxExclusiveAmount", totals.net, currency)
    _amount(monetary, "TaxInclusiveAmount", totals.gross, currency)
    _amount(monetary, "PayableAmount", totals.gross, currency)

    for index, line in enumerate(lines, start=1):
        element = _cac(root, "CreditNoteLine" if credit else "InvoiceLine")
        _cbc(element, "ID", index)
        if line.evidence:
            _cbc(element, "Note", line.evidence[:1000])
        quantity = f"{Decimal(line.quantity).normalize():f}"
        _cbc(
            element,
            "CreditedQuantity" if credit else "InvoicedQuantity",
            quantity,
            unitCode=line.unit_code,
        )
        _amount(element, "LineExtensionAmount", line.amount, currency)
        if line.source_ref:
            _cbc(element, "AccountingCost", line.source_ref)
        item = _cac(element, "Item")
        _cbc(item, "Name", line.description[:300])
        _tax_category(item, "ClassifiedTaxCategory", invoice)
        _amount(_cac(element, "Price"), "PriceAmount", line.unit_price, currency)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
