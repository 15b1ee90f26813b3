"""Annual targets: live progress from the pipeline, forecast, the home page."""

from __future__ import annotations

from datetime import date

import pytest

from kechuang.cultivation.hte import services as hte_services
from kechuang.cultivation.hte.models import Stage
from kechuang.enterprises.models import Qualification
from kechuang.targets import selectors, services

from ..enterprises.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db
YEAR = date.today().year


def step(actor, enterprise, stage, year=YEAR, day=1, **extra):
    return hte_services.event_record(
        actor=actor,
        enterprise=enterprise,
        year=year,
        stage=stage,
        occurred_on=date(year, 3, day),
        **extra,
    )


def test_progress_counts_recognitions_and_forecasts_with_default_rates(personas, regions):
    target = services.target_set(
        actor=personas.staff_a, year=YEAR, metric="hte_recognised", value=5
    )
    firms = [EnterpriseFactory(region=regions.town_a) for _ in range(4)]
    step(personas.staff_a, firms[0], Stage.APPLIED, batch=1)
    step(personas.staff_a, firms[0], Stage.PUBLICISED, day=2)
    step(
        personas.staff_a,
        firms[0],
        Stage.RECOGNISED,
        day=3,
        certificate_number="GR1",
        certificate_issued_on=date(YEAR, 3, 3),
    )
    step(personas.staff_a, firms[1], Stage.APPLIED, batch=1)
    step(personas.staff_a, firms[2], Stage.TRAINED)
    step(personas.staff_a, firms[3], Stage.TRAINED)
    result = selectors.progress(target)
    # 1 recognised + 0.75 (applied) + 2 × 0.3 (trained) = 2.35 → 2
    assert (result.actual, result.forecast, result.basis) == (1, 2, "默认通过率")
    assert result.percent == 20


def test_pass_rates_come_from_earlier_years_when_there_are_any(personas, regions):
    old = [EnterpriseFactory(region=regions.town_a) for _ in range(2)]
    for firm, recognised in zip(old, (True, False), strict=True):
        step(personas.staff_a, firm, Stage.APPLIED, year=YEAR - 1, batch=1)
        step(personas.staff_a, firm, Stage.PUBLICISED, year=YEAR - 1, day=2)
        if recognised:
            step(
                personas.staff_a,
                firm,
                Stage.RECOGNISED,
                year=YEAR - 1,
                day=3,
                certificate_number="GR0",
                certificate_issued_on=date(YEAR - 1, 3, 3),
            )
    rates, basis = selectors.pass_rates(regions.county_a.code, YEAR)
    assert basis == "往年数据" and rates["applied"] == 0.5 and rates["publicised"] == 0.5


def test_tech_sme_target_counts_registrations(personas, regions, registry):
    target = services.target_set(
        actor=personas.staff_a, year=YEAR, metric="tech_sme_registered", value=2
    )
    Qualification.objects.create(enterprise=registry.a, kind="tech_sme", year=YEAR, number="1")
    Qualification.objects.create(enterprise=registry.b, kind="tech_sme", year=YEAR, number="2")
    assert selectors.progress(target).actual == 1  # county B's is not county A's


def test_home_page_shows_target_progress_and_it_moves(client, personas, regions):
    services.target_set(actor=personas.staff_a, year=YEAR, metric="hte_recognised", value=3)
    firm = EnterpriseFactory(region=regions.town_a)
    client.force_login(personas.leader)
    before = client.get("/").content.decode()
    assert "已完成 0 / 目标 3，预计 0" in before
    step(personas.staff_a, firm, Stage.APPLIED, batch=1)
    after = client.get("/").content.decode()
    assert "已完成 0 / 目标 3，预计 1" in after  # 0.75 rounds to 1


def test_staff_set_targets_leaders_only_read(client, personas):
    client.force_login(personas.staff_a)
    client.post("/targets/", {"year": YEAR, "metric": "hte_recognised", "value": 8})
    client.post("/targets/", {"year": YEAR, "metric": "hte_recognised", "value": 9})
    page = client.get("/targets/", {"year": YEAR})
    assert [p.target.value for p in page.context["rows"]] == [9]
    client.force_login(personas.leader)
    assert (
        client.post("/targets/", {"year": YEAR, "metric": "hte_recognised", "value": 1}).status_code
        == 403
    )


def test_tech_sme_forecast_adds_enterprises_still_being_evaluated(personas, registry):
    from kechuang.cultivation.techsme.models import SmeRegistration

    target = services.target_set(
        actor=personas.staff_a, year=YEAR, metric="tech_sme_registered", value=5
    )
    for status, enterprise in [("publicised", registry.a), ("mobilised", registry.b)]:
        SmeRegistration.objects.create(
            enterprise=enterprise, year=YEAR, status=status, status_on=date(YEAR, 6, 1)
        )
    result = selectors.progress(target)
    assert (result.actual, result.forecast) == (0, 1)  # 0.95 for A; B is another county's


def test_valid_hte_at_year_end_and_trained_enterprises(personas, regions, registry):
    a = registry.a
    expired = EnterpriseFactory(region=regions.town_a)
    Qualification.objects.create(
        enterprise=a,
        kind="hte",
        number="GR-A",
        issued_on=date(YEAR - 1, 11, 1),
        valid_until=date(YEAR + 2, 10, 31),
    )
    Qualification.objects.create(
        enterprise=expired,
        kind="hte",
        number="GR-OLD",
        issued_on=date(YEAR - 3, 11, 1),
        valid_until=date(YEAR, 10, 31),  # lapses before the year ends
    )
    valid = services.target_set(actor=personas.staff_a, year=YEAR, metric="hte_valid", value=3)
    assert selectors.progress(valid).actual == 1
    trained = services.target_set(actor=personas.staff_a, year=YEAR, metric="hte_trained", value=10)
    step(personas.staff_a, expired, Stage.POOL, day=1)
    step(personas.staff_a, expired, Stage.TRAINED, day=2)
    assert selectors.progress(trained).actual == 1
    # the trained enterprise is expected to pass at the default rate and lifts the forecast
    assert selectors.progress(valid).forecast == 1 + round(0.3)


def test_targets_api_sets_and_lists_with_progress(client, personas, registry):
    client.force_login(personas.staff_a)
    created = client.post(
        "/api/v1/targets/",
        {"year": YEAR, "metric": "tech_sme_registered", "value": 3},
        content_type="application/json",
    )
    assert created.status_code == 201
    Qualification.objects.create(enterprise=registry.a, kind="tech_sme", year=YEAR, number="1")
    rows = client.get("/api/v1/targets/", {"year": YEAR}).json()["results"]
    assert [(r["metric"], r["value"], r["progress"]["actual"]) for r in rows] == [
        ("tech_sme_registered", 3, 1)
    ]
    # county B's staff see none of county A's targets; leaders may read but not set
    client.force_login(personas.staff_b)
    assert client.get("/api/v1/targets/").json()["count"] == 0
    client.force_login(personas.leader)
    assert client.get("/api/v1/targets/").json()["count"] == 1
    refused = client.post(
        "/api/v1/targets/",
        {"year": YEAR, "metric": "hte_valid", "value": 3},
        content_type="application/json",
    )
    assert refused.status_code == 403
