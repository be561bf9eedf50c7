"""The bias audit formulas on numbers worked out by hand."""

from __future__ import annotations

import pytest

from outhire.screening.bias import Record, scoring_audit, selection_audit


def _people(sex, race, count, selected):
    return [Record(sex, race, selected=n < selected) for n in range(count)]


def _by(table):
    return {g.category: g for g in table.groups}


def test_selection_rates_and_impact_ratios_by_sex():
    # Men: 50 of 100 selected (0.50). Women: 30 of 100 (0.30): 0.30 / 0.50 = 0.60 < 0.8.
    records = _people("Male", "White", 100, 50) + _people("Female", "Asian", 100, 30)
    records += [Record(None, None, selected=True)] * 10  # no self-ID: counted apart
    table = selection_audit(records, "sex")
    groups = _by(table)
    assert (groups["Male"].rate, groups["Male"].impact_ratio) == (0.5, 1.0)
    assert groups["Female"].rate == pytest.approx(0.3)
    assert groups["Female"].impact_ratio == pytest.approx(0.6)
    assert [g.category for g in table.flagged] == ["Female"]
    assert (table.unknown, table.total) == (10, 210)


def test_a_category_under_two_percent_is_listed_as_excluded():
    # 3 of 210 people (1.4%) are Native American: excluded from the ratios, still counted.
    records = (
        _people("Male", "White", 100, 40)
        + _people("Female", "Black or African American", 107, 20)
        + _people("Male", "Native American or Alaska Native", 3, 3)
    )
    table = selection_audit(records, "race")
    groups = _by(table)
    native = groups["Native American or Alaska Native"]
    assert native.excluded and native.count == 3 and native.impact_ratio is None
    # The highest rate compared is White's 0.40 (Native's 1.00 is excluded).
    assert groups["White"].impact_ratio == 1.0
    assert groups["Black or African American"].impact_ratio == pytest.approx((20 / 107) / 0.4)
    assert [g.category for g in table.excluded] == ["Native American or Alaska Native"]


def test_intersections_need_both_categories():
    records = _people("Female", "Asian", 50, 25) + _people("Male", "Asian", 50, 10)
    records += [Record("Female", None, selected=True)]
    table = selection_audit(records, "intersection")
    groups = _by(table)
    assert groups["Female · Asian"].impact_ratio == 1.0
    assert groups["Male · Asian"].impact_ratio == pytest.approx(0.2 / 0.5)
    assert table.unknown == 1
    assert groups["Male · White"].count == 0 and groups["Male · White"].rate is None


def test_scoring_rates_count_scores_above_the_sample_median():
    # Scores 10..80: the median is 45. Men scored 50, 60, 70, 80 (4 of 4 above);
    # women 10, 20, 30, 40 (0 above), so their impact ratio is 0.
    records = [Record("Male", "White", score=s) for s in (50, 60, 70, 80)]
    records += [Record("Female", "White", score=s) for s in (10, 20, 30, 40)]
    records += [Record("Female", "White", score=None)]  # not scored: not in the sample
    table = scoring_audit(records, "sex")
    groups = _by(table)
    assert table.median_score == 45 and table.total == 8
    assert groups["Male"].rate == 1.0 and groups["Female"].rate == 0.0
    assert groups["Female"].impact_ratio == 0.0 and groups["Female"].below_four_fifths


def test_nobody_selected_gives_no_ratios_rather_than_a_division_by_zero():
    table = selection_audit(
        _people("Male", "White", 5, 0) + _people("Female", "White", 5, 0), "sex"
    )
    assert all(g.impact_ratio is None for g in table.groups)
    assert scoring_audit([], "sex").total == 0


def test_an_unknown_dimension_is_refused():
    with pytest.raises(ValueError, match="Unknown dimension"):
        selection_audit([Record("Male", "White")], "age")


def test_invariants_hold_for_any_sample():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from outhire.screening.bias import RACES, SEXES

    people = st.lists(
        st.builds(
            Record,
            sex=st.sampled_from([*SEXES, None]),
            race=st.sampled_from([*RACES, None]),
            selected=st.booleans(),
            score=st.one_of(st.none(), st.floats(0, 100)),
        ),
        max_size=200,
    )

    @settings(max_examples=80, deadline=None, database=None)
    @given(people, st.sampled_from(["sex", "race", "intersection"]))
    def check(records, dimension):
        for table in (selection_audit(records, dimension), scoring_audit(records, dimension)):
            ratios = [g.impact_ratio for g in table.groups if g.impact_ratio is not None]
            assert all(0 <= r <= 1 for r in ratios)
            if ratios and any(r > 0 for r in ratios):
                assert max(ratios) == pytest.approx(1.0)
            assert sum(g.count for g in table.groups) + table.unknown == table.total
            assert all(g.impact_ratio is None for g in table.excluded)

    check()
