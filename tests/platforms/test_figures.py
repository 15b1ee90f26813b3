"""Platforms in the figures, the dashboard and the work report (issue #16): counts read from
the dated history; §一(三), problem 三 and plan §三(三) in the seed's wording, every number
and name traced to its figure; the click-through lists platforms."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from django.urls import reverse

from kechuang.core import figures
from kechuang.core.periods import Period
from kechuang.platforms import services
from kechuang.platforms.choices import PlatformLevel, PlatformStatus
from kechuang.platforms.models import PlatformKind
from kechuang.reports import services as reports
from kechuang.reports.compose import Composer

from ..reports.test_report import assert_number_is_the_figure, text_of

pytestmark = pytest.mark.django_db

S, L = PlatformStatus, PlatformLevel
YEAR = 2025


def _make(actor, name, kind, *, enterprise=None, town=None, institution="", on, status, **facts):
    return services.platform_create(
        actor=actor,
        on=on,
        status=status,
        name=name,
        kind=PlatformKind.objects.get(name=kind),
        host_enterprise=enterprise,
        host_institution=institution,
        region=town or enterprise.region,
        **facts,
    )


def _move(actor, platform, to, on, **facts):
    return services.platform_advance(actor=actor, platform=platform, to=to, on=on, **facts)


@pytest.fixture
def county(personas, registry, regions):
    """County A's platforms over two years, as the seed describes them."""
    staff = personas.staff_a
    registry.a.is_above_scale = True
    registry.a.industry_code = "3411"
    registry.a.save()
    maker = _make(
        staff,
        "哈威众创空间",
        "众创空间",
        enterprise=registry.a,
        on=date(2024, 3, 1),
        status=S.APPROVED,
        level=L.PROVINCIAL,
        document_number="鲁科字〔2024〕1号",
        issuer="省科技厅",
    )
    _move(staff, maker, S.APPLYING, date(2025, 2, 1), level=L.NATIONAL)
    _move(
        staff,
        maker,
        S.APPROVED,
        date(2025, 6, 20),
        level=L.NATIONAL,
        document_number="国科火字〔2025〕88号",
        issuer="科技部",
    )
    centre = _make(
        staff,
        "哈威企业技术中心",
        "企业技术中心",
        enterprise=registry.a,
        on=date(2025, 1, 5),
        status=S.APPLYING,
        level=L.PROVINCIAL,
    )
    _move(staff, centre, S.RECOMMENDED_PROVINCE, date(2025, 7, 3))
    community = _make(
        staff,
        "测试市复合材料创新创业共同体",
        "创新创业共同体",
        town=regions.town_a,
        institution="山东省复材研究院",
        on=date(2025, 1, 1),
        status=S.APPLYING,
        level=L.MUNICIPAL,
    )
    _move(
        staff,
        community,
        S.APPROVED,
        date(2025, 9, 1),
        level=L.MUNICIPAL,
        document_number="市科字〔2025〕7号",
        issuer="市科技局",
    )
    _make(
        staff,
        "哈威院士工作站",
        "院士工作站",
        enterprise=registry.a,
        on=date(2025, 4, 2),
        status=S.NEGOTIATING,
    )
    _make(
        staff,
        "甘薯研究院",
        "产业研究院",
        town=regions.town_a,
        institution="甲县农业农村局",
        on=date(2025, 5, 1),
        status=S.PLANNING,
    )
    old = _make(
        staff,
        "旧孵化器",
        "科技企业孵化器",
        town=regions.town_a,
        institution="甲县科创中心",
        on=date(2023, 1, 1),
        status=S.APPROVED,
        level=L.COUNTY,
        document_number="县科字〔2023〕1号",
        issuer="县科技局",
    )
    _move(staff, old, S.REVOKED, date(2025, 3, 1))
    _make(
        None,
        "CANARY-B 众创空间",
        "众创空间",
        enterprise=registry.b,
        on=date(2025, 6, 1),
        status=S.APPROVED,
        level=L.NATIONAL,
        document_number="国科火字〔2025〕99号",
        issuer="科技部",
    )
    return {"maker": maker, "centre": centre, "community": community, "old": old}


