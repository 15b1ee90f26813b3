"""The county's R&D figures against the hand-counted fixture, and the records behind each."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from kechuang.rdstats import selectors
from kechuang.rdstats.selectors import FormFilters

pytestmark = pytest.mark.django_db


def names(user, campaign, **filters):
    rows = selectors.form_list(user=user, campaign=campaign, filters=FormFilters(**filters))
    return sorted(f.enterprise.name[:2] for f in rows)


def test_totals_bands_threshold_yoy_and_intensity(county, personas):
    f = selectors.figures(user=personas.staff_a, campaign=county.campaign)
    assert f["accepted"] == 4
    assert f["rd_total"] == D("940000")
    assert f["counts"] == {"pending": 2, "draft": 0, "submitted": 1, "returned": 0, "accepted": 4}
    # E1 5 %, E2 2 %, E3 exactly 3.00 % (not below), E4 no revenue
    assert dict(f["bands"]) == {
        "0-1": 0,
        "1-2": 0,
        "2-3": 1,
        "3-5": 1,
        "5-10": 1,
        "10+": 0,
        "na": 1,
    }
    assert (f["below"], f["with_ratio"]) == (1, 3)
    assert f["previous_rd"] == D("400000")
    assert f["yoy"] == D("135")  # (940,000 − 400,000) / 400,000
    assert (f["same_n"], f["yoy_same"]) == (1, D("25"))  # E1 alone: 400,000 → 500,000
    assert f["intensity"] == D("1")  # 940,000 / 94,000,000
    # revenue-weighted enterprise intensity over E1–E3: 930,000 / 31,000,000
    assert f["intensity_enterprises"].quantize(D("0.0001")) == D("3.0000")


def test_a_higher_threshold_moves_the_exact_three_percent_enterprise_below(county, personas):
    f = selectors.figures(user=personas.staff_a, campaign=county.campaign, threshold=D("3.01"))
    assert f["below"] == 2


def test_by_town_and_by_industry(county, personas):
    f = selectors.figures(user=personas.staff_a, campaign=county.campaign)
    assert [(a["name"], a["n"], a["rd"]) for a in f["areas"]] == [
        ("甲一镇", 2, D("900000")),
        ("甲二镇", 2, D("40000")),
    ]
    assert [(i["section"], i["n"], i["rd"]) for i in f["industries"]] == [
        ("C", 2, D("900000")),
        ("I", 2, D("40000")),
    ]


def test_each_figure_opens_its_records(county, personas, regions):
    user, campaign = personas.staff_a, county.campaign
    assert names(user, campaign, status="accepted") == ["一号", "三号", "二号", "四号"]
    assert names(user, campaign, status="accepted", below=True) == ["二号"]
    assert names(user, campaign, status="accepted", band="na") == ["四号"]
    assert names(user, campaign, status="accepted", band="3-5") == ["三号"]
    assert names(user, campaign, status="accepted", town=county.town_a2.pk) == ["三号", "四号"]
    assert names(user, campaign, status="accepted", industry="C") == ["一号", "二号"]
    assert names(user, campaign, status="laggard") == ["六号", "哈威"]


def test_other_county_staff_see_nothing_of_the_campaign(county, personas):
    f = selectors.figures(user=personas.staff_b, campaign=county.campaign)
    assert f["accepted"] == 0 and f["rd_total"] == 0


def test_registered_survey_figures(county, personas, regions):
    """The report's survey figures for the period in which the survey closed (2026)."""
    from kechuang.core import figures
    from kechuang.core.periods import Period

    period = Period.year_of(2026)  # deadline 2026-03-31

    def fig(key):
        return figures.compute(key, user=personas.staff_a, region=regions.county_a, period=period)

    submitted = fig("rdstats.survey_submitted")
    assert (submitted.value, submitted.facts["year"], submitted.facts["invited"]) == (5, 2025, 7)
    total = fig("rdstats.rd_total")
    assert total.value == D("940000.00") and total.facts["intensity"] == D("1")
    below = fig("rdstats.below_threshold")
    assert (below.value, below.facts["base"]) == (1, 3)
    assert [e.name for e in below.records] == ["二号研发有限公司"]
    assert below.facts["share"].quantize(D("0.1")) == D("33.3")


def test_a_partly_reviewed_survey_says_so_everywhere(client, county, personas, regions):
    """Five forms are in (submitted or accepted) but four accepted: the total is the four's, and
    the card, the figure page and the report's sentence say so (issue #12)."""
    from django.urls import reverse

    from kechuang.core import figures
    from kechuang.core.periods import Period
    from kechuang.reports import services as report_services

    period = Period.year_of(2026)
    total = figures.compute(
        "rdstats.rd_total", user=personas.staff_a, region=regions.county_a, period=period
    )
    assert (total.facts["accepted"], total.facts["submitted"]) == (4, 5)
    assert total.facts["partial_label"] == "已审核4家（共提交5家）"
    client.force_login(personas.staff_a)
    card = client.get("/reports/", {"period": 2026}).content.decode()
    page = client.get(
        reverse("reports:figure_detail", args=["rdstats.rd_total"]), {"period": 2026}
    ).content.decode()
    assert "已审核4家（共提交5家）" in card and "已审核4家（共提交5家）" in page
    composer = report_services.compose(
        actor=personas.staff_a, region=regions.county_a, period=period
    )
    text = composer.context()["work"][0]["text"]
    assert "组织5家纳统企业" in text and "已审核通过的4家企业研发经费支出合计94.00万元" in text


def test_the_headline_year_on_year_is_like_for_like(client, county, personas):
    client.force_login(personas.staff_a)
    page = client.get(f"/rdstats/campaigns/{county.campaign.pk}/figures/").content.decode()
    headline = page.split('data-testid="rd-yoy-same">', 1)[1].split("<", 1)[0]
    assert headline == "25.0%"  # E1 alone, accepted in both years
    assert "不同口径的直接比较：135.0%" in page
