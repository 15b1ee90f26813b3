"""End to end, issue #14: the captcha appears on the fourth sign-in attempt and is solved in
a real browser; a year chosen on one page is kept on the next; the dashboard's period select
reloads the page (no inline script under the CSP)."""

from __future__ import annotations

from datetime import date

import pytest
from captcha.models import CaptchaStore

from kechuang.rdstats import services as rd
from kechuang.rdstats.models import SurveyCampaign

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
THIS_YEAR = date.today().year


def attempt(page, username, password):
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def test_a_captcha_appears_on_the_fourth_attempt(page, personas, password, settings):
    settings.SIGNIN_CAPTCHA = True
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(page.base_url + "/accounts/login/")
    for _ in range(2):
        attempt(page, "p-staff-a", "Wrong#Pass0000")
        assert page.get_by_test_id("captcha").count() == 0
    attempt(page, "p-staff-a", "Wrong#Pass0000")
    captcha = page.get_by_test_id("captcha")
    assert captcha.is_visible()
    image = page.get_by_test_id("captcha-image")
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")  # the PNG loaded
    # 换一张 fetches a new key and image
    first_key = page.locator("[data-captcha-key]").input_value()
    page.get_by_role("button", name="换一张").click()
    page.wait_for_function(
        "k => document.querySelector('[data-captcha-key]').value !== k", arg=first_key
    )
    key = page.locator("[data-captcha-key]").input_value()
    page.get_by_label("密码").fill(password)
    page.get_by_label("用户名").fill("p-staff-a")
    page.get_by_test_id("captcha-input").fill(CaptchaStore.objects.get(hashkey=key).response)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(page.base_url + "/")
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_a_year_chosen_on_the_board_is_kept_on_the_dashboard(page, personas, password):
    from .test_pipeline_flow import login

    login(page, "p-staff-a", password)
    page.goto(page.base_url + "/cultivation/board/")
    page.get_by_test_id("year").select_option(str(THIS_YEAR - 1))
    page.wait_for_url(f"**year={THIS_YEAR - 1}**")
    page.goto(page.base_url + "/reports/")
    assert page.get_by_test_id("period").input_value() == str(THIS_YEAR - 1)
    assert f"{THIS_YEAR - 1}年" in page.locator("h1").inner_text()
    page.get_by_test_id("period").select_option(f"{THIS_YEAR - 1}H1")
    page.wait_for_url(f"**period={THIS_YEAR - 1}H1**")
    assert f"{THIS_YEAR - 1}年上半年" in page.locator("h1").inner_text()
    page.goto(page.base_url + "/cultivation/pipeline/")
    assert page.get_by_test_id("year").input_value() == str(THIS_YEAR - 1)


