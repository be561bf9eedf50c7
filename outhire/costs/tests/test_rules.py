"""The pure rules of costs: fees, months due, periods, totals, reading a CSV file."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from outhire.costs import rows as cost_rows
from outhire.costs import rules as cost_rules

CATEGORIES = cost_rows.lookup_table(
    [("advertising", "Advertising and job boards"), ("recruiter_time", "Recruiter time")]
)
CHANNELS = cost_rows.lookup_table([("job_board", "Job board"), ("social", "Social media")])


def fee(**kwargs):
    values = {
        "fee_model": "per_hire",
        "engagement_currency": "EUR",
        "per_hire_fee": Decimal("5000"),
        "salary_percent": None,
        "base_salary": Decimal("60000"),
        "salary_currency": "GBP",
        "salary_period": "year",
    }
    return cost_rules.hire_fee(**{**values, **kwargs})


def test_a_per_hire_fee_is_in_the_engagement_currency():
    result = fee()
    assert (result.amount, result.currency) == (Decimal("5000.00"), "EUR")
    assert fee(fee_model="hybrid").amount == Decimal("5000.00")


def test_a_percentage_fee_is_a_share_of_the_annualised_salary_in_its_currency():
    result = fee(fee_model="percent_salary", salary_percent=Decimal("15"))
    assert (result.amount, result.currency) == (Decimal("9000.00"), "GBP")
    monthly = fee(
        fee_model="percent_salary",
        salary_percent=Decimal("15"),
        base_salary=Decimal("5000"),
        salary_period="monthly",
    )
    assert monthly.amount == Decimal("9000.00") and "annualised" in monthly.rule
    hourly = fee(
        fee_model="percent_salary",
        salary_percent=Decimal("20"),
        base_salary=Decimal("25.005"),
        salary_period="hour",
    )
    assert hourly.amount == Decimal("10402.08")  # 25.005 x 2080 x 20% = 10402.08, half up


def test_an_unknown_pay_period_counts_as_yearly():
    assert cost_rules.pay_period("fortnightly") == "year"
    assert cost_rules.pay_period(None) == "year"
    assert cost_rules.pay_period("Per Month") == "month"


def test_no_fee_per_hire_under_a_management_fee_or_without_amounts():
    assert fee(fee_model="management_fee") is None
    assert fee(per_hire_fee=None) is None
    assert fee(fee_model="percent_salary", salary_percent=Decimal("15"), base_salary=None) is None


def test_months_due_from_the_start_through_today():
    months = list(cost_rules.months_due(date(2026, 1, 15), None, date(2026, 4, 1)))
    assert months == [date(2026, 1, 15), date(2026, 2, 1), date(2026, 3, 1), date(2026, 4, 1)]


def test_months_due_stop_at_the_end_and_start_in_the_future_gives_none():
    ended = list(cost_rules.months_due(date(2025, 11, 1), date(2026, 1, 10), date(2026, 6, 1)))
    assert ended == [date(2025, 11, 1), date(2025, 12, 1), date(2026, 1, 1)]
    assert list(cost_rules.months_due(date(2026, 5, 1), None, date(2026, 4, 30))) == []


def test_months_cross_the_year():
    assert cost_rules.add_months(date(2025, 12, 31), 1) == date(2026, 1, 1)
    assert cost_rules.add_months(date(2026, 1, 5), -1) == date(2025, 12, 1)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("this_month", (date(2026, 5, 1), date(2026, 5, 31))),
        ("last_month", (date(2026, 4, 1), date(2026, 4, 30))),
        ("this_quarter", (date(2026, 4, 1), date(2026, 6, 30))),
        ("last_quarter", (date(2026, 1, 1), date(2026, 3, 31))),
        ("this_year", (date(2026, 1, 1), date(2026, 12, 31))),
        ("last_year", (date(2025, 1, 1), date(2025, 12, 31))),
        ("last_12_months", (date(2025, 6, 1), date(2026, 5, 20))),
    ],
)
def test_named_periods(name, expected):
    assert cost_rules.period_range(name, date(2026, 5, 20)) == expected


def test_totals_never_mix_currencies_and_add_up():
    rows = [
        ("EUR", "advertising", Decimal("100.10"), 2),
        ("EUR", "recruiter_time", Decimal("50.05"), 1),
        ("USD", "advertising", Decimal("999"), 1),
    ]
    totals = cost_rules.totals_by_currency(rows, frozenset({"advertising"}))
    by = {t.currency: t for t in totals}
    assert set(by) == {"EUR", "USD"}
    assert by["EUR"].external == Decimal("100.10") and by["EUR"].internal == Decimal("50.05")
    assert by["EUR"].total == Decimal("150.15") and by["EUR"].entries == 3
    assert by["USD"].total == Decimal("999") and by["USD"].internal == 0
    assert sum(by["EUR"].by_category.values()) == by["EUR"].total


def read(text: str) -> cost_rows.CostFile:
    return cost_rows.read_costs(text.encode(), categories=CATEGORIES, channels=CHANNELS)


def test_it_reads_rows_with_columns_in_any_order_and_labels():
    parsed = read(
        "Amount;Currency;Date;Category;Channel;Board\n"
        "1,250.50;eur;2026-03-02;Advertising and job boards;Job board;indeed\n"
        "80;USD;2026-03-03;recruiter_time;;\n"
    )
    first, second = parsed.rows
    assert first.ok and second.ok
    assert (first.amount, first.currency, first.category) == (
        Decimal("1250.50"),
        "EUR",
        "advertising",
    )
    assert (first.channel, first.channel_detail, first.line) == ("job_board", "indeed", 2)
    assert second.line == 3 and second.channel == ""


def test_it_reports_each_problem_with_its_line():
    parsed = read(
        "date,category,amount,currency,channel\n"
        "2026-03-02,advertising,10,EUR,\n"
        "\n"
        "02/03/2026,coffee,-5,EURO,telepathy\n"
        "2026-02-30,advertising,1.234,EUR,\n"
    )
    errors = {(line, column) for line, column, _ in parsed.errors}
    assert (4, "date") in errors and (4, "category") in errors and (4, "amount") in errors
    assert (4, "currency") in errors and (4, "channel") in errors
    assert (5, "date") in errors and (5, "amount") in errors
    assert parsed.rows[0].ok


def test_a_file_without_the_required_columns_is_refused_whole():
    with pytest.raises(cost_rows.CostFileError, match="missing: amount"):
        read("date,category,currency\n2026-03-02,advertising,EUR\n")
    with pytest.raises(cost_rows.CostFileError, match="no costs"):
        read("date,category,amount,currency\n")
    with pytest.raises(cost_rows.CostFileError):
        cost_rows.read_costs(b"", categories=CATEGORIES, channels=CHANNELS)


def test_identical_rows_get_different_keys_and_the_same_file_the_same_keys():
    text = (
        "date,category,amount,currency\n"
        "2026-03-02,advertising,10,EUR\n"
        "2026-03-02,advertising,10,EUR\n"
        "2026-03-02,advertising,10.00,eur\n"
    )
    keys = [row.key for row in read(text).rows]
    assert len(set(keys)) == 3
    assert keys == [row.key for row in read(text).rows]
    # The same cost written differently is the same cost: 10.00 EUR is 10 EUR.
    single = read("date,category,amount,currency\n2026-03-02,advertising,10.00,eur\n")
    assert single.rows[0].key == keys[0]
