"""HTE rule: band edges, growth formula cases, verdicts and gaps (rules.md §1)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kechuang.rules import hte
from kechuang.rules.common import FAIL, PASS, UNDETERMINED

APP = date(2026, 6, 1)


def year(
    y,
    sales=40_000_000,
    rd=2_400_000,
    total=None,
    ht=None,
    dom=None,
    assets=60_000_000,
    liabilities=20_000_000,
):
    total = sales if total is None else total
    return hte.YearFigures(
        y,
        Decimal(sales),
        Decimal(total),
        Decimal(total * 0.8 if ht is None else ht),
        Decimal(rd),
        Decimal(rd if dom is None else dom),
        Decimal(assets),
        Decimal(liabilities),
    )


def good(**changes):
    base = {
        "application_date": APP,
        "registered_on": date(2015, 3, 1),
        "tech_field": "8",
        "employees": 100,
        "st_staff": 20,
        "years": (year(2023, assets=40e6), year(2024, assets=50e6), year(2025, assets=70e6)),
        "ip_class1_count": 1,
        "ip_class2_count": 3,
        "conversions_3y": 15,
        "ip_advancement": "A",
        "ip_core_support": "A",
        "ip_obtained": "own",
        "standards_bonus": True,
        "rd_management_points": 18,
    }
    base.update(changes)
    return hte.HteInput(**base)


def test_a_strong_enterprise_passes_with_an_exact_score():
    result = hte.assess(good())
    assert result.verdict == PASS and result.score_min >= 71 and not result.gaps
    assert result.rule == "hte" and result.version == "2016.1"


def test_unknown_expert_items_make_the_score_a_range():
    known = hte.assess(good())
    unknown = hte.assess(good(ip_advancement=None, rd_management_points=None))
    width = unknown.score_max - unknown.score_min
    # advancement widens from A (7–8) to 0–8, management from 18 to 0–20
    assert width - (known.score_max - known.score_min) == (8 - 1) + 20
    assert unknown.verdict in (PASS, UNDETERMINED)


@pytest.mark.parametrize("days,ok", [(364, False), (365, True)])
def test_registration_of_365_days(days, ok):
    registered = date.fromordinal(APP.toordinal() - days)
    result = hte.assess(good(registered_on=registered))
    assert result.criterion("registered").passed is ok
    if not ok:
        assert any(g.code == "registered" and g.amount == 1 for g in result.gaps)


@pytest.mark.parametrize(
    "recent_sales,required",
    [
        (50_000_000, Decimal("0.05")),
        (50_000_001, Decimal("0.04")),
        (200_000_000, Decimal("0.04")),
        (200_000_001, Decimal("0.03")),
    ],
)
def test_rd_bracket_follows_the_most_recent_sales(recent_sales, required):
    assert hte.rd_threshold(hte.V2016, Decimal(recent_sales)) == required


@pytest.mark.parametrize("last_rd,ok", [(399_999, False), (400_000, True)])
def test_rd_ratio_boundary_is_inclusive(last_rd, ok):
    # 3 × 8,000,000 sales (recent ≤ 50M → 5 %): 1,200,000 passes, 1,199,999 (4.99999 %) fails
    years = (
        year(2023, sales=8_000_000, rd=400_000),
        year(2024, sales=8_000_000, rd=400_000),
        year(2025, sales=8_000_000, rd=last_rd),
    )
    assert hte.assess(good(years=years)).criterion("rd_ratio").passed is ok


@pytest.mark.parametrize("st_staff,ok", [(9, False), (10, True)])
def test_st_staff_share_boundary(st_staff, ok):
    assert hte.assess(good(st_staff=st_staff)).criterion("st_staff").passed is ok


@pytest.mark.parametrize("ht,ok", [(5_999_999, False), (6_000_000, True)])
def test_high_tech_revenue_share_boundary(ht, ok):
    years = (
        year(2023),
        year(2024),
        year(2025, total=10_000_000, sales=10_000_000, ht=ht, rd=600_000),
    )
    assert hte.assess(good(years=years)).criterion("high_tech_revenue").passed is ok


def test_domestic_rd_share_below_60_percent_fails_with_a_gap():
    years = tuple(year(y, rd=2_400_000, dom=1_200_000) for y in (2023, 2024, 2025))
    result = hte.assess(good(years=years))
    assert result.criterion("rd_domestic").passed is False
    gap = next(g for g in result.gaps if g.code == "rd_domestic")
    assert gap.unit == "元" and gap.amount > 0


def test_no_ip_fails_and_scores_zero_for_ip():
    result = hte.assess(good(ip_class1_count=0, ip_class2_count=0))
    assert result.verdict == FAIL and result.criterion("ip_owned").passed is False
    assert result.criterion("score_ip").points_max == 0


def test_score_of_70_fails_and_71_passes():
    assert hte.V2016.score_pass == 71


@pytest.mark.parametrize(
    "values,expected",
    [
        ([Decimal(100), Decimal(110), Decimal(121)], Decimal("0.10")),
        ([Decimal(0), Decimal(100), Decimal(150)], Decimal("0.5")),  # year 1 zero: V3/V2−1
        ([Decimal(100), Decimal(0), Decimal(150)], None),  # year 2 zero: 0 points
        ([Decimal(100), Decimal(130)], Decimal("0.3")),  # 2 years [3p]
        ([Decimal(100)], None),  # 1 year [3p]
    ],
)
def test_growth_formula_cases(values, expected):
    rate, _why = hte.growth_rate(values, hte.V2016)
    assert rate == expected


@pytest.mark.parametrize(
    "rate,points",
    [
        (Decimal("0.35"), (9, 10)),
        (Decimal("0.3499"), (7, 8)),
        (Decimal("0.05"), (3, 4)),
        (Decimal("0.0499"), (1, 2)),
        (Decimal("0"), (0, 0)),
        (Decimal("-0.1"), (0, 0)),
    ],
)
def test_growth_bands(rate, points):
    assert hte.growth_points(rate, hte.V2016) == points


def test_rd_gap_states_the_amount_and_closing_it_passes():
    years = tuple(year(y, sales=40_000_000, rd=1_900_000) for y in (2023, 2024, 2025))
    result = hte.assess(good(years=years))
    gap = next(g for g in result.gaps if g.code == "rd_ratio")
    assert "需再增加研发投入30.00万元" in gap.explanation
    fixed = list(years)
    last = fixed[-1]
    fixed[-1] = hte.YearFigures(
        last.year,
        last.sales_revenue,
        last.total_revenue,
        last.high_tech_revenue,
        last.rd_expense + gap.amount,
        last.rd_expense_domestic + gap.amount,
        last.total_assets,
        last.total_liabilities,
    )
    assert hte.assess(good(years=tuple(fixed))).criterion("rd_ratio").passed is True


def test_short_lived_firm_uses_its_actual_years():
    years = (year(2024), year(2025))
    result = hte.assess(good(registered_on=date(2024, 1, 10), years=years))
    assert result.criterion("rd_ratio").passed is not None
    assert any("不满三年" in n for n in result.notes)


# --- properties ------------------------------------------------------------------------------

amounts = st.integers(min_value=0, max_value=300_000_000)


@settings(max_examples=80)
@given(
    sales=amounts,
    rd=amounts,
    extra=st.integers(1, 50_000_000),
    c1=st.integers(0, 3),
    c2=st.integers(0, 8),
)
def test_more_rd_never_lowers_the_score_or_the_rd_criterion(sales, rd, extra, c1, c2):
    def make(r):
        return good(
            years=tuple(year(y, sales=sales, rd=r) for y in (2023, 2024, 2025)),
            ip_class1_count=c1,
            ip_class2_count=c2,
        )

    before, after = hte.assess(make(rd)), hte.assess(make(rd + extra))
    assert after.score_min >= before.score_min and after.score_max >= before.score_max
    if before.criterion("rd_ratio").passed:
        assert after.criterion("rd_ratio").passed


@settings(max_examples=80)
@given(
    c1=st.integers(0, 3), c2=st.integers(0, 10), more1=st.integers(0, 2), more2=st.integers(0, 5)
)
def test_more_ip_never_lowers_the_score(c1, c2, more1, more2):
    before = hte.assess(good(ip_class1_count=c1, ip_class2_count=c2, ip_advancement=None))
    after = hte.assess(
        good(ip_class1_count=c1 + more1, ip_class2_count=c2 + more2, ip_advancement=None)
    )
    assert after.score_min >= before.score_min and after.score_max >= before.score_max


@settings(max_examples=80)
@given(employees=st.integers(1, 5000), st_staff=st.integers(0, 5000))
def test_closing_the_st_staff_gap_passes(employees, st_staff):
    st_staff = min(st_staff, employees)
    result = hte.assess(good(employees=employees, st_staff=st_staff))
    gap = next((g for g in result.gaps if g.code == "st_staff"), None)
    if gap is None:
        assert result.criterion("st_staff").passed
        return
    fixed = hte.assess(good(employees=employees + gap.amount, st_staff=st_staff + gap.amount))
    assert fixed.criterion("st_staff").passed is True


@settings(max_examples=80)
@given(total=st.integers(1, 10**9), share=st.integers(0, 100))
def test_closing_the_high_tech_gap_passes(total, share):
    ht = total * share // 100
    years = (year(2023), year(2024), year(2025, total=total, ht=ht))
    result = hte.assess(good(years=years))
    gap = next((g for g in result.gaps if g.code == "high_tech_revenue"), None)
    if gap is None:
        return
    fixed_years = (
        year(2023),
        year(2024),
        year(2025, total=Decimal(total) + gap.amount, ht=Decimal(ht) + gap.amount),
    )
    assert hte.assess(good(years=fixed_years)).criterion("high_tech_revenue").passed is True


def test_a_failing_share_never_reads_as_its_threshold():
    """59.999999 % against 60 % reads 59.99 %, never "60.00%，要求60.00%" (issue #12); a
    passing share never reads below its threshold."""
    from decimal import Decimal

    from kechuang.rules.common import pct

    assert pct(Decimal("0.59999999"), against=Decimal("0.60")) == "59.99%"
    assert pct(Decimal("0.0299999"), against=Decimal("0.03")) == "2.99%"
    assert pct(Decimal("0.600000001"), against=Decimal("0.60")) == "60.01%"
    assert pct(Decimal("0.60"), against=Decimal("0.60")) == "60.00%"
    assert pct(Decimal("0.59999999")) == "60.00%"  # without a threshold: ordinary rounding
