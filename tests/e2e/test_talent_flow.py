"""End to end (issue #17): a trip with two visits, one cooperation advanced to a preliminary
agreement, a need matched to an expert and confirmed; the regenerated report's §一(四) names
them."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from docx import Document

from kechuang.talent import services

from .test_pipeline_flow import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_trip_cooperation_and_need_reach_the_report(page, personas, registry, regions, password):
    university = services.institution_create(
        actor=None, name="山东大学", kind="university", region=regions.county_a
    )
    expert = services.expert_create(
        actor=None,
        name="王材料",
        title="教授",
        institution=university,
        fields="复合材料、成型工艺",
        keywords="碳纤维 热压成型 模具",
    )
    services.expert_create(
        actor=None, name="李果树", title="研究员", institution=university, fields="果树栽培"
    )
    cooperation = services.cooperation_create(
        actor=personas.staff_a,
        on=date(2025, 3, 1),
        enterprise=registry.a,
        institution=university,
        experts=[expert],
        project="碳纤维构件成型",
    )
    trip = services.trip_create(
        actor=personas.staff_a,
        title="赴山东大学对接",
        started_on=date(2025, 3, 5),
        ended_on=date(2025, 3, 6),
    )
    login(page, "p-staff-a", password)

    # the cooperation climbs to a preliminary agreement on its page
    page.goto(page.base_url + f"/talent/{cooperation.pk}/#progress")
    form = page.get_by_test_id("advance-form")
    form.get_by_label("新阶段").select_option(label="初步协议")
    form.get_by_label("日期").fill("2025-03-05")
    form.get_by_role("button", name="记录新阶段").click()
    page.wait_for_url("**/talent/**")
    assert "初步协议" in page.get_by_test_id("cooperation-events").inner_text()

    # two visits on the trip's page
    for day, topic, outcome in (
        ("2025-03-05", "碳纤维构件成型", "初步协议"),
        ("2025-03-06", "人才引进", ""),
    ):
        page.goto(page.base_url + f"/talent/trips/{trip.pk}/#visits")
        visit = page.get_by_test_id("visit-form")
        visit.get_by_label("对接日期").fill(day)
        visit.get_by_label("企业").select_option(label=registry.a.name)
        visit.get_by_label("对接单位", exact=True).select_option(label="山东大学")
        visit.get_by_label("对接项目或内容").fill(topic)
        if outcome:
            visit.get_by_label("达成阶段").select_option(label=outcome)
            visit.get_by_label("对接专家").select_option(label=str(expert))
        visit.get_by_role("button", name="记录对接").click()
        page.wait_for_url(f"**/talent/trips/{trip.pk}/")
    assert page.get_by_test_id("visits").inner_text().count("山东大学") == 2

    # a need, matched and confirmed
    need = services.need_create(
        actor=None, enterprise=registry.a, title="壳体成型开裂", description="复合材料 成型 开裂"
    )
    page.goto(page.base_url + f"/talent/needs/{need.pk}/#match")
    matches = page.get_by_test_id("matches")
    assert matches.locator("tbody tr").first.inner_text().startswith("1")
    assert "王材料" in matches.locator("tbody tr").first.inner_text()
    matches.get_by_role("button", name="确认匹配").first.click()
    page.wait_for_url("**/talent/**")
    assert "壳体成型开裂" in page.get_by_test_id("object-title").inner_text()

    page.goto(page.base_url + "/reports/work/")
    page.get_by_label("期间").fill("2025")
    page.get_by_role("button", name="生成", exact=True).click()
    page.get_by_test_id("job-result").click()
    with page.expect_download() as download:
        page.get_by_test_id("download-docx").click()
    data = Path(download.value.path()).read_bytes()
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    assert "着力突破招才引智工作" in text
    assert (
        "3月5至6日，县科技局分别组织哈威机械赴山东大学对接王材料教授碳纤维构件成型项目，"
        "已达成初步协议，组织哈威机械赴山东大学对接人才引进项目" in text
    )
