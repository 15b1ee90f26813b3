"""End to end (issue #18): a call is opened; an enterprise drafts a proposal in the portal and
hands it in; the proposal shows the call's HTE condition as a gap; staff coach, submit and
record its funding; the pool and the regenerated report's §一(五) follow."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from docx import Document

from kechuang.projects.models import Proposal

from .test_pipeline_flow import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def advance(page, to, on, **fields):
    form = page.get_by_test_id("advance-form")
    form.get_by_label("新阶段").select_option(label=to)
    form.get_by_label("日期").fill(on)
    for label, value in fields.items():
        form.get_by_label(label).fill(value)
    form.get_by_role("button", name="记录新阶段").click()
    page.wait_for_url("**/projects/**")


def test_a_call_a_portal_draft_and_its_way_to_funding(page, personas, registry, password):
    today = timezone.localdate()
    login(page, "p-staff-a", password)
    page.goto(page.base_url + "/projects/calls/add/")
    page.get_by_label("征集名称").fill("省重点研发计划项目征集")
    page.get_by_label("计划类别").fill("省重点研发计划")
    page.locator("#id_level").select_option(label="省级")
    page.locator("#id_kind").select_option(label="企业研发项目")
    page.get_by_label("开始日期").fill(f"{today - timedelta(days=5):%Y-%m-%d}")
    page.get_by_label("截止日期").fill(f"{today + timedelta(days=20):%Y-%m-%d}")
    page.get_by_label("须为高新技术企业").check()
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/projects/calls/*/")
    page.context.clear_cookies()

    # the enterprise drafts its proposal in the portal and hands it in
    login(page, "p-ent-a", password)
    page.goto(page.base_url + "/projects/add/")
    page.get_by_label("项目名称").fill("智能产线关键技术研发")
    page.get_by_label("对应征集").select_option(label="省重点研发计划项目征集")
    page.get_by_label("总投资").fill("300")
    page.get_by_label("申请资金").fill("90")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/projects/*/")
    proposal = Proposal.objects.get()
    assert (proposal.status, proposal.enterprise) == ("draft", registry.a)
    page.get_by_role("tab", name="申报条件核对").click()
    assert "不是有效期内的高新技术企业" in page.get_by_test_id("readiness").inner_text()
    page.get_by_role("tab", name="项目进展").click()
    advance(page, "已征集", f"{today:%Y-%m-%d}")
    page.context.clear_cookies()

    # staff take it through the pool
    login(page, "p-staff-a", password)
    page.goto(page.base_url + f"/projects/{proposal.pk}/")
    on = f"{today:%Y-%m-%d}"
    for to, extra in (
        ("已储备", {}),
        ("已辅导", {"辅导人（辅导时填写）": "省科技厅专家组"}),
        ("已申报", {}),
        (
            "已立项",
            {"立项资金（万元，立项时填写）": "60", "立项文号（立项时填写）": "鲁科字〔9〕1号"},
        ),
    ):
        page.get_by_role("tab", name="项目进展").click()
        advance(page, to, on, **extra)
    page.get_by_role("tab", name="项目进展").click()
    history = page.get_by_test_id("proposal-events").inner_text()
    assert "省科技厅专家组" in history and "鲁科字〔9〕1号" in history and "60.00" in history
    page.goto(page.base_url + "/projects/")
    assert "已立项" in page.get_by_test_id("pool").inner_text()

    page.goto(page.base_url + "/reports/work/")
    page.get_by_label("期间").fill(str(today.year))
    page.get_by_role("button", name="生成", exact=True).click()
    page.get_by_test_id("job-result").click()
    with page.expect_download() as download:
        page.get_by_test_id("download-docx").click()
    data = Path(download.value.path()).read_bytes()
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    assert "深入挖掘科技人才项目" in text
    assert "广泛征集、储备我县企业研发项目1项，重点筛选了智能产线关键技术研发等项目" in text
