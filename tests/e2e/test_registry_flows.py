"""End to end in Chromium: import with a bad row → see it → fix → commit; A cannot open B."""

from __future__ import annotations

import pytest

from kechuang.enterprises.models import Enterprise

from ..dataio.test_engine import enterprise_rows
from ..support.sheets import xlsx

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def login(page, username, password):
    page.goto(page.base_url + "/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(page.base_url + "/**")


def test_staff_import_with_a_bad_row_then_fix_and_commit(
    page, personas, regions, password, tmp_path
):
    rows = enterprise_rows(4)
    good_code = rows[2][0]
    rows[2][0] = good_code[:-1] + ("0" if good_code[-1] != "0" else "1")
    bad_file = tmp_path / "企业名录.xlsx"
    bad_file.write_bytes(xlsx(rows))

    login(page, "p-staff-a", password)
    page.get_by_role("link", name="企业库").first.click()
    page.get_by_role("link", name="导入企业名录").click()
    page.set_input_files("#id_file", str(bad_file))
    page.get_by_role("button", name="上传并检查").click()
    assert page.get_by_test_id("batch-status").inner_text() == "有错误，未导入"
    errors = page.get_by_test_id("row-errors").inner_text()
    assert "统一社会信用代码" in errors and "第18位校验码错误" in errors and rows[2][0] in errors
    with page.expect_download() as download:
        page.get_by_role("link", name="下载错误行（修改后重新上传）").click()
    assert download.value.suggested_filename.startswith("errors-")
    assert Enterprise.objects.count() == 0
    page.screenshot(path="test-artifacts/e2e-import-errors.png", full_page=True)

    rows[2][0] = good_code
    fixed = tmp_path / "企业名录-修正.xlsx"
    fixed.write_bytes(xlsx(rows))
    page.get_by_role("link", name="重新上传", exact=True).click()
    page.set_input_files("#id_file", str(fixed))
    page.get_by_role("button", name="上传并检查").click()
    assert page.get_by_test_id("batch-status").inner_text() == "待确认导入"
    page.get_by_role("button", name="确认导入（新增 4，更新 0）").click()
    assert page.get_by_test_id("batch-status").inner_text() == "已导入"
    assert Enterprise.objects.count() == 4

    page.goto(page.base_url + "/enterprises/?q=drqy")
    assert "共 4 家企业" in page.get_by_test_id("result-count").inner_text()


def test_enterprise_a_cannot_open_bs_page(page, personas, registry, password):
    login(page, "p-ent-a", password)
    page.get_by_role("link", name="本企业信息").first.click()
    assert page.get_by_test_id("enterprise-name").inner_text() == "哈威机械有限公司"
    response = page.goto(page.base_url + f"/enterprises/{registry.b.pk}/")
    assert response.status == 404
    assert "CANARY-B" not in page.content()
    response = page.goto(page.base_url + "/enterprises/")
    assert response.status == 403
