"""End to end (issue #16): staff record a maker space's national approval on its page; the
dashboard shows it with its month and name, the click-through lists it, and a regenerated
work report says it in the seed's words."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from docx import Document

from kechuang.platforms import services
from kechuang.platforms.models import PlatformKind

from .test_pipeline_flow import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

YEAR = 2025


def test_a_national_approval_reaches_the_dashboard_and_the_report(
    page, personas, registry, password
):
    services.default_kinds()
    maker = services.platform_create(
        actor=personas.staff_a,
        on=date(2024, 3, 1),
        status="approved",
        level="provincial",
        document_number="鲁科字〔2024〕1号",
        issuer="省科技厅",
        name="哈威众创空间",
        kind=PlatformKind.objects.get(name="众创空间"),
        host_enterprise=registry.a,
        region=registry.a.region,
    )
    services.platform_advance(
        actor=personas.staff_a, platform=maker, to="applying", on=date(2025, 2, 1), level="national"
    )
    login(page, "p-staff-a", password)
    page.goto(page.base_url + f"/platforms/{maker.pk}/#progress")
    form = page.get_by_test_id("advance-form")
    form.get_by_label("新状态").select_option(label="已批准")
    form.get_by_label("日期").fill("2025-06-20")
    form.get_by_label("级别（申报、获批时填写）").select_option(label="国家级")
    form.get_by_label("批准文号").fill("国科火字〔2025〕88号")
    form.get_by_label("发文单位").fill("科技部")
    form.get_by_role("button", name="记录新状态").click()
    page.wait_for_url("**/platforms/**")
    assert "已批准" in page.get_by_test_id("platform-events").inner_text()

    page.goto(page.base_url + f"/reports/?period={YEAR}")
    card = page.locator('[data-figure="platforms.approved"]')
    assert card.locator("[data-value]").get_attribute("data-value") == "1"
    assert "最近：6月 哈威众创空间（国家级众创空间）" in card.inner_text()
    assert "1" in page.get_by_test_id("platform-kinds").inner_text()
    card.click()
    assert page.get_by_test_id("figure-value").inner_text() == "1 家"
    records = page.get_by_test_id("figure-records").inner_text()
    assert "哈威众创空间" in records and "国家级" in records
    page.get_by_role("link", name="哈威众创空间").click()
    page.wait_for_url(f"**/platforms/{maker.pk}/")

    page.goto(page.base_url + "/reports/work/")
    page.get_by_label("期间").fill(str(YEAR))
    page.get_by_role("button", name="生成", exact=True).click()
    page.get_by_test_id("job-result").click()
    assert "期间获批的创新平台" in page.get_by_test_id("report-figures").inner_text()
    with page.expect_download() as download:
        page.get_by_test_id("download-docx").click()
    data = Path(download.value.path()).read_bytes()
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    assert (
        "6月份，科技部下发了2025年度国家级众创空间名单，哈威众创空间成功创建国家级众创空间，"
        "这也是全县首家国家级众创空间。" in text
    )
