"""The arithmetic of invoices: line amounts, tax treatment, totals. Plain Python (Django for
the words only: the tax notes and messages are translated).

The rounding rule (the same as EN 16931, the European e-invoicing standard, so the PDF, the
page and the UBL file always agree):

1. each line's net amount is quantity x unit price, rounded to the cent, half up (0.005 -> 0.01);
2. the lines of one tax rate (one *tax group*) are summed, unrounded sums of rounded amounts;
3. the tax of a group is its net sum x rate / 100, rounded to the cent, half up, once per
   group (EN 16931 rule BR-CO-17), never line by line;
4. the invoice's net total is the sum of the line amounts, its tax the sum of the groups' taxes,
   its gross total net + tax.

Amounts are never converted between currencies: an invoice has one currency and every line is
in it (`check_currency`).

The tax rates below are the standard rates as Outhire knows them; they are data, not law.
**Finance must check them against the tax authorities' current rates before go-live and
whenever a rate changes** (docs/billing.md says how). The rules are deliberately simple: a
provider that sells recruitment services (business-to-business services):

- to a client in its own country charges its country's standard rate ("S");
- to a client in another EU country that has given a VAT id applies the reverse charge ("AE",
  0 %, the client accounts for the VAT: Article 196 of Council Directive 2006/112/EC);
- to a client in another EU country without a VAT id charges its own country's rate ("S");
- to a client outside its country and outside the EU reverse-charge area charges no VAT
  ("O", outside the scope), unless the client has a sales tax rate configured (US states,
  where the provider collects it), which is then charged as category "S".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from outhire.lib.pure_i18n import gettext as _

CENT = Decimal("0.01")
HUNDRED = Decimal(100)

# Standard VAT rates (percent) of the countries Outhire's clients and provider are in. Checked
# against the European Commission's "VAT rates in the EU" table and HMRC for GB, 2026; finance
# owns this table (see the module docstring).
VAT_RATES: dict[str, Decimal] = {
    "AT": Decimal("20"),
    "BE": Decimal("21"),
    "DE": Decimal("19"),
    "DK": Decimal("25"),
    "ES": Decimal("21"),
    "FI": Decimal("25.5"),
    "FR": Decimal("20"),
    "GB": Decimal("20"),
    "IE": Decimal("23"),
    "IT": Decimal("22"),
    "LU": Decimal("17"),
    "NL": Decimal("21"),
    "PL": Decimal("23"),
    "PT": Decimal("23"),
    "SE": Decimal("25"),
    "CH": Decimal("8.1"),
    "NO": Decimal("25"),
}

# Member states of the EU VAT area, where B2B services across a border are reverse-charged.
EU_VAT_AREA = frozenset(
    {
        "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
        "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
    }
)  # fmt: skip


class CurrencyMismatch(ValueError):
    """A line in another currency than its invoice: amounts are never converted silently."""


def money(value: Decimal | int | str) -> Decimal:
    """`value` rounded to the cent, half up."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def line_amount(quantity: Decimal, unit_price: Decimal) -> Decimal:
    """A line's net amount: quantity x unit price, rounded to the cent, half up (rule 1)."""
    return money(Decimal(quantity) * Decimal(unit_price))


def check_currency(invoice_currency: str, line_currency: str) -> None:
    if line_currency.upper() != invoice_currency.upper():
        raise CurrencyMismatch(
            _(
                "This line is in %(line_currency)s but the invoice is in %(currency)s. Amounts "
                "are never converted: convert it yourself and enter the %(currency)s amount, or "
                "invoice it separately."
            )
            % {"line_currency": line_currency.upper(), "currency": invoice_currency.upper()}
        )


@dataclass(frozen=True)
class TaxTreatment:
    """How an invoice is taxed: the UNCL5305 category, the rate, and what the invoice says."""

    category: str  # "S" standard, "AE" reverse charge, "O" outside the scope
    rate: Decimal
    note: str
    exemption_code: str = ""  # VATEX code, for categories other than S

    @property
    def is_reverse_charge(self) -> bool:
        return self.category == "AE"


