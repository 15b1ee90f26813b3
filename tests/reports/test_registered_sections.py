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
        "policies.work",
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
    assert [s.key for s in reporting.sections(reporting.PLAN)][:4] == [
        "support.plan",
        "targets.hte",
        "support.liaison",
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


def test_sections_of_one_paragraph_are_joined_under_the_first_heading(
    mini, personas, regions, monkeypatch
):
    """The seed's §一(一) tells policy work and the R&D survey in one paragraph: sections that
    share ``paragraph`` join, in order, under the first one that says something; a plan's
    joined lines take one numeral."""
    first = reporting.Section(
        "x.first", reporting.WORK, 1, lambda c: "甲句。", heading="甲标题。", paragraph="p"
    )
    second = reporting.Section(
        "x.second", reporting.WORK, 2, lambda c: "乙句。", heading="乙标题。", paragraph="p"
    )
    silent = reporting.Section(
        "x.silent", reporting.WORK, 0, lambda c: "", heading="丙。", paragraph="q"
    )
    after = reporting.Section(
        "x.after", reporting.WORK, 3, lambda c: "丁句。", heading="丁标题。", paragraph="q"
    )
    plan_a = reporting.Section("x.plan_a", reporting.PLAN, 1, lambda c: "计划甲。", paragraph="r")
    plan_b = reporting.Section("x.plan_b", reporting.PLAN, 2, lambda c: "计划乙。", paragraph="r")
    for section in (first, second, silent, after, plan_a, plan_b):
        monkeypatch.setitem(reporting.SECTIONS, section.key, section)
    context = Composer(
        user=personas.staff_a, region=regions.county_a, period=Period.year_of(YEAR)
    ).context()
    assert context["work"][0] == {"heading": "（一）甲标题。", "text": "甲句。乙句。"}
    assert context["work"][1] == {"heading": "（二）丁标题。", "text": "丁句。"}
    assert context["plans"][0] == "（一）计划甲。计划乙。"


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
