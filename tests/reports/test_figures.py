"""Each registered figure against the hand-counted county, with the records behind it."""

from __future__ import annotations

import pytest

from kechuang.core import figures
from kechuang.core.periods import Period

from .conftest import YEAR

pytestmark = pytest.mark.django_db

PERIOD = Period.year_of(YEAR)


def value_and_names(key, user, region, period=PERIOD):
    result = figures.compute(key, user=user, region=region, period=period)
    names = (
        sorted(result.records.values_list("name", flat=True)) if result.records is not None else []
    )
    return result.value, names, result


def test_registry_figures(mini, personas, regions):
    staff, county = personas.staff_a, regions.county_a
    assert value_and_names("enterprises.above_scale", staff, county)[:2] == (
        2,
        ["一号机械有限公司", "二号制药有限公司"],
    )
    value, names, result = value_and_names(
        "enterprises.above_scale_without_bachelor", staff, county
    )
    assert (value, names, result.facts["year"]) == (1, ["一号机械有限公司"], YEAR - 1)
    assert value_and_names("enterprises.hte_valid", staff, county)[:2] == (1, ["二号制药有限公司"])
    # the certificate has expired by the end of 2026
    assert value_and_names("enterprises.hte_valid", staff, county, Period.year_of(2026))[0] == 0


def test_cultivation_figures(mini, personas, regions):
    staff, county = personas.staff_a, regions.county_a
    value, names, trained = value_and_names("cultivation.hte_trained", staff, county)
    assert (value, names) == (2, ["一号机械有限公司", "二号制药有限公司"])  # not B's training
    assert trained.facts["months"] == [4]
    assert trained.facts["organisers"] == ["县科技局", "县税务局", "县财政局"]
    value, names, guided = value_and_names("cultivation.hte_guided", staff, county)
    assert (value, names, guided.facts["months"]) == (1, ["一号机械有限公司"], [5])
    assert guided.examples() == ["一号机械"]
    assert value_and_names("cultivation.hte_applied_batch1", staff, county)[:2] == (
        1,
        ["一号机械有限公司"],
    )
    value, names, registered = value_and_names("cultivation.tech_sme_registered", staff, county)
    assert (value, names, registered.facts["batches"]) == (1, ["三号软件有限公司"], 1)
    assert value_and_names("cultivation.tech_sme_mobilised", staff, county)[0] == 1
    # a first-half report sees the training and the registration, not the July application
    h1 = Period.parse(f"{YEAR}H1")
    assert value_and_names("cultivation.hte_applied_batch1", staff, county, h1)[0] == 0
    assert value_and_names("cultivation.hte_trained", staff, county, h1)[0] == 2


def test_targets_and_scope(mini, personas, regions):
    result = figures.compute(
        "targets.next_hte_recognised", user=personas.staff_a, region=regions.county_a, period=PERIOD
    )
    assert (result.value, result.facts["year"]) == (12, YEAR + 1)
    # county B's staff see nothing of county A's records even when asking for the whole city
    trained_b = figures.compute(
        "cultivation.hte_trained", user=personas.staff_b, region=regions.city, period=PERIOD
    )
    assert list(trained_b.records.values_list("name", flat=True)) == [
        "CANARY-B-7f3a 乙方制药有限公司"
    ]


def test_every_figure_is_documented_and_computes(mini, personas, regions):
    for key, figure in figures.FIGURES.items():
        assert figure.label and figure.unit and len(str(figure.description)) > 10, key
        result = figure.compute(personas.staff_a, regions.county_a, PERIOD)
        assert result.value is None or result.value >= 0, key


def test_dashboard_funnel_agrees_with_the_board(mini, personas, regions):
    from kechuang.cultivation.hte.selectors import current_stage_counts, stage_counts

    board = stage_counts(user=personas.staff_a, year=YEAR)
    mine = current_stage_counts(personas.staff_a, regions.county_a, YEAR)
    assert {k: v for k, v in board.items() if v} == dict(mine)
    assert mine == {"trained": 1, "applied": 1}  # 二号 trained; 一号 trained, guided, applied
    # the targets' forecast reads the same definition (issue #13: one selector, not three)
    from collections import Counter

    from kechuang.targets.selectors import current_stages

    assert dict(Counter(current_stages(regions.county_a.code, YEAR).values())) == dict(mine)
    # and the board shows each enterprise's event of that stage
    from kechuang.cultivation.hte.models import PipelineEvent
    from kechuang.cultivation.hte.selectors import current_events

    shown = current_events(
        PipelineEvent.objects.filter(year=YEAR, enterprise__region__parent=regions.county_a)
    )
    assert {e.enterprise.name: e.stage for e in shown.values()} == {
        "一号机械有限公司": "applied",
        "二号制药有限公司": "trained",
    }
