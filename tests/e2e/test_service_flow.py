"""End to end (issue #20): an enterprise posts a need in the portal; staff accept and assign
it; it is answered and the enterprise closes it with a rating; a policy typed with its
conditions is matched and pushed to the qualifying enterprises; the leader's page shows the
visit and the closed need; the regenerated report counts them."""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from docx import Document

from kechuang.policies.models import Push
from kechuang.support import services as support
from kechuang.talent.models import TechNeed

from ..enterprises.factories import AnnualFiguresFactory
from .test_pipeline_flow import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_need_closes_with_a_rating_and_a_policy_reaches_its_enterprises(
    page, personas, registry, password
):
    today = timezone.localdate()
    year = today.year
    personas.leader.full_name = "王局长"
    personas.leader.save()
    registry.a.is_above_scale = True
    registry.a.save()
    AnnualFiguresFactory(enterprise=registry.a, year=year - 1, rd_expense=Decimal("400000"))
    support.liaison_create(
        actor=None,
        leader=personas.leader,
        enterprise=registry.a,
        since=today - timedelta(days=30),
    )

    # the enterprise posts its need in the portal
    login(page, "p-ent-a", password)
    page.goto(page.base_url + "/talent/needs/add/")
    page.get_by_label("需求名称").fill("污水处理成本高")
    page.get_by_label("需求描述").fill("现有工艺处理成本高，希望对接环保专家")
    page.get_by_label("标签").fill("环保")
    page.get_by_role("button", name="保存").click()
    need = TechNeed.objects.get()
    assert (need.status, need.source) == ("submitted", "portal")
    page.context.clear_cookies()

    # staff accept, assign with a time limit, and answer
    login(page, "p-staff-a", password)
    for step in (
        {"to": "已受理"},
        {
            "to": "已交办",
            "承办人或部门（交办时填写）": "县生态环境局",
            "办理时限（交办时填写）": (today + timedelta(days=15)).isoformat(),
        },
        {"to": "已反馈", "处置结果（反馈时填写）": "已组织专家提出工艺改造方案"},
    ):
        page.goto(page.base_url + need.get_absolute_url())
        page.get_by_role("tab", name="办理进度").click()
        page.get_by_label("办理环节").select_option(label=step.pop("to"))
        for label, value in step.items():
            page.get_by_label(label).fill(value)
        page.get_by_role("button", name="记录办理环节").click()
        page.wait_for_load_state()
    need.refresh_from_db()
    assert need.status == "answered" and need.assignee == "县生态环境局"

    # a visit with the leader, recorded by staff
    page.goto(page.base_url + "/support/add/")
    page.locator("#id_enterprise").select_option(value=str(registry.a.pk))
    page.get_by_label("走访人员").select_option(label="王局长")
    page.get_by_label("走访情况").fill("了解研发计划和用工情况")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/support/*/")

    # a policy typed with its conditions, matched and pushed
    page.goto(page.base_url + "/policies/add/")
    page.get_by_label("政策名称").fill("规上企业研发投入后补助")
    page.get_by_label("发文单位").fill("省科技厅")
    page.get_by_label("政策层级").select_option(label="省")
    page.get_by_label("发布日期").fill((today - timedelta(days=30)).isoformat())
    page.get_by_label("申报条件（每行一条）").fill("规上企业 = 是\n研发费用 >= 30")
    page.get_by_role("button", name="保存").click()
    page.get_by_test_id("matches-link").click()
    assert registry.a.name in page.get_by_test_id("qualified").inner_text()
    assert "CANARY-B" not in page.content()
    page.get_by_label("推送方式").select_option(label="电话")
    page.get_by_role("button", name="向勾选的企业推送").click()
    assert "已向1家企业推送" in page.content()
    push = Push.objects.get()
    assert (push.enterprise, push.pushed_by) == (registry.a, personas.staff_a)
    page.context.clear_cookies()

    # the enterprise rates the answer (办结) and sees the policy it was told of
    login(page, "p-ent-a", password)
    page.goto(page.base_url + need.get_absolute_url())
    page.get_by_role("tab", name="办理进度").click()
    page.get_by_label("办理结果评价").select_option(label="已办结")
    page.get_by_label("满意度（办结时填写）").select_option(label="非常满意")
    page.get_by_label("评价意见").fill("响应及时")
    page.get_by_role("button", name="提交评价").click()
    page.wait_for_load_state()
    need.refresh_from_db()
    assert (need.status, need.satisfaction) == ("closed", 5)
    page.goto(page.base_url + "/policies/mine/")
    assert "规上企业研发投入后补助" in page.get_by_test_id("my-policies").inner_text()
    assert "规上企业研发投入后补助" in page.get_by_test_id("my-pushes").inner_text()
    page.context.clear_cookies()

    # the leader's page shows the visit and the closed need
    login(page, "p-leader", password)
    page.goto(page.base_url + "/support/leaders/mine/")
    row = page.get_by_test_id("leader-enterprises").inner_text()
    assert registry.a.name in row and today.isoformat() in row
    cells = page.get_by_test_id("leader-enterprises").locator("tbody tr td")
    assert cells.nth(3).inner_text().strip().startswith("0")  # no open need left
    assert cells.nth(4).inner_text().strip() == "1"  # the closed one
    page.context.clear_cookies()

    # the regenerated report counts them
    login(page, "p-staff-a", password)
    page.goto(page.base_url + "/reports/work/")
    page.get_by_label("期间").fill(str(year))
    page.get_by_role("button", name="生成", exact=True).click()
    page.get_by_test_id("job-result").click()
    with page.expect_download() as download:
        page.get_by_test_id("download-docx").click()
    data = Path(download.value.path()).read_bytes()
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    assert "统筹抓好科技政策贯彻执行和研发投入统计工作" in text
    assert "向1家企业精准推送《规上企业研发投入后补助》1项政策1次" in text
    assert "受理企业技术难题和需求1项，办结1项，企业满意率100%" in text
    assert "1名班子成员联系服务1家企业" in text
