"""A hand-counted county survey (figures checked against these numbers by hand)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal as D
from typing import Any

import pytest

from kechuang.accounts.choices import RegionLevel
from kechuang.rdstats import services
from kechuang.rdstats.models import SurveyCampaign, SurveyForm

from ..enterprises.factories import EnterpriseFactory
from ..factories import RegionFactory

YEAR = 2025


def fill(form: SurveyForm, actor: Any, **values: Any) -> SurveyForm:
    form, _findings = services.form_save(actor=actor, form=form, values=values)
    return form


def accept(form: SurveyForm, staff: Any, **values: Any) -> SurveyForm:
    form = fill(form, staff, **values)
    form = services.form_submit(actor=staff, form=form)
    return services.form_accept(actor=staff, form=form)


def money(total: str, revenue: str | None, staff: int = 5) -> dict[str, Any]:
    return {
        "exp_total": D(total),
        "exp_personnel": D(total),
        "src_own": D(total),
        "operating_revenue": None if revenue is None else D(revenue),
        "staff_total": staff,
    }


@dataclass
class County:
    campaign: SurveyCampaign
    previous: SurveyCampaign
    forms: dict[str, SurveyForm]
    town_a2: Any


@pytest.fixture
def county(personas, regions, registry) -> County:
    """E1–E4 accepted (R&D 500k/400k/30k/10k = 940,000), E5 submitted, E6 pending; last year E1
    accepted at 400,000. E1, E2, E5, E6 in 甲一镇 (industry C), E3, E4 in 甲二镇 (industry I)."""
    staff = personas.staff_a
    town_a2 = RegionFactory(
        code="990101102", name="甲二镇", level=RegionLevel.TOWN, parent=regions.county_a
    )
    made = {
        "E1": EnterpriseFactory(name="一号研发有限公司", region=regions.town_a),
        "E2": EnterpriseFactory(name="二号研发有限公司", region=regions.town_a),
        "E3": EnterpriseFactory(name="三号软件有限公司", region=town_a2, industry_code="6511"),
        "E4": EnterpriseFactory(name="四号软件有限公司", region=town_a2, industry_code="6511"),
        "E5": EnterpriseFactory(name="五号研发有限公司", region=regions.town_a),
        "E6": EnterpriseFactory(name="六号研发有限公司", region=regions.town_a),
    }
    for enterprise in made.values():
        enterprise.in_rd_statistics = True
        enterprise.save(update_fields=["in_rd_statistics"])
    previous = services.campaign_open(
        actor=staff,
        region=regions.county_a,
        year=YEAR - 1,
        deadline=date(YEAR, 3, 31),
        include_default=False,
        extra=[made["E1"]],
    )
    accept(SurveyForm.objects.get(campaign=previous), staff, **money("400000", "8000000"))
    campaign = services.campaign_open(
        actor=staff,
        region=regions.county_a,
        year=YEAR,
        deadline=date(YEAR + 1, 3, 31),
        gdp=D("94000000"),
        extra=[registry.a],
    )
    forms = {
        key: SurveyForm.objects.get(campaign=campaign, enterprise=e) for key, e in made.items()
    }
    forms["A"] = SurveyForm.objects.get(campaign=campaign, enterprise=registry.a)
    # E1's 500,000 is +25 % on last year: no warning
    forms["E1"] = accept(forms["E1"], staff, **money("500000", "10000000"))
    forms["E2"] = accept(forms["E2"], staff, **money("400000", "20000000"))
    forms["E3"] = accept(forms["E3"], staff, **money("30000", "1000000"))
    forms["E4"] = accept(forms["E4"], staff, **money("10000", "0"))
    forms["E5"] = fill(forms["E5"], staff, **money("777777", "1000000"))
    forms["E5"] = services.form_submit(actor=staff, form=forms["E5"])
    return County(campaign, previous, forms, town_a2)