def tax_treatment(
    *,
    seller_country: str,
    buyer_country: str,
    buyer_vat_id: str = "",
    sales_tax_rate: Decimal | None = None,
) -> TaxTreatment:
    """The tax treatment of a provider in `seller_country` invoicing a client (see above)."""
    seller = seller_country.upper()
    buyer = buyer_country.upper()
    if sales_tax_rate is not None and buyer == "US":
        rate = Decimal(sales_tax_rate)
        if rate > 0:
            return TaxTreatment("S", rate, _("Sales tax %(rate)s%%") % {"rate": rate})
    if buyer == seller and seller in VAT_RATES:
        rate = VAT_RATES[seller]
        return TaxTreatment("S", rate, _("VAT %(rate)s%%") % {"rate": rate})
    if seller in EU_VAT_AREA and buyer in EU_VAT_AREA and buyer != seller:
        if buyer_vat_id.strip():
            return TaxTreatment(
                "AE",
                Decimal("0"),
                _(
                    "Reverse charge: VAT to be accounted for by the recipient "
                    "(Article 196, Council Directive 2006/112/EC)."
                ),
                "VATEX-EU-AE",
            )
        if seller in VAT_RATES:
            rate = VAT_RATES[seller]
            return TaxTreatment("S", rate, _("VAT %(rate)s%%") % {"rate": rate})
    return TaxTreatment(
        "O",
        Decimal("0"),
        _("Not subject to VAT in the supplier's country (services to a client abroad)."),
        "VATEX-EU-O",
    )


@dataclass(frozen=True)
class Line:
    quantity: Decimal
    unit_price: Decimal
    rate: Decimal
    category: str = "S"


@dataclass(frozen=True)
class TaxGroup:
    category: str
    rate: Decimal
    net: Decimal
    tax: Decimal


@dataclass(frozen=True)
class Totals:
    net: Decimal
    tax: Decimal
    gross: Decimal
    groups: list[TaxGroup] = field(default_factory=list)
    line_amounts: list[Decimal] = field(default_factory=list)


def totals(lines: Iterable[Line]) -> Totals:
    """The invoice's totals by the rounding rule of the module docstring."""
    amounts = []
    groups: dict[tuple[str, Decimal], Decimal] = {}
    for line in lines:
        amount = line_amount(line.quantity, line.unit_price)
        amounts.append(amount)
        key = (line.category, Decimal(line.rate))
        groups[key] = groups.get(key, Decimal("0.00")) + amount
    tax_groups = [
        TaxGroup(category, rate, net, money(net * rate / HUNDRED))
        for (category, rate), net in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1]))
    ]
    net = sum(amounts, Decimal("0.00"))
    tax = sum((g.tax for g in tax_groups), Decimal("0.00"))
    return Totals(net=net, tax=tax, gross=net + tax, groups=tax_groups, line_amounts=amounts)


# --- Guarantee credits and SLA-linked adjustments (docs/billing.md, "Guarantee" and "SLA") ----


def guarantee_days_worked(start: date, left_on: date) -> int:
    """Calendar days from the start date to the last day (leaving on the start date is 0)."""
    return max((left_on - start).days, 0)


def within_guarantee(days_worked: int, guarantee_days: int) -> bool:
    """A hire who leaves before `guarantee_days` have passed is inside the guarantee.

    With a 90-day guarantee, leaving after 89 days is inside, after 90 days outside; 0 days of
    guarantee means none at all.
    """
    return guarantee_days > 0 and days_worked < guarantee_days


def prorata_credit(fee: Decimal, *, guarantee_days: int, days_worked: int) -> Decimal:
    """The fee for the guarantee days not worked: fee x (guarantee - worked) / guarantee.

    4,000.00 with 42 of 90 days worked: 4,000.00 x 48 / 90 = 2,133.33 (rounded half up).
    """
    if guarantee_days <= 0:
        return money(0)
    unused = max(guarantee_days - days_worked, 0)
    return money(Decimal(fee) * unused / guarantee_days)


def percent_of(base: Decimal, percent: Decimal) -> Decimal:
    """`percent` % of `base`, rounded to the cent half up: 5 % of 40,000.00 = 2,000.00."""
    return money(Decimal(base) * Decimal(percent) / HUNDRED)


def sla_term_applies(share_percent: Decimal, threshold: Decimal, comparison: str) -> bool:
    """Whether an SLA term's adjustment applies to a measured share (in per cent).

    `below`: when the share is under the threshold (exactly at it does not apply);
    `at_least`: when it is at or above the threshold (exactly at it applies).
    """
    if comparison == "below":
        return share_percent < threshold
    if comparison == "at_least":
        return share_percent >= threshold
    raise ValueError(f"Unknown comparison {comparison!r}: expected 'below' or 'at_least'.")
