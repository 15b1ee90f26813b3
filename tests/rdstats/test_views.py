"""The survey pages: what staff and enterprises see, autosave, review, export and isolation."""

from __future__ import annotations

import io
from decimal import Decimal as D

import openpyxl
import pytest

from kechuang.rdstats.models import SurveyForm

from .conftest import YEAR

pytestmark = pytest.mark.django_db

CANARIES = ["CANARY-B", "13987654321"]


def test_campaign_page_counts_and_laggards_with_contacts(client, county, personas):
    client.force_login(personas.staff_a)
    html = client.get(f"/rdstats/campaigns/{county.campaign.pk}/").content.decode()
    assert "尚未提交的企业（2家）" in html
    assert "六号研发有限公司" in html and "哈威机械有限公司" in html
    assert "138****0001" in html and "13800000001" not in html  # contacts masked
    assert "一号研发有限公司" not in html  # accepted: not a laggard


def test_figures_page_shows_the_total_and_links_to_records(client, county, personas):
    client.force_login(personas.staff_a)
    html = client.get(f"/rdstats/campaigns/{county.campaign.pk}/figures/").content.decode()
    assert 'data-value="940000' in html
    assert "1.00%" in html  # R&D / GDP
    assert "135.0%" in html  # year on year
    assert f"/rdstats/campaigns/{county.campaign.pk}/forms/?status=accepted&amp;below=1" in html
    drill = client.get(
        f"/rdstats/campaigns/{county.campaign.pk}/forms/", {"status": "accepted", "below": "1"}
    ).content.decode()
    assert "二号研发有限公司" in drill and "一号研发有限公司" not in drill


def test_enterprise_fills_its_form_on_the_page(client, county, personas):
    form = county.forms["A"]
    client.force_login(personas.enterprise_a)
    assert client.get("/rdstats/mine/").url == f"/rdstats/forms/{form.pk}/"
    page = client.get(f"/rdstats/forms/{form.pk}/").content.decode()
    assert "企业研发活动情况表" in page and 'name="exp_total"' in page
    assert "研究开发费用合计（万元）" in page  # the unit is in the label
    data = {
        "version": form.version,
        "exp_total": "30",  # 万元, as the labels say
        "exp_personnel": "20",
        "exp_direct": "10",
        "src_own": "30",
        "staff_total": "4",
        "operating_revenue": "500",
        "projects-TOTAL_FORMS": "1",
        "projects-INITIAL_FORMS": "0",
        "projects-0-name": "新型减速机研发",
        "projects-0-source": "own",
        "projects-0-stage": "pilot",
        "projects-0-staff": "3",
        "projects-0-person_months": "20",
        "submit": "1",
    }
    response = client.post(f"/rdstats/forms/{form.pk}/save/", data, follow=True)
    assert "已提交，等待科技局审核" in response.content.decode()
    form.refresh_from_db()
    assert (form.status, form.exp_total, form.projects.get().name) == (
        "submitted",
        D("300000"),
        "新型减速机研发",
    )


def test_bad_number_is_reported_in_chinese_and_nothing_saved(client, county, personas):
    form = county.forms["A"]
    client.force_login(personas.enterprise_a)
    response = client.post(
        f"/rdstats/forms/{form.pk}/save/",
        {"exp_total": "三十万", "projects-TOTAL_FORMS": "0", "projects-INITIAL_FORMS": "0"},
    )
    assert response.status_code == 400
    assert "请输入一个数字" in response.content.decode() or "数字" in response.content.decode()
    assert SurveyForm.objects.get(pk=form.pk).exp_total is None


def test_autosave_answers_json_with_findings(client, county, personas):
    form = county.forms["A"]
    client.force_login(personas.enterprise_a)
    response = client.post(
        f"/rdstats/forms/{form.pk}/autosave/",
        {
            "version": form.version,
            "staff_total": "2",
            "fte": "3",
            "projects-TOTAL_FORMS": "0",
            "projects-INITIAL_FORMS": "0",
        },
    )
    body = response.json()
    assert body["ok"] and body["version"] == form.version + 1
    assert [f["code"] for f in body["findings"]] == ["fte_gt_staff"]
    stale = client.post(
        f"/rdstats/forms/{form.pk}/autosave/",
        {"version": form.version, "projects-TOTAL_FORMS": "0", "projects-INITIAL_FORMS": "0"},
    )
    assert stale.status_code == 409 and "已被他人修改" in stale.json()["message"]


def test_staff_return_and_accept_on_the_page(client, county, personas):
    form = county.forms["E5"]
    client.force_login(personas.staff_a)
    page = client.get(f"/rdstats/forms/{form.pk}/").content.decode()
    assert "审核通过" in page and "退回修改" in page
    refused = client.post(f"/rdstats/forms/{form.pk}/review/", {"action": "return"}, follow=True)
    assert "退回时请填写退回意见" in refused.content.decode()
    client.post(f"/rdstats/forms/{form.pk}/review/", {"action": "return", "comment": "请补充项目"})
    form.refresh_from_db()
    assert form.status == "returned"
    client.force_login(personas.enterprise_a)
    assert client.get(f"/rdstats/forms/{form.pk}/").status_code == 404  # E5 is not A's


