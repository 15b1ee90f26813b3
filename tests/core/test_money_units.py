"""One money convention: stored as exact yuan, entered and shown in 万元 (GDP in 亿元), and a
value typed in the wrong unit (×10,000 against last year) is caught before it is saved."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest
from django import forms

from kechuang.core.money import YI, MoneyField, MoneyFormField, show_exact, unit_slip
from kechuang.dataio import services as dataio
from kechuang.dataio.models import BatchStatus
from kechuang.enterprises.forms import AnnualFiguresForm, EnterpriseForm
from kechuang.enterprises.models import AnnualFigures
from kechuang.rdstats.forms import CampaignEditForm
from kechuang.rdstats.validation import Context, check

from ..support.sheets import WRITERS, file_name

pytestmark = pytest.mark.django_db

D = Decimal


def test_money_form_field_takes_wan_and_cleans_to_exact_yuan():
    field = MoneyFormField(label="销售收入")
    assert field.label == "销售收入（万元）"
    assert field.clean("5,102.18") == D("51021800.00")
    assert field.clean("0.000001") == D("0.01")  # one fen
    assert field.clean(" 12 ") == D("120000.00")
    assert MoneyFormField(label="x", required=False).clean("") is None
    with pytest.raises(forms.ValidationError, match="最多6位小数"):
        field.clean("0.0000001")
    with pytest.raises(forms.ValidationError, match="请填写数字"):
        field.clean("五千万")
    # A stored value is shown in 万元, without trailing zeros or exponent.
    assert field.prepare_value(D("51021800.00")) == "5102.18"
    assert field.prepare_value(D("100000000.00")) == "10000"


def test_gdp_is_entered_in_yi_yuan():
    form = CampaignEditForm(
        data={"deadline": "2026-03-31", "threshold": "3", "gdp": "302", "instructions": ""}
    )
    assert form.fields["gdp"].unit == YI and "亿元" in str(form.fields["gdp"].label)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["gdp"] == D("30200000000.00")


def test_every_money_field_of_the_registry_forms_is_in_wan(registry, personas):
    form = EnterpriseForm(user=personas.staff_a, instance=registry.a)
    assert isinstance(form.fields["registered_capital"], MoneyFormField)
    assert form.fields["registered_capital"].label == "注册资本（万元）"
    figures = AnnualFiguresForm(enterprise=registry.a)
    money = [f.name for f in AnnualFigures._meta.fields if isinstance(f, MoneyField)]
    assert len(money) == 12
    for name in money:
        assert isinstance(figures.fields[name], MoneyFormField), name
        assert str(figures.fields[name].label).endswith("（万元）"), name


def test_unit_slip_is_about_a_factor_of_ten_thousand():
    assert unit_slip(D("51021800"), D("5102.18")) is not None
    assert unit_slip(D("5102.18"), D("51021800")) is not None
    assert unit_slip(D("3") * D("5102.18"), D("5102.18")) is None  # a real tripling
    assert unit_slip(None, D("1")) is None and unit_slip(D("1"), D("0")) is None
    assert show_exact(D("1")) == "0.0001" and show_exact(D("12345678")) == "1,234.5678"


def test_edit_page_shows_money_in_wan_and_saves_exact_yuan(client, personas, registry):
    figures = registry.a.annual_figures.get(year=2024)
    figures.sales_revenue = D("51021800.00")
    figures.save()
    client.force_login(personas.staff_a)
    page = client.get(f"/enterprises/figures/{figures.pk}/edit/").content.decode()
    assert 'value="5102.18"' in page and "销售收入（万元）" in page
    response = client.post(
        f"/enterprises/figures/{figures.pk}/edit/",
        {"version": figures.version, "sales_revenue": "6,000", "employees": 100},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    figures.refresh_from_db()
    assert figures.sales_revenue == D("60000000.00")


def test_yuan_typed_for_wan_is_stopped_until_confirmed(client, personas, registry):
    last = registry.a.annual_figures.get(year=2024)  # sales 1,000万元
    client.force_login(personas.staff_a)
    url = f"/enterprises/{registry.a.pk}/figures/add/"
    # A normal year (checked against 2024) is saved without a question.
    client.post(url, {"year": 2026, "sales_revenue": "1100", "employees": 100})
    assert AnnualFigures.objects.get(enterprise=registry.a, year=2026).sales_revenue == D(
        "11000000.00"
    )
    typed_in_yuan = {"year": 2025, "sales_revenue": "11000000", "employees": 100}
    response = client.post(url, typed_in_yuan)
    body = response.content.decode()
    assert response.status_code == 200
    assert not AnnualFigures.objects.filter(enterprise=registry.a, year=2025).exists()
    assert "“销售收入”填写为11,000,000.00万元，是2024年度（1,000.00万元）的11,000倍" in body
    assert 'name="confirm_units"' in body and 'type="checkbox"' in body
    assert last.sales_revenue == D("10000000.00")
    confirmed = client.post(url, {**typed_in_yuan, "confirm_units": "on"})
    assert confirmed.status_code == 302
    saved = AnnualFigures.objects.get(enterprise=registry.a, year=2025)
    assert saved.sales_revenue == D("110000000000.00")


def test_import_preview_warns_of_a_unit_slip_without_blocking(personas, registry):
    rows = [
        ["统一社会信用代码", "年度", "销售收入（万元）", "职工总数"],
        [registry.a.uscc, 2025, 11000000, 100],  # yuan under a 万元 header
    ]
    data = WRITERS["xlsx"](rows)
    batch = dataio.batch_upload(
        actor=personas.staff_a, sheet="annual-figures", file_name=file_name("xlsx"), data=data
    )
    assert batch.status == BatchStatus.READY
    [warning] = batch.preview["warnings"]
    assert (warning["row"], warning["column"]) == (2, "销售收入（万元）")
    assert "是2024年度（1,000.00万元）的11,000倍" in warning["reason"]


def test_import_template_and_export_default_to_wan(client, personas, registry):
    client.force_login(personas.staff_a)
    template = client.get("/data/annual-figures/template.xlsx")
    header = [c.value for c in openpyxl.load_workbook(io.BytesIO(template.content)).active[1]]
    assert "销售收入（万元）" in header and "销售收入（元）" not in header
    yuan = client.get("/data/annual-figures/template.xlsx?unit=yuan")
    header = [c.value for c in openpyxl.load_workbook(io.BytesIO(yuan.content)).active[1]]
    assert "销售收入（元）" in header


def test_rd_form_total_about_ten_thousand_times_last_year_is_flagged():
    ctx = Context(labels={}, last_year_rd=D("5000000"))  # 500万元
    found = check({"exp_total": D("50000000000")}, [], ctx, submitting=False)
    codes = [f.code for f in found]
    assert "unit" in codes and "yoy" not in codes
    message = next(f.message for f in found if f.code == "unit")
    assert "500.00万元" in message and "10,000倍" in message


@pytest.mark.parametrize("typed", ["1e999999999", "9" * 5000, "1e17", "99999999999999"])
def test_an_absurd_amount_is_a_message_not_a_crash(typed):
    with pytest.raises(forms.ValidationError, match="金额过大"):
        MoneyFormField(label="销售收入").clean(typed)
