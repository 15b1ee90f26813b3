"""End to end: the declared lists' year control works in a real browser under the Content
Security Policy (no inline script), and a filter refreshes only the table."""

from __future__ import annotations

from datetime import date

import pytest

from kechuang.cultivation.techsme.models import SmeRegistration, SmeStatus

from ..enterprises.factories import EnterpriseFactory
from .test_pipeline_flow import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
THIS_YEAR = date.today().year


def test_the_year_control_reloads_the_page_and_a_filter_refreshes_the_table(
    page, personas, regions, password
):
    now = EnterpriseFactory(name="今年科小有限公司", region=regions.town_a)
    before = EnterpriseFactory(name="去年科小有限公司", region=regions.town_a)
    for firm, year in ((now, THIS_YEAR), (before, THIS_YEAR - 1)):
        SmeRegistration.objects.create(
            enterprise=firm, year=year, status=SmeStatus.MOBILISED, status_on=date(year, 5, 1)
        )
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    login(page, "p-staff-a", password)

    page.goto(page.base_url + "/cultivation/tech-sme/")
    table = page.get_by_test_id("sme-registrations")
    assert "今年科小有限公司" in table.inner_text() and "去年科小有限公司" not in table.inner_text()
    page.get_by_test_id("year").select_option(str(THIS_YEAR - 1))
    page.wait_for_url(f"**year={THIS_YEAR - 1}**")
    assert f"{THIS_YEAR - 1}年科技型中小企业入库" in page.locator("h1").inner_text()
    table = page.get_by_test_id("sme-registrations")
    assert "去年科小有限公司" in table.inner_text() and "今年科小有限公司" not in table.inner_text()

    search = page.get_by_role("search")
    search.get_by_label("状态", exact=True).select_option("registered")  # htmx: the table only
    page.wait_for_url("**status=registered**")
    assert "没有符合条件的记录" in page.get_by_test_id("sme-registrations").inner_text()
    assert f"{THIS_YEAR - 1}年科技型中小企业入库" in page.locator("h1").inner_text()
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_switching_the_year_on_the_board_shows_last_years_batches(page, personas, password):
    from kechuang.core.models import Batch

    Batch.objects.create(kind="hte", year=THIS_YEAR, number=1, closes_on=date(THIS_YEAR, 6, 30))
    Batch.objects.create(
        kind="hte", year=THIS_YEAR - 1, number=2, closes_on=date(THIS_YEAR - 1, 7, 31)
    )
    login(page, "p-staff-a", password)
    page.goto(page.base_url + "/cultivation/board/")
    assert f"{THIS_YEAR}年第1批" in page.get_by_test_id("hte-batches").inner_text()
    page.get_by_test_id("year").select_option(str(THIS_YEAR - 1))
    page.wait_for_url(f"**year={THIS_YEAR - 1}**")
    batches = page.get_by_test_id("hte-batches").inner_text()
    assert f"{THIS_YEAR - 1}年第2批" in batches and f"{THIS_YEAR}年第1批" not in batches
    assert f"{THIS_YEAR - 1}年高新技术企业认定进度" in page.locator("h1").inner_text()
