"""R&D super deduction: rates by year and type, caps, exclusions (§3)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kechuang.rules import deduction


def make(**changes):
    base = {
        "tax_year": 2025,
        "industry_code": "3411",
        "personnel": Decimal(600_000),
        "direct_inputs": Decimal(300_000),
    }
    base.update(changes)
    return deduction.DeductionInput(**base)


@pytest.mark.parametrize(
    "year,kind,rate",
    [
        (2016, "general", "0.50"),
        (2019, "general", "0.75"),
        (2021, "manufacturing", "1.00"),
        (2022, "tech_sme", "1.00"),
        (2022, "general", "0.75"),
        (2023, "general", "1.00"),
        (2025, "ic", "1.20"),
        (2027, "mother_machine", "1.20"),
        (2028, "ic", "1.00"),
    ],
)
def test_rate_by_year_and_enterprise_type(year, kind, rate):
    assert deduction.rate_for(year, kind)[0] == Decimal(rate)


def test_other_related_expenses_cap_2021_formula():
    result = deduction.assess(make(other_related=Decimal(150_000)))
    # limit = 900,000 × 10 % ÷ 90 % = 100,000
    assert result.criterion("other_cap").threshold == Decimal("100000.00")
    assert result.facts["eligible"] == Decimal("1000000.00")
    assert result.facts["deduction"] == Decimal("1000000.00")
    assert next(g for g in result.gaps if g.code == "other_cap").amount == Decimal("50000.00")


def test_commissioned_80_percent_and_overseas_two_thirds_cap():
    result = deduction.assess(
        make(commissioned_domestic=Decimal(100_000), commissioned_overseas=Decimal(2_000_000))
    )
    domestic = Decimal(900_000) + Decimal(80_000)
    assert result.criterion("overseas_cap").threshold == (domestic * 2 / 3).quantize(
        Decimal("0.01")
    )
    assert result.facts["eligible"] == domestic + (domestic * 2 / 3).quantize(Decimal("0.01"))


def test_tax_saved_at_25_and_15_percent():
    general = deduction.assess(make())
    hte = deduction.assess(make(is_hte=True))
    assert general.facts["tax_saved"] == Decimal("225000.00")
    assert hte.facts["tax_saved"] == Decimal("135000.00")


@pytest.mark.parametrize("code", ["5110", "F5211", "6110", "7010", "7211", "9011", "1610"])
def test_excluded_industries_get_nothing(code):
    result = deduction.assess(make(industry_code=code))
    assert result.verdict == "fail" and result.facts["deduction"] == 0


def test_non_audit_based_collection_is_excluded():
    assert deduction.assess(make(audit_based_collection=False)).facts["deduction"] == 0