def _value(key, user, region, year=YEAR):
    return figures.compute(key, user=user, region=region, period=Period.year_of(year))


def test_counts_follow_the_history_not_todays_columns(county, personas, regions, registry):
    staff, a = personas.staff_a, regions.county_a
    assert _value("platforms.total", staff, a, 2024).value == 2  # maker (prov.), old (county)
    total = _value("platforms.total", staff, a)
    assert total.value == 2  # maker (national), community (municipal); old one revoked
    assert total.facts["by_level"] == {"national": 1, "provincial": 0, "municipal": 1, "county": 0}
    assert _value("platforms.at_national", staff, a).value == 1
    assert _value("platforms.at_provincial", staff, a, 2024).value == 1
    low = _value("platforms.municipal_or_below", staff, a)
    assert (low.value, low.facts["share"]) == (1, 50.0)
    assert _value("platforms.negotiating", staff, a).value == 1
    assert _value("platforms.building", staff, a).value == 1
    approved = _value("platforms.approved", staff, a)
    assert [(i["month"], i["name"], i["level"], i["first"]) for i in approved.facts["items"]] == [
        (6, "哈威众创空间", "national", True),
        (9, "测试市复合材料创新创业共同体", "municipal", True),
    ]
    # county B's national maker space is no part of county A, nor of staff A's city view
    assert "CANARY" not in " ".join(r.name for r in approved.records)
    assert _value("platforms.at_national", staff, regions.city).value == 1
    assert _value("platforms.at_national", None, regions.city).value == 2
    # hosts: county B's is above scale too; staff A's city view keeps to county A
    registry.b.is_above_scale = True
    registry.b.save()
    assert _value("platforms.above_scale_hosting", None, regions.city).value == 2
    hosting = _value("platforms.above_scale_hosting", staff, regions.city)
    assert hosting.value == 1 and list(hosting.records) == [registry.a]


