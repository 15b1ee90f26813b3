"""Report sections, dashboard cards and panels are registered by the apps (issue #13): the
reports app reads the registries and imports no app's internals."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kechuang.core import reporting
from kechuang.core.periods import Period
from kechuang.reports.compose import Composer

from .conftest import YEAR

pytestmark = pytest.mark.django_db

WORK_LINES = ("cultivation", "enterprises", "rdstats", "targets", "platforms", "talent")


def test_reports_imports_no_app_internals():
    root = Path(reporting.__file__).resolve().parents[1] / "reports"
    pattern = re.compile(rf"kechuang\.({'|'.join(WORK_LINES)})\b")
    offenders = [
        f"{p.name}:{n}"
        for p in root.rglob("*.py")
        if "migrations" not in p.parts
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []


def test_the_seed_order_of_the_sections():
    # The worked example (kechuang.example, installed by the test settings only) comes last.
    assert [s.key for s in reporting.sections(reporting.WORK)] == [
        "rdstats.survey",
        "cultivation.work",
        "platforms.work",
        "talent.work",
        "projects.work",
        "rural.work",
        "example.awards",
    ]
    assert [s.key for s in reporting.sections(reporting.PROBLEM)] == [
        "talent.depth",
        "enterprises.talent",
        "platforms.few_and_low",
        "rdstats.low_intensity",
    ]
    assert [s.key for s in reporting.sections(reporting.PLAN)][:2] == [
        "targets.hte",
        "targets.tech_sme",
    ]


def test_a_new_work_line_adds_a_section_without_touching_reports(
    mini, personas, regions, monkeypatch
):
    def platforms(c):
        n = c.use(
            "enterprises.above_scale", reporting.count(c.fig("enterprises.above_scale").value)
        )
        return f"新建创新平台，服务规上企业{n}家。"

    section = reporting.Section(
        "platforms.work", reporting.WORK, 15, platforms, heading="加强创新平台建设。"
    )
    monkeypatch.setitem(reporting.SECTIONS, section.key, section)
    context = Composer(
        user=personas.staff_a, region=regions.county_a, period=Period.year_of(YEAR)
    ).context()
    headings = [w["heading"] for w in context["work"]]
    assert headings[0] == "（一）加强创新平台建设。"  # no survey this period: it comes first
    assert context["work"][0]["text"] == "新建创新平台，服务规上企业2家。"


def test_a_registered_card_and_panel_reach_the_dashboard(
    client, mini, personas, regions, monkeypatch
):
    monkeypatch.setitem(
        reporting.CARDS, "enterprises.in_statistics", reporting.Card("enterprises.in_statistics", 5)
    )
    from django.core.cache import cache

    cache.clear()  # another test's dashboard may sit under the same ids (rolled-back pks)
    client.force_login(personas.staff_a)
    page = client.get("/reports/", {"period": str(YEAR)}).content.decode()
    assert 'data-figure="enterprises.in_statistics"' in page
    for key in ("targets-progress", "reports-findings", "cultivation-funnel", "cultivation-gaps"):
        assert f'data-panel="{key}"' in page
    assert f"{YEAR}年度目标进度" in page  # the panel's own data reached its template
