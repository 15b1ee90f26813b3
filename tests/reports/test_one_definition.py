"""One definition per figure (issue #12): "valid HTE" counts the same on the registry filter,
the dashboard card, the figure page and the API for the same day, and says which day; a
certificate expiring later this month is still valid today and is counted as expiring."""

from __future__ import annotations

import re
from datetime import date

import pytest
import time_machine
from django.urls import reverse

from kechuang.core import figures
from kechuang.core.periods import Period
from kechuang.enterprises.models import Qualification

from ..enterprises.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 2)


@pytest.fixture
def certificates(regions):
    """Five enterprises of county A: valid to 20 Dec (this month), valid to mid-2027 (within
    six months), issued in 2026 and valid to 2029, expired in November, and one with no end
    date recorded."""
    certificates = {
        "本月到期": (date(2023, 12, 21), date(2026, 12, 20)),
        "半年内到期": (date(2024, 6, 1), date(2027, 5, 31)),
        "新近认定": (date(2026, 3, 1), date(2029, 2, 28)),
        "上月已过期": (date(2023, 12, 1), date(2026, 11, 30)),
        "未记录到期日": (date(2024, 1, 1), None),
    }
    made = {}
    for name, (issued, end) in certificates.items():
        enterprise = EnterpriseFactory(name=f"{name}科技有限公司", region=regions.town_a)
        Qualification.objects.create(
            enterprise=enterprise,
            kind="hte",
            number=f"GR{enterprise.pk:06d}",
            issued_on=issued,
            valid_until=end,
        )
        made[name] = enterprise
    return made


def test_valid_hte_agrees_everywhere_for_the_same_day(client, personas, regions, certificates):
    client.force_login(personas.staff_a)
    with time_machine.travel(TODAY, tick=False):
        figure = figures.compute(
            "enterprises.hte_valid",
            user=personas.staff_a,
            region=regions.county_a,
            period=Period.year_of(2026),
        )
        registry = client.get("/api/v1/enterprises/", {"is_hte": "1"}).json()["count"]
        api = client.get(
            "/api/v1/figures/enterprises.hte_valid/", {"period": "2026", "region": "990101"}
        ).json()
        dashboard = client.get("/reports/", {"period": 2026}).content.decode()
        page = client.get(
            reverse("reports:figure_detail", args=["enterprises.hte_valid"]), {"period": 2026}
        ).content.decode()
    assert figure.value == 4  # this month's, mid-2027's, 2026's and the one without an end date
    assert registry == figure.value == api["value"]
    card = re.search(
        r'data-figure="enterprises.hte_valid".*?data-value="(\d+)".*?data-testid="as-of">([^<]+)<',
        dashboard,
        re.S,
    )
    assert card and int(card.group(1)) == figure.value
    assert card.group(2) == "截至2026-12-02"
    assert f">{figure.value} 家<" in page.replace('data-testid="figure-value">', ">")
    assert "截至2026-12-02" in page


def test_a_period_that_is_over_counts_at_its_end(personas, regions, certificates):
    with time_machine.travel(TODAY, tick=False):
        result = figures.compute(
            "enterprises.hte_valid",
            user=personas.staff_a,
            region=regions.county_a,
            period=Period.year_of(2025),
        )
    # at 2025-12-31 the November 2026 certificate was still valid, the 2026 one not yet issued
    assert result.facts["as_of"] == date(2025, 12, 31)
    assert result.facts["as_of_label"] == "截至期末（2025-12-31）"
    names = set(result.records.values_list("name", flat=True))
    assert "上月已过期科技有限公司" in names and "新近认定科技有限公司" not in names
    assert result.value == 4


def test_certificates_expiring_this_month_are_counted(personas, regions, certificates):
    with time_machine.travel(TODAY, tick=False):
        result = figures.compute(
            "cultivation.certificates_expiring",
            user=personas.staff_a,
            region=regions.county_a,
            period=Period.year_of(2026),
        )
    names = set(result.records.values_list("name", flat=True))
    assert names == {"本月到期科技有限公司", "半年内到期科技有限公司"}
    assert result.facts["until"] == date(2027, 6, 2)


def test_months_after_keeps_the_day_or_the_months_last():
    from kechuang.core.periods import months_after

    assert months_after(date(2026, 12, 2), 6) == date(2027, 6, 2)
    assert months_after(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert months_after(date(2027, 7, 15), 6) == date(2028, 1, 15)