def test_an_announcement_reaches_enterprise_a_and_not_b(
    page, personas, registry, password, tmp_path
):
    from .test_pipeline_flow import login

    scan = tmp_path / "通知附件.pdf"
    scan.write_bytes(b"%PDF-1.4\n%%EOF\n")
    login(page, "p-staff-a", password)
    page.goto(page.base_url + "/announcements/add/")
    page.get_by_label("标题").fill("关于开展高企认定培训的通知")
    page.get_by_label("正文").fill("定于下周三在局会议室举办培训。")
    page.get_by_label("发送范围").select_option("list")
    page.get_by_label("指定企业").select_option(str(registry.a.pk))
    page.get_by_label("附件").set_input_files(str(scan))
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/announcements/*/")
    assert "回执：已确认阅读 0 家，未确认 1 家" in page.content()
    page.get_by_role("button", name="退出").click()

    login(page, "p-ent-a", password)
    home = page.get_by_test_id("home-announcements")
    assert "关于开展高企认定培训的通知" in home.inner_text()
    home.get_by_role("link", name="关于开展高企认定培训的通知").click()
    assert page.get_by_test_id("attachment-link").inner_text() == "通知附件.pdf"
    page.get_by_role("button", name="确认已阅").click()
    assert "已确认阅读" in page.content()
    page.get_by_role("button", name="退出").click()

    login(page, "p-ent-b", password)
    assert "关于开展高企认定培训的通知" not in page.content()
    page.goto(page.base_url + "/announcements/")
    assert "关于开展高企认定培训的通知" not in page.content()


def test_tick_rows_and_export_only_those(page, personas, registry, regions, password):
    import io

    from openpyxl import load_workbook

    from ..enterprises.factories import EnterpriseFactory
    from .test_pipeline_flow import login

    made = [EnterpriseFactory(name=f"勾选测试{i}有限公司", region=regions.town_a) for i in range(3)]
    login(page, "p-staff-a", password)
    page.goto(page.base_url + "/enterprises/")
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.accept()))
    page.get_by_test_id("export-selected").click()  # nothing ticked: told, nothing downloaded
    assert dialogs == ["请先勾选要处理的记录。"]
    page.get_by_label("全选本页").check()
    assert page.locator("[data-selection-count]").inner_text() == f"已选 {len(made) + 1} 条"
    page.get_by_label("全选本页").uncheck()
    page.get_by_label(f"选择{made[0].name}").check()
    page.get_by_label(f"选择{made[2].name}").check()
    assert page.locator("[data-selection-count]").inner_text() == "已选 2 条"
    with page.expect_download() as download:
        page.get_by_test_id("export-selected").click()
    data = open(download.value.path(), "rb").read()  # noqa: SIM115 - a test's temporary file
    sheet = load_workbook(io.BytesIO(data)).active
    names = {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert names == {made[0].name, made[2].name}
    assert "csrfmiddlewaretoken" not in download.value.url


def test_sort_the_registry_by_name_in_pinyin_order(page, personas, registry, regions, password):
    from ..enterprises.factories import EnterpriseFactory
    from .test_pipeline_flow import login

    for name in (
        "张家港精密有限公司",
        "阿拉丁电子有限公司",
        "北方机械有限公司",
        "爱心食品有限公司",
    ):
        EnterpriseFactory(name=name, region=regions.town_a)
    login(page, "p-staff-a", password)
    page.goto(page.base_url + "/enterprises/?sort=-uscc")
    page.get_by_role("link", name="企业名称").click()
    page.wait_for_url("**sort=name**")
    names = page.locator("#enterprise-table tbody tr td:nth-child(3)").all_inner_texts()
    expected = ["阿拉丁电子有限公司", "爱心食品有限公司", "北方机械有限公司", "哈威机械有限公司"]
    assert names[:4] == expected and names[-1] == "张家港精密有限公司"


def test_a_reminder_run_reports_unreachable_enterprises(
    page, personas, registry, regions, password
):
    from ..enterprises.factories import EnterpriseFactory
    from .test_pipeline_flow import login

    dark = EnterpriseFactory(name="失联企业有限公司", region=regions.town_a, contact_phone="")
    campaign = SurveyCampaign.objects.create(
        region=regions.county_a, year=2025, deadline=date(2026, 3, 31)
    )
    rd.campaign_add_enterprises(
        actor=personas.staff_a, campaign=campaign, enterprises=[registry.a, dark]
    )
    login(page, "p-staff-a", password)
    page.goto(page.base_url + f"/rdstats/campaigns/{campaign.pk}/")
    page.on("dialog", lambda d: d.accept())
    page.get_by_role("button", name="一键提醒未提交企业").click()
    page.wait_for_url("**/deliveries/*/")
    assert "催报已发送：共2家未提交，已送达1家，无法送达1家。" in page.content()
    unreachable = page.get_by_test_id("unreachable").inner_text()
    assert "失联企业有限公司" in unreachable and "没有系统账号" in unreachable
    assert registry.a.name not in unreachable
    page.get_by_role("link", name="返回来源页面").click()
    page.wait_for_url(f"**/rdstats/campaigns/{campaign.pk}/")
