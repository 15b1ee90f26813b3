"""End to end (issue #7): a leader opens the dashboard, clicks a number and sees the records;
staff generate the work report and download it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document

from ..reports.conftest import YEAR, mini  # noqa: F401 - the hand-counted county
from .test_pipeline_flow import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_leader_clicks_a_number_staff_generate_and_download(page, mini, password):  # noqa: F811
    login(page, "p-leader", password)
    page.goto(page.base_url + f"/reports/?period={YEAR}")
    card = page.locator('[data-figure="cultivation.hte_trained"]')
    assert card.locator("[data-value]").get_attribute("data-value") == "2"
    card.click()
    assert page.get_by_test_id("figure-value").inner_text() == "2 家"
    records = page.get_by_test_id("figure-records").inner_text()
    assert "一号机械有限公司" in records and "二号制药有限公司" in records
    page.context.clear_cookies()

    login(page, "p-staff-a", password)
    page.goto(page.base_url + "/reports/work/")
    page.get_by_label("期间").fill(str(YEAR))
    page.get_by_role("button", name="生成", exact=True).click()
    page.get_by_test_id("job-result").click()
    assert "参加高企认定培训的企业" in page.get_by_test_id("report-figures").inner_text()
    with page.expect_download() as download:
        page.get_by_test_id("download-docx").click()
    data = Path(download.value.path()).read_bytes()
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    assert text.startswith("甲县科技局2025年工作总结")
    assert "对拟认证的2家企业进行高新技术企业认定培训" in text
