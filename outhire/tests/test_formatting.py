"""The one way numbers, money, durations and dates are written (outhire/lib/formatting.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from outhire.lib import formatting as fmt


def test_it_separates_thousands_and_keeps_one_decimal():
    assert fmt.number(1234567) == "1,234,567"
    assert fmt.number(12.345) == "12.3"
    assert fmt.number(12.0) == "12"
    assert fmt.number(Decimal("19610.5"), 2) == "19,610.50"
    assert fmt.number(-3.25, 1) == "-3.2"
    assert fmt.number(None) == ""


def test_it_writes_money_with_the_currency_symbol():
    assert fmt.money(19610, "EUR") == "€19,610.00"
    assert fmt.money(Decimal("1500.5"), "gbp") == "£1,500.50"
    assert fmt.money(19610, "EUR", 0) == "€19,610"
    # A currency without minor units keeps none.
    assert fmt.money(125000, "JPY") == "JP¥125,000"
    assert fmt.money(12.5, "") == "12.50"
    assert fmt.money(None, "EUR") == ""


def test_it_writes_percentages_and_durations_with_units():
    assert fmt.percent(85) == "85%"
    assert fmt.percent(85.25) == "85.2%"
    assert fmt.percent(40.0, 1) == "40.0%"
    assert fmt.days(12.58) == "12.6 days"
    assert fmt.days(1) == "1 day"
    assert fmt.days(1234) == "1,234 days"
    assert fmt.hours(17) == "17 hours"
    assert fmt.hours(1.0) == "1 hour"
    assert fmt.days(None) == ""


def test_it_has_one_date_style(settings):
    settings.TIME_ZONE = "Europe/London"
    assert fmt.calendar_date(date(2026, 11, 1)) == "1 Nov 2026"
    assert fmt.calendar_month(date(2026, 11, 1)) == "November 2026"
    summer = datetime(2026, 7, 3, 13, 5, tzinfo=UTC)
    assert fmt.date_time(summer) == "3 Jul 2026, 14:05"
    # Late on 31 July in UTC is already 1 August in London.
    assert fmt.calendar_date(datetime(2026, 7, 31, 23, 30, tzinfo=UTC)) == "1 Aug 2026"
    assert fmt.date_range(date(2026, 11, 1), date(2026, 11, 30)) == "1 Nov 2026 to 30 Nov 2026"


def test_another_language_gets_its_own_separators():
    with translation.override("de"):
        assert fmt.number(1234567.5) == "1.234.567,5"
        assert fmt.money(19610, "EUR") == "19.610,00\xa0€"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('{{ v|money:"EUR" }}', "€12,345.00"),
        ("{{ v|number }}", "12,345"),
        ("{{ v|days }}", "12,345 days"),
        ('{{ none|money:"EUR"|default:"—" }}', "—"),
        ("{{ d|calendar_date }} · {{ d|calendar_month }}", "1 Nov 2026 · November 2026"),
    ],
)
def test_templates_have_the_filters_without_loading_them(source, expected):
    context = Context({"v": 12345, "none": None, "d": date(2026, 11, 1)})
    assert Template(source).render(context) == expected


def test_a_locale_can_be_given_without_activating_a_language():
    assert fmt.money(45000, "GBP", 0, locale="en_GB") == "£45,000"
    assert fmt.money(45000, "EUR", 0, locale="de_DE") == "45.000\xa0€"
    assert fmt.number(1234.5, locale="fr_FR") == "1\u202f234,5"
    assert fmt.calendar_date(date(2026, 11, 1), locale="de_DE") == "01.11.2026"
    assert (
        fmt.date_time(datetime(2026, 11, 1, 14, 5), locale="en_US") == "Nov 1, 2026, 2:05\u202fPM"
    )
    # Without it, the active language decides (en-gb here).
    assert fmt.money(45000, "GBP", 0) == "£45,000"


def test_times_are_in_the_active_zone_with_its_abbreviation_where_it_matters():
    winter = datetime(2027, 1, 11, 14, 0, tzinfo=UTC)
    with timezone.override("America/New_York"):
        assert fmt.date_time(winter) == "11 Jan 2027, 09:00"
        assert fmt.date_time_zone(winter) == "11 Jan 2027, 09:00 EST"
        assert fmt.appointment(winter) == "Monday, 11 January 2027, 09:00"
        assert fmt.clock(winter) == "09:00"
        assert fmt.zone_abbreviation(winter) == "EST"
        # 02:00 UTC is still the evening before in New York.
        assert fmt.calendar_date(datetime(2027, 1, 12, 2, 0, tzinfo=UTC)) == "11 Jan 2027"
    with timezone.override("Europe/London"):
        assert fmt.date_time_zone(datetime(2026, 7, 3, 13, 5, tzinfo=UTC)) == (
            "3 Jul 2026, 14:05 BST"
        )
    assert fmt.long_date(date(2027, 1, 11)) == "Monday, 11 January 2027"
    assert fmt.date_time_zone(None) == "" and fmt.zone_abbreviation(None) == ""


def test_code_names_without_a_label_read_as_words():
    assert fmt.words("offer.accepted") == "Offer accepted"
    assert fmt.words("fee_model") == "Fee model"
    assert fmt.words("first_shortlist:share_met") == "First shortlist share met"
    assert fmt.words(None) == ""


def test_salaries_are_whole_money_in_the_locales_own_pattern():
    assert fmt.whole_money(45000, "GBP") == "£45,000"
    assert fmt.whole_money(Decimal("45000.40"), "EUR") == "€45,000"
    assert fmt.whole_money(45000, "EUR", locale="de_DE") == "45.000\xa0€"
    assert fmt.whole_money(None, "EUR") == ""
    assert Template('{{ v|whole_money:"GBP" }}').render(Context({"v": 45000})) == "£45,000"


def test_dates_formatted_once_are_remembered_per_language_zone_and_style():
    """Days and times are formatted once per process and language (a board repeats them for every
    user): what is remembered must never leak into another language, zone or style."""
    moment = datetime(2027, 3, 5, 23, 30, tzinfo=UTC)
    for _ in range(2):  # the second round reads what the first remembered
        with timezone.override("Europe/Berlin"):
            assert fmt.date_time(moment) == "6 Mar 2027, 00:30"
            assert fmt.long_date(moment) == "Saturday, 6 March 2027"
            with translation.override("de"):
                assert fmt.date_time(moment) == "06.03.2027, 00:30"
                assert fmt.long_date(moment) == "Samstag, 6. März 2027"
        with timezone.override("America/New_York"):
            assert fmt.date_time(moment) == "5 Mar 2027, 18:30"
            assert fmt.clock(moment) == "18:30"
            assert fmt.date_time(moment, locale="en_US") == "Mar 5, 2027, 6:30\u202fPM"
