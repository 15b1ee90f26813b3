"""Stored figures for the province and cities (issue #15, goal 5): what the worker stores is what
a page would compute; pages use it only for users who see the whole region and only while it is
fresh (same data, or within the stated delay); reports list exactly the stored enterprises."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import openpyxl
import pytest
from django.core.cache import cache
from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st

from kechuang.core import figures, reporting
from kechuang.core.periods import Period
from kechuang.reports import services, snapshots
from kechuang.reports.compose import Composer
from kechuang.reports.models import FigureSnapshot

from ..enterprises.factories import EnterpriseFactory
from ..factories import UserFactory
from .conftest import YEAR

pytestmark = pytest.mark.django_db

PERIOD = Period.year_of(YEAR)
TODAY = date(YEAR, 12, 1)  # stores YEAR and YEAR - 1


def _keys() -> list[str]:
    return sorted(k for k, f in figures.FIGURES.items() if f.snapshot and k[:8] != "example.")


@pytest.fixture
def city_staff(regions):
    return UserFactory(username="p-city-staff", roles=["staff"], region=regions.city)


def test_only_regions_above_a_county_and_two_years_are_stored(mini, regions):
    done = snapshots.refresh(today=TODAY)
    stored = set(FigureSnapshot.objects.values_list("region__code", "period_key").distinct())
    assert stored == {
        (r.code, str(y)) for r in (regions.province, regions.city) for y in (YEAR, YEAR - 1)
    }
    assert done["regions"] == 2
    assert done["figures"] == 2 * 2 * len(_keys())
    assert done["panels"] == 2 * 2 * sum(p.snapshot for p in reporting.panels())


def test_a_stored_figure_is_what_the_page_computes(mini, regions, city_staff):
    snapshots.refresh(today=TODAY)
    reader = snapshots.Reader(city_staff, regions.city, PERIOD)
    for key in _keys():
        live = figures.compute(key, user=city_staff, region=regions.city, period=PERIOD)
        stored = reader.figure(key)
        assert stored is not None, key
        assert stored.value == live.value, key
        assert type(stored.value) is type(live.value), key
        assert stored.facts == live.facts, key
        assert stored.examples(2) == live.examples(2), key
        if live.records is None:
            assert stored.kept_ids is None and stored.areas is None
        else:
            assert sorted(stored.record_ids()) == sorted(live.record_ids()), key
            assert stored.areas == snapshots.area_counts(live.records, regions.city), key
        assert stored.as_of is not None
    # hand-counted: two trained in county A, one in county B
    trained = reader.figure("cultivation.hte_trained")
    assert trained.value == 3
    assert trained.areas == {regions.county_a.code: 2, regions.county_b.code: 1}
    assert reader.as_of is not None


def test_stored_panels_are_what_the_dashboard_builds(mini, regions, city_staff):
    snapshots.refresh(today=TODAY)
    reader = snapshots.Reader(city_staff, regions.city, PERIOD)
    live = Composer(user=city_staff, region=regions.city, period=PERIOD, stored=False)
    checked = 0
    for panel in reporting.panels():
        if panel.snapshot:
            assert reader.panel(panel.key) == live.panel(panel), panel.key
            checked += 1
        else:
            assert reader.panel(panel.key) is None  # built per user, never stored
    assert checked >= 2


def test_users_who_do_not_see_the_whole_region_get_nothing_stored(mini, regions, personas):
    snapshots.refresh(today=TODAY)
    # county A's staff asking about the city (which also holds county B): computed for them
    assert snapshots.Reader(personas.staff_a, regions.city, PERIOD).figure(_keys()[0]) is None
    assert snapshots.Reader(personas.enterprise_a, regions.city, PERIOD).figure(_keys()[0]) is None
    # a county is never stored: its own staff compute it (fast enough, and exact)
    assert snapshots.Reader(personas.staff_a, regions.county_a, PERIOD).figure(_keys()[0]) is None
    # a period that is not a stored year
    half = Period.parse(f"{YEAR}H1")
    assert snapshots.Reader(None, regions.city, half).figure(_keys()[0]) is None


def _card_values(html: str) -> dict[str, str]:
    import re

    return dict(re.findall(r'data-figure="([^"]+)".*?data-value="([^"]*)"', html, flags=re.S))


def test_the_dashboard_reads_them_and_says_when_writes_nothing(client, mini, regions, city_staff):
    client.force_login(city_staff)
    params = {"region": regions.city.code, "period": YEAR}
    live_html = client.get("/reports/", params).content.decode()
    assert 'data-testid="stored-as-of"' not in live_html  # nothing stored yet: computed now
    snapshots.refresh(today=TODAY)
    cache.clear()
    before = list(FigureSnapshot.objects.values_list("pk", "computed_at"))
    html = client.get("/reports/", params).content.decode()
    assert 'data-testid="stored-as-of"' in html and "截至" in html
    assert _card_values(html) == _card_values(live_html)
    assert len(_card_values(html)) == len(reporting.cards())
    assert list(FigureSnapshot.objects.values_list("pk", "computed_at")) == before


def test_changed_data_within_the_stated_delay_then_after_it(
    client, mini, regions, city_staff, settings
):
    snapshots.refresh(today=TODAY)
    reader = snapshots.Reader(city_staff, regions.city, PERIOD)
    above = reader.figure("enterprises.above_scale").value
    EnterpriseFactory(name="四号新材料有限公司", region=regions.town_a, is_above_scale=True)
    assert snapshots.stored_version() != snapshots.data_version()  # the data moved on
    # within the stated delay the stored number is shown, with its time
    fresh = snapshots.Reader(city_staff, regions.city, PERIOD).figure("enterprises.above_scale")
    assert fresh.value == above
    # beyond it the page computes the number itself
    FigureSnapshot.objects.update(computed_at=datetime(YEAR, 1, 1, tzinfo=fresh.as_of.tzinfo))
    assert (
        snapshots.Reader(city_staff, regions.city, PERIOD).figure("enterprises.above_scale") is None
    )
    composer = Composer(user=city_staff, region=regions.city, period=PERIOD)
    assert composer.fig("enterprises.above_scale").value == above + 1
    assert composer.as_of is None
    # the worker's check recomputes, once
    assert snapshots.refresh_if_stale() is not None
    assert snapshots.refresh_if_stale() is None
    now = snapshots.Reader(city_staff, regions.city, PERIOD).figure("enterprises.above_scale")
    assert now.value == above + 1


def test_old_snapshots_of_the_same_data_stay_usable(mini, regions, city_staff, settings):
    snapshots.refresh()
    settings.FIGURE_SNAPSHOT_MAX_AGE = 0
    year = Period.year_of(date.today().year)
    FigureSnapshot.objects.update(computed_at=datetime(2000, 1, 1, tzinfo=UTC))
    found = snapshots.Reader(city_staff, regions.city, year).figure("enterprises.above_scale")
    assert found is not None  # same data version: exact, however old
    EnterpriseFactory(region=regions.town_a, is_above_scale=True)
    assert (
        snapshots.Reader(city_staff, regions.city, year).figure("enterprises.above_scale") is None
    )


def test_the_report_from_stored_figures_is_the_live_report(mini, regions, city_staff):
    live = services.compose(actor=city_staff, region=regions.city, period=PERIOD)
    assert live.as_of is None
    live_report = services.generate(actor=city_staff, region=regions.city, period=PERIOD)
    snapshots.refresh(today=TODAY)
    stored = services.compose(actor=city_staff, region=regions.city, period=PERIOD)
    assert stored.as_of is not None
    assert stored.context() == live.context()
    assert [(u.key, u.value, u.shown, sorted(u.ids)) for u in stored.uses] == [
        (u.key, u.value, u.shown, sorted(u.ids)) for u in live.uses
    ]
    report = services.generate(actor=city_staff, region=regions.city, period=PERIOD)
    assert report.snapshot["figures_as_of"] == stored.as_of.isoformat()
    assert live_report.snapshot["figures_as_of"] is None

    def sheet_rows(stored_report):
        sheet = openpyxl.load_workbook(io.BytesIO(stored_report.xlsx.read())).active
        return list(sheet.iter_rows(values_only=True))

    rows = sheet_rows(report)
    assert rows == sheet_rows(live_report)  # the same sheet, row for row
    names = {row[5] for row in rows[1:] if row[5]}
    assert {"一号机械有限公司", "二号制药有限公司"} <= names


def test_the_command_and_the_worker_check(mini, regions):
    out = io.StringIO()
    call_command("refresh_figures", stdout=out)
    assert "已重算 2 个省、市级区划" in out.getvalue()
    out = io.StringIO()
    call_command("refresh_figures", "--if-stale", stdout=out)
    assert "已是最新" in out.getvalue()


@given(st.lists(st.integers(min_value=1, max_value=2**40), unique=True, max_size=300))
def test_ids_pack_and_unpack(ids):
    assert snapshots.unpack_ids(snapshots.pack_ids(ids)) == sorted(ids)


def test_encoding_keeps_types():
    value = {
        "n": 3,
        "d": Decimal("12.50"),
        "on": date(2025, 6, 30),
        "at": datetime(2025, 6, 30, 8, 0),
        "months": [4, 5],
        "none": None,
        "nested": {"x": [Decimal("1.0"), "文本"]},
    }
    assert snapshots.decode(snapshots.encode(value)) == value
    assert snapshots.decode(snapshots.encode(value))["d"].as_tuple() == Decimal("12.50").as_tuple()
    with pytest.raises(TypeError):
        snapshots.encode(object())
    assert snapshots.unpack_ids(None) == []
    assert timedelta(seconds=300) == snapshots.max_age()


def test_the_worker_refreshes_one_region_and_period_per_step(mini, regions):
    first = snapshots.refresh_step(today=TODAY)
    assert first["region"] == regions.province.code and first["remaining"] == 3
    steps = [first]
    while (step := snapshots.refresh_step(today=TODAY)) is not None:
        steps.append(step)
    assert sorted((s["region"], s["period"]) for s in steps) == sorted(
        (r.code, str(y)) for r in (regions.province, regions.city) for y in (YEAR, YEAR - 1)
    )
    assert [s["remaining"] for s in steps] == [3, 2, 1, 0]
    EnterpriseFactory(region=regions.town_a, is_above_scale=True)  # the data moves on
    again = snapshots.refresh_step(today=TODAY)
    assert again["remaining"] == 3  # every pair is behind again; the oldest goes first
    assert (again["region"], again["period"]) == (steps[0]["region"], steps[0]["period"])
