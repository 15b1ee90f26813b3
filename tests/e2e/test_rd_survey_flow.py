"""End to end (issue #6): staff open the survey; enterprise A fills (autosaved), explains its one
warning and submits; staff return it; A fixes and resubmits; staff accept; the county total rises
by exactly A's figure. Then a session that expires mid-typing loses nothing."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal as D

import pytest

from kechuang.rdstats import services
from kechuang.rdstats.models import SurveyForm

from ..enterprises.factories import EnterpriseFactory
from .test_pipeline_flow import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
YEAR = 2025


def logout(page):
    page.context.clear_cookies()


def county_total(page, campaign_pk) -> D:
    page.goto(page.base_url + f"/rdstats/campaigns/{campaign_pk}/figures/")
    return D(page.get_by_test_id("rd-total").locator("[data-value]").get_attribute("data-value"))


def test_open_fill_return_resubmit_accept(page, personas, regions, registry, password):
    other = EnterpriseFactory(name="已纳统机械有限公司", region=regions.town_a)
    other.in_rd_statistics = True
    other.save(update_fields=["in_rd_statistics"])
    page.on("dialog", lambda dialog: dialog.accept())

    # staff open the survey: the 纳统 enterprise by default, A added by hand
    login(page, "p-staff-a", password)
    page.goto(page.base_url + "/rdstats/campaigns/add/")
    page.get_by_label("组织地区").select_option(str(regions.county_a.pk))
    page.get_by_label("统计年度").fill(str(YEAR))
    page.get_by_label("填报截止日期").fill(f"{YEAR + 1}-03-31")
    page.get_by_label("另外添加的企业").fill(registry.a.uscc)
    page.get_by_role("button", name="发起调查").click()
    assert "2家企业已收到填报通知" in page.content()
    campaign_pk = int(re.search(r"/campaigns/(\d+)/", page.url).group(1))

    other_form = SurveyForm.objects.get(campaign_id=campaign_pk, enterprise=other)
    other_form, _f = services.form_save(
        actor=personas.staff_a,
        form=other_form,
        values={
            "exp_total": D("100000"),
            "exp_personnel": D("100000"),
            "src_own": D("100000"),
            "staff_total": 2,
            "operating_revenue": D("3000000"),
        },
    )
    services.form_accept(
        actor=personas.staff_a, form=services.form_submit(actor=personas.staff_a, form=other_form)
    )
    before = county_total(page, campaign_pk)
    assert before == D("100000")
    logout(page)

    # A fills in 万元; last year's R&D in the registry is 500,000 yuan, so 80万元 (+60 %) needs
    # a reason
    login(page, "p-ent-a", password)
    page.goto(page.base_url + "/rdstats/mine/")
    page.get_by_label("研究开发费用合计").fill("80")
    page.get_by_label("人员人工费用").fill("50")
    page.get_by_label("直接投入费用").fill("30")
    page.get_by_label("企业资金").fill("80")
    page.get_by_label("研发人员合计（人）").fill("10")
    page.get_by_label("营业收入").fill("2000")
    page.locator("#autosave-status", has_text="已自动保存").wait_for()
    warning = page.get_by_test_id("findings").locator("[data-level=warning]")
    assert warning.count() == 1 and "+60.0%" in warning.inner_text()
    page.get_by_label("情况说明（提交前必填）").fill("新建研发中心，研发投入大幅增加")
    page.get_by_role("button", name="提交", exact=True).click()
    assert page.get_by_test_id("form-status").inner_text() == "已提交"
    logout(page)

    # staff return it with a comment
    login(page, "p-staff-a", password)
    form = SurveyForm.objects.get(campaign_id=campaign_pk, enterprise=registry.a)
    page.goto(page.base_url + f"/rdstats/forms/{form.pk}/")
    assert "新建研发中心" in page.content()
    page.get_by_label("审核意见（退回时必填）").fill("研发人员数与项目人月不符，请核对")
    page.get_by_role("button", name="退回修改").click()
    assert page.get_by_test_id("form-status").inner_text() == "已退回"
    logout(page)

    # A sees the comment, fixes and resubmits
    login(page, "p-ent-a", password)
    page.goto(page.base_url + f"/rdstats/forms/{form.pk}/")
    assert "研发人员数与项目人月不符" in page.get_by_test_id("return-comment").inner_text()
    page.get_by_label("研发人员合计（人）").fill("12")
    page.get_by_role("button", name="提交", exact=True).click()
    assert page.get_by_test_id("form-status").inner_text() == "已提交"
    logout(page)

    # staff accept; the county total rises by exactly A's figure
    login(page, "p-staff-a", password)
    page.goto(page.base_url + f"/rdstats/forms/{form.pk}/")
    page.get_by_role("button", name="审核通过").click()
    assert page.get_by_test_id("form-status").inner_text() == "已通过"
    after = county_total(page, campaign_pk)
    form.refresh_from_db()
    assert (form.staff_total, form.exp_total) == (12, D("800000"))
    assert after - before == form.exp_total
    page.goto(page.base_url + f"/rdstats/forms/{form.pk}/")
    history = page.get_by_test_id("events").inner_text()
    for status in ("已退回", "已通过"):
        assert status in history


def test_typing_survives_an_expired_session(page, personas, regions, registry, password):
    campaign = services.campaign_open(
        actor=personas.staff_a,
        region=regions.county_a,
        year=YEAR,
        deadline=date(YEAR + 1, 3, 31),
        extra=[registry.a],
    )
    form = campaign.forms.get()
    login(page, "p-ent-a", password)
    page.goto(page.base_url + f"/rdstats/forms/{form.pk}/")
    page.context.clear_cookies()  # the session ends while the user types
    page.get_by_label("研究开发费用合计").fill("65.4321")
    page.locator("#autosave-status", has_text="已暂存在本机浏览器").wait_for()
    assert SurveyForm.objects.get(pk=form.pk).exp_total is None

    login(page, "p-ent-a", password)
    page.goto(page.base_url + f"/rdstats/forms/{form.pk}/")
    assert "已恢复" in page.locator("#restore-notice").inner_text()
    assert page.get_by_label("研究开发费用合计").input_value() == "65.4321"
    page.locator("#autosave-status", has_text="已自动保存").wait_for()
    assert SurveyForm.objects.get(pk=form.pk).exp_total == D("654321")