def test_the_report_speaks_in_the_seeds_words(county, personas, regions):
    period = Period.year_of(YEAR)
    report = reports.generate(actor=personas.staff_a, region=regions.county_a, period=period)
    _doc, text = text_of(report.docx.read())
    assert (
        "6月份，科技部下发了2025年度国家级众创空间名单，哈威众创空间成功创建国家级众创空间，"
        "这也是全县首家国家级众创空间。" in text
    )
    assert "7月份，经积极推荐和争取，哈威企业技术中心通过市科技局公示推荐至省科技厅。" in text
    assert (
        "9月份，山东省复材研究院牵头建立的测试市复合材料创新创业共同体入选市级创新创业共同体"
        in text
    )
    assert "积极推进哈威机械院士工作站对接洽谈" in text
    # two platforms, half municipal, one above-scale enterprise: no finding for problem 三
    assert "创新平台数量少" not in text
    assert "积极推进创新平台建设。全力做好甘薯研究院建设" in text
    assert "积极发挥山东省复材研究院平台作用" in text
    assert "CANARY" not in text
    for use in report.snapshot["figures"]:
        assert_number_is_the_figure(
            use, text, user=personas.staff_a, region=regions.county_a, period=period
        )
    # the companion sheet lists the platforms behind the sentences, by type and town
    sheet = openpyxl.load_workbook(io.BytesIO(report.xlsx.read())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert ("众创空间", "哈威众创空间", "甲镇") in [(r[4], r[5], r[6]) for r in rows] or any(
        r[4] == "众创空间" and r[5] == "哈威众创空间" for r in rows
    )


def test_mostly_municipal_platforms_are_a_problem(county, personas, regions):
    staff = personas.staff_a
    _make(
        staff,
        "甲镇农科驿站",
        "农科驿站",
        town=regions.town_a,
        institution="甲县农业农村局",
        on=date(2025, 2, 1),
        status=S.APPROVED,
        level=L.MUNICIPAL,
        document_number="市科字〔2025〕2号",
        issuer="市科技局",
    )
    composer = Composer(user=staff, region=regions.county_a, period=Period.year_of(YEAR))
    problems = "".join(composer.context()["problems"])
    assert "从平台层次来看，以市级及以下平台为主（2家，占66.7%）" in problems


def test_fewer_platforms_than_above_scale_enterprises_is_a_problem(county, personas, regions):
    from ..enterprises.factories import EnterpriseFactory

    for n in range(3):
        EnterpriseFactory(
            name=f"规上{n}号有限公司",
            region=regions.town_a,
            is_above_scale=True,
            industry_code="2710",
        )
    composer = Composer(user=personas.staff_a, region=regions.county_a, period=Period.year_of(YEAR))
    problems = "".join(composer.context()["problems"])
    assert (
        "创新平台数量少、层次低。从数量来看，甲县各类科技创新平台约为2家，"
        "与重点产业、规上企业数量相比，还存在较大差距：规模以上企业4家，依托创新平台的仅1家，"
        "规上企业所在的行业大类中有1个尚无创新平台。" in problems
    )
    for use in composer.uses:
        from dataclasses import asdict

        text = "".join(problems) + "".join(w["text"] for w in composer.context()["work"])
        plan = "".join(composer.context()["plans"])
        assert_number_is_the_figure(
            asdict(use),
            text + plan,
            user=personas.staff_a,
            region=regions.county_a,
            period=Period.year_of(YEAR),
        )


def test_no_platform_kept_is_no_finding(personas, regions, registry):
    composer = Composer(user=personas.staff_a, region=regions.county_a, period=Period.year_of(YEAR))
    context = composer.context()
    assert not any("创新平台" in p for p in context["problems"])
    assert not any("平台" in w["heading"] for w in context["work"])


def test_dashboard_card_panel_and_click_through_list_platforms(client, county, personas, regions):
    client.force_login(personas.staff_a)
    query = {"region": regions.county_a.code, "period": YEAR}
    body = client.get(reverse("reports:dashboard"), query).content.decode()
    assert "platform-kinds" in body and "期间获批的创新平台" in body
    page = client.get(reverse("reports:figure_detail", args=["platforms.approved"]), query)
    listed = page.content.decode()
    assert "背后的平台（2家）" in listed
    assert "哈威众创空间" in listed and "国家级" in listed and "CANARY" not in listed
    assert reverse("platforms:platform_detail", args=[county["maker"].pk]) in listed
    export = client.get(reverse("reports:figure_export", args=["platforms.approved"]), query)
    rows = list(
        openpyxl.load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True)
    )
    assert rows[0][:3] == ("平台名称", "平台类型", "现有级别")
    assert sorted(r[0] for r in rows[1:]) == ["哈威众创空间", "测试市复合材料创新创业共同体"]
    api = client.get("/api/v1/figures/platforms.approved/", query).json()
    assert api["value"] == 2 and {r["name"] for r in api["records"]} == {
        "哈威众创空间",
        "测试市复合材料创新创业共同体",
    }


def test_a_stored_snapshot_equals_the_computed_platform_figures(county, regions):
    from kechuang.reports import snapshots

    period = Period.year_of(YEAR)
    for key in ("platforms.total", "platforms.approved", "platforms.negotiating"):
        computed = figures.compute(key, user=None, region=regions.city, period=period)
        row = snapshots._figure_row(key, regions.city, period, "v")
        assert snapshots.decode(row.value) == computed.value
        assert snapshots.unpack_ids(row.record_ids) == sorted(computed.record_ids())
        assert row.examples == computed.examples(5)


def test_only_the_countys_first_of_a_type_and_level_is_called_first(county, personas, registry):
    second = _make(
        personas.staff_a,
        "第二众创空间",
        "众创空间",
        enterprise=registry.a,
        on=date(2025, 10, 1),
        status=S.APPROVED,
        level=L.NATIONAL,
        document_number="国科火字〔2025〕99号",
        issuer="科技部",
    )
    items = _value("platforms.approved", personas.staff_a, registry.a.region.parent).facts["items"]
    firsts = {item["name"]: item["first"] for item in items}
    assert firsts["哈威众创空间"] is True and firsts[second.name] is False
