"""Tech-based SME evaluation: size limits, indicator bands, pass rule, direct routes (§2)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kechuang.rules import techsme
from kechuang.rules.common import FAIL, PASS


def make(**changes):
    base = {
        "employees": 100,
        "st_staff": 20,
        "sales_revenue": Decimal(30_000_000),
        "total_assets": Decimal(20_000_000),
        "total_cost": Decimal(25_000_000),
        "rd_expense": Decimal(1_500_000),
        "ip_class2_count": 4,
    }
    base.update(changes)
    return techsme.TechSmeInput(**base)


def test_a_typical_sme_passes_with_its_score():
    result = techsme.assess(make())
    # st 20 % → 12; rd 5 % of sales → 40 (6 % of cost → 0); 4 class II → 24
    assert result.score_min == 12 + 40 + 24 and result.verdict == PASS


@pytest.mark.parametrize("employees,ok", [(500, True), (501, False)])
def test_employee_limit_is_inclusive(employees, ok):
    result = techsme.assess(make(employees=employees, st_staff=employees // 5))
    assert result.criterion("employees").passed is ok


@pytest.mark.parametrize("sales,ok", [(200_000_000, True), (200_000_001, False)])
def test_sales_limit_is_inclusive(sales, ok):
    assert techsme.assess(make(sales_revenue=Decimal(sales))).criterion("sales").passed is ok


@pytest.mark.parametrize(
    "rd,points",
    [(1_799_999, 40), (1_800_000, 50), (599_999, 0), (600_000, 10), (899_999, 10), (900_000, 20)],
)
def test_rd_sales_band_edges(rd, points):
    # 30,000,000 sales: 6.00 % = 1,800,000; 5.99999… % stays in the 40-point band
    result = techsme.assess(make(rd_expense=Decimal(rd), total_cost=Decimal(10**12)))
    assert result.criterion("score_rd").points_min == points


def test_the_better_rd_route_counts():
    result = techsme.assess(make(rd_expense=Decimal(1_000_000), total_cost=Decimal(3_000_000)))
    # 3.33 % of sales → 20; 33 % of cost → 50
    assert result.criterion("score_rd").points_min == 50


@pytest.mark.parametrize(
    "st_staff,points",
    [(9, 0), (10, 4), (14, 4), (15, 8), (20, 12), (25, 16), (29, 16), (30, 20)],
)
def test_st_staff_bands(st_staff, points):
    assert techsme.assess(make(st_staff=st_staff)).criterion("score_st").points_min == points


def test_zero_st_staff_score_fails_even_with_60_points():
    result = techsme.assess(make(st_staff=9, ip_class1_count=1, rd_expense=Decimal(2_000_000)))
    assert result.score_min >= 60 and result.verdict == FAIL
    # one more hire makes 10/101 = 9.9 %: two are needed (new hires also count as staff)
    assert any(g.code == "score_st" and g.amount == 2 for g in result.gaps)


@pytest.mark.parametrize(
    "class1,class2,points", [(0, 0, 0), (0, 1, 6), (0, 2, 12), (0, 3, 18), (0, 4, 24), (1, 0, 30)]
)
def test_achievement_bands(class1, class2, points):
    assert techsme.achievements_points(class1, class2) == points


def test_a_valid_hte_certificate_qualifies_directly():
    result = techsme.assess(
        make(st_staff=1, rd_expense=Decimal(0), ip_class2_count=0, valid_hte=True)
    )
    assert result.verdict == PASS and result.facts["direct_routes"]


def test_direct_route_still_needs_the_size_limits():
    result = techsme.assess(make(employees=800, st_staff=100, valid_hte=True))
    assert result.verdict == FAIL


@settings(max_examples=100)
@given(
    rd=st.integers(0, 10**8),
    extra=st.integers(1, 10**7),
    c2=st.integers(0, 6),
    more=st.integers(0, 3),
)
def test_more_rd_or_ip_never_lowers_the_score(rd, extra, c2, more):
    base = techsme.assess(make(rd_expense=Decimal(rd), ip_class2_count=c2))
    assert techsme.assess(make(rd_expense=Decimal(rd + extra), ip_class2_count=c2)).score_min >= (
        base.score_min
    )
    assert techsme.assess(make(rd_expense=Decimal(rd), ip_class2_count=c2 + more)).score_min >= (
        base.score_min
    )