def test_export_is_the_import_layout_of_the_accepted_forms(client, county, personas):
    """The campaign page's "导出已通过的统计表" asks status=accepted; the export is exactly
    that filter, in the import layout, in 万元 unless 元 is asked (as every export)."""
    client.force_login(personas.staff_a)
    url = f"/rdstats/campaigns/{county.campaign.pk}/export/"
    for unit, label, factor in (("", "万元", D("0.0001")), ("yuan", "元", D(1))):
        response = client.get(url, {"status": "accepted", "unit": unit})
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        header = rows[0]
        assert header[:3] == ("统一社会信用代码", "企业名称", "统计年度")
        assert f"研究开发费用合计（{label}）" in header
        by_name = {r[1]: r for r in rows[1:]}
        assert set(by_name) == {
            "一号研发有限公司",
            "二号研发有限公司",
            "三号软件有限公司",
            "四号软件有限公司",
        }
        assert by_name["一号研发有限公司"][2] == YEAR
        total = header.index(f"研究开发费用合计（{label}）")
        assert D(str(by_name["二号研发有限公司"][total])) == D("400000") * factor
    everything = client.get(url)  # no filter: every form of the campaign, as the list shows
    rows = list(openpyxl.load_workbook(io.BytesIO(everything.content)).active.values)
    assert len(rows) - 1 == county.campaign.forms.count() > 4


def test_enterprise_b_reaches_nothing_of_a_by_any_rd_url(client, county, personas, registry):
    a_form = county.forms["A"]
    before = (a_form.version, a_form.status)
    client.force_login(personas.enterprise_b)
    urls = [
        f"/rdstats/forms/{a_form.pk}/",
        f"/rdstats/forms/{a_form.pk}/save/",
        f"/rdstats/forms/{a_form.pk}/autosave/",
        f"/rdstats/forms/{a_form.pk}/review/",
        f"/rdstats/forms/{a_form.pk}/sync/",
        f"/rdstats/campaigns/{county.campaign.pk}/",
        f"/rdstats/campaigns/{county.campaign.pk}/figures/",
        f"/rdstats/campaigns/{county.campaign.pk}/forms/",
        f"/rdstats/campaigns/{county.campaign.pk}/export/",
        f"/api/v1/rd-forms/{a_form.pk}/",
        f"/api/v1/rd-forms/{a_form.pk}/submit/",
        f"/api/v1/rd-campaigns/{county.campaign.pk}/figures/",
    ]
    for url in urls:
        for method in (client.get, client.post):
            response = method(url, {"staff_total": "1", "comment": "x", "action": "accept"})
            assert response.status_code in (403, 404, 405), (url, response.status_code)
            assert "哈威机械" not in response.content.decode(), url
    listed = client.get("/api/v1/rd-forms/").json()
    assert listed["count"] == 0  # B has no form in county A's campaign
    a_form.refresh_from_db()
    assert (a_form.version, a_form.status) == before


def test_staff_of_another_county_see_no_forms(client, county, personas):
    client.force_login(personas.staff_b)
    assert client.get(f"/rdstats/campaigns/{county.campaign.pk}/").status_code == 404
    assert client.get(f"/rdstats/forms/{county.forms['E1'].pk}/").status_code == 404
    assert client.get("/api/v1/rd-forms/").json()["count"] == 0


def test_enterprise_page_links_to_its_survey_history(client, county, personas):
    e1 = county.forms["E1"].enterprise
    client.force_login(personas.staff_a)
    page = client.get(e1.get_absolute_url()).content.decode()
    assert f"/rdstats/enterprises/{e1.pk}/" in page
    html = client.get(f"/rdstats/enterprises/{e1.pk}/").content.decode()
    assert "2025" in html and "2024" in html and "研究开发费用（万元）" in html
    assert ">50.00<" in html and ">40.00<" in html  # 500,000 and 400,000 yuan
    assert "5.00%" in html  # 500,000 / 10,000,000
    client.force_login(personas.staff_b)
    assert client.get(f"/rdstats/enterprises/{e1.pk}/").status_code == 404


def test_a_refused_submit_lists_each_problem_once(client, county, personas):
    """Issue #14: one alert says the submit was refused; each finding appears once, in the
    数据校验 card — errors in red, warnings to explain apart (no stack of eight alerts)."""
    form = county.forms["A"]
    client.force_login(personas.enterprise_a)
    data = {
        "version": form.version,
        "exp_total": "30",
        "exp_personnel": "10",  # 10 + 10 ≠ 30: an error
        "exp_direct": "10",
        "src_own": "30",
        "staff_total": "4",
        "operating_revenue": "500",
        "projects-TOTAL_FORMS": "1",
        "projects-INITIAL_FORMS": "0",
        "projects-0-name": "新型减速机研发",
        "projects-0-source": "own",
        "projects-0-stage": "pilot",
        "projects-0-staff": "3",
        "projects-0-person_months": "20",
        "projects-0-in_house": "100",  # more than the form's total: a warning to explain
        "submit": "1",
    }
    response = client.post(f"/rdstats/forms/{form.pk}/save/", data, follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0].endswith("#findings-card")
    alerts = page.count('class="alert alert-danger')
    assert alerts == 1 and "未能提交：还有" in page
    assert page.count("不等于各项费用之和") == 1
    findings = page.split('data-testid="findings"', 1)[1].split("</ul>", 1)[0]
    assert 'data-level="error"' in findings and 'data-level="warning"' in findings
    assert "text-danger" in findings and "text-warning-emphasis" in findings
    assert SurveyForm.objects.get(pk=form.pk).status != "submitted"
