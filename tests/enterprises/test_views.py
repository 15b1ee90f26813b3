"""Registry pages: list, search, filters, export, detail, edits, conflicts, reveal."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest
from auditlog.models import LogEntry

from kechuang.enterprises.models import Enterprise, Qualification

from .factories import AnnualFiguresFactory, EnterpriseFactory

pytestmark = pytest.mark.django_db


def names(response) -> list[str]:
    return [row.record.name for row in response.context["table"].page.object_list]


@pytest.fixture
def county(registry, regions):
    """A few more enterprises in county A with distinct figures for filtering."""
    low = EnterpriseFactory(name="低研发企业", region=regions.town_a, is_above_scale=True)
    high = EnterpriseFactory(name="高研发企业", region=regions.town_a, in_rd_statistics=True)
    AnnualFiguresFactory(
        enterprise=low, year=2024, sales_revenue=Decimal("1000000"), rd_expense=Decimal("29999")
    )
    AnnualFiguresFactory(
        enterprise=high, year=2024, sales_revenue=Decimal("1000000"), rd_expense=Decimal("30000")
    )
    Qualification.objects.create(
        enterprise=high, kind="hte", issued_on="2024-01-01", valid_until="2099-12-31"
    )
    return {"low": low, "high": high}


def test_list_shows_only_the_staff_members_region(client, personas, registry):
    client.force_login(personas.staff_a)
    response = client.get("/enterprises/", {"year": 2024})
    assert names(response) == ["哈威机械有限公司"]
    assert "CANARY-B" not in response.content.decode()


def test_search_by_name_uscc_and_pinyin_initials(client, personas, registry):
    client.force_login(personas.staff_a)
    for term in ("哈威", registry.a.uscc[:10], "hwjx", "haweiji"):
        assert names(client.get("/enterprises/", {"q": term})) == ["哈威机械有限公司"], term
    assert names(client.get("/enterprises/", {"q": "xyz"})) == []


def test_rd_ratio_boundary_is_exact(client, personas, county):
    client.force_login(personas.staff_a)
    at_least_3 = names(client.get("/enterprises/", {"year": 2024, "rd_ratio_min": "3"}))
    below_3 = names(client.get("/enterprises/", {"year": 2024, "rd_ratio_max": "3"}))
    assert "高研发企业" in at_least_3 and "低研发企业" not in at_least_3  # 3.000% vs 2.9999%
    assert "低研发企业" in below_3 and "高研发企业" not in below_3


def test_flag_and_hte_filters(client, personas, county):
    client.force_login(personas.staff_a)
    assert names(client.get("/enterprises/", {"is_above_scale": "1"})) == ["低研发企业"]
    assert names(client.get("/enterprises/", {"is_hte": "1"})) == ["高研发企业"]
    assert "高研发企业" not in names(client.get("/enterprises/", {"is_hte": "0"}))


def test_revenue_filter_in_wan(client, personas, county, registry):
    client.force_login(personas.staff_a)
    result = names(client.get("/enterprises/", {"year": 2024, "revenue_min": "500"}))
    assert result == ["哈威机械有限公司"]  # 10,000,000 yuan = 1000 万元


def test_sorting_by_sales(client, personas, county):
    client.force_login(personas.staff_a)
    result = names(client.get("/enterprises/", {"year": 2024, "sort": "-y_sales_revenue"}))
    assert result[0] == "哈威机械有限公司"


def test_export_is_exactly_the_filtered_list_and_masked(client, personas, county, registry):
    client.force_login(personas.staff_a)
    response = client.get("/enterprises/export/", {"q": "研发"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][0] == "统一社会信用代码"
    assert sorted(r[1] for r in rows[1:]) == ["低研发企业", "高研发企业"]
    entry = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).latest("timestamp")
    assert entry.additional_data["rows"] == 2 and entry.actor == personas.staff_a


def test_export_neutralises_formulas_and_keeps_numbers(client, personas, regions):
    EnterpriseFactory(
        name='=HYPERLINK("http://x")',
        region=regions.town_a,
        address="+1+1",
        contact_person="@SUM(A1)",
        registered_capital=Decimal("1234.50"),
    )
    client.force_login(personas.staff_a)
    response = client.get("/enterprises/export/")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    row = list(sheet[2])
    cell = dict(zip(header, row, strict=True))
    assert cell["企业名称"].value == '\'=HYPERLINK("http://x")'
    assert cell["地址"].value == "'+1+1" and cell["联系人"].value == "'@SUM(A1)"
    # Money leaves in 万元 (the house unit) and stays a number, never text.
    assert cell["注册资本（万元）"].data_type == "n" and cell["注册资本（万元）"].value == 0.12345


def test_phone_is_masked_on_the_page_and_reveal_is_audited(client, personas, registry):
    client.force_login(personas.staff_a)
    body = client.get(f"/enterprises/{registry.a.pk}/").content.decode()
    assert "138****0001" in body and "13800000001" not in body
    response = client.post(f"/enterprises/{registry.a.pk}/reveal-contact/", {"reason": "走访联系"})
    assert "13800000001" in response.content.decode()
    entry = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).latest("timestamp")
    assert entry.additional_data["reason"] == "走访联系" and entry.actor == personas.staff_a


def test_reveal_needs_a_reason_and_the_permission(client, personas, registry):
    client.force_login(personas.staff_a)
    assert client.post(f"/enterprises/{registry.a.pk}/reveal-contact/", {}).status_code == 400
    client.force_login(personas.leader)
    assert (
        client.post(f"/enterprises/{registry.a.pk}/reveal-contact/", {"reason": "x"}).status_code
        == 403
    )


def test_detail_shows_years_side_by_side_with_ratios(client, personas, registry):
    AnnualFiguresFactory(enterprise=registry.a, year=2023, sales_revenue=Decimal("8000000"))
    client.force_login(personas.staff_a)
    response = client.get(f"/enterprises/{registry.a.pk}/")
    rows = {r["label"]: r["cells"] for r in response.context["figure_rows"]}
    assert rows["销售收入（万元）"] == ["800.00", "1,000.00"]
    assert rows["研发费用占销售收入比例"][1] == "5.00%"
    assert rows["销售收入增长率"] == ["—", "25.00%"]
    assert rows["科技人员占比"][1] == "15.00%"


def test_edit_with_a_stale_version_shows_a_conflict(client, personas, registry, regions):
    client.force_login(personas.staff_a)
    data = {
        "uscc": registry.a.uscc,
        "name": "哈威机械有限公司",
        "region": regions.town_a.pk,
        "industry_code": "3411",
        "address": "甲的修改",
        "version": 1,
    }
    assert client.post(f"/enterprises/{registry.a.pk}/edit/", data).status_code == 302
    stale = client.post(f"/enterprises/{registry.a.pk}/edit/", {**data, "address": "乙的修改"})
    assert stale.status_code == 200 and "已被他人修改" in stale.content.decode()
    registry.a.refresh_from_db()
    assert registry.a.address == "甲的修改"


def test_enterprise_user_sees_and_edits_its_own_page(client, personas, registry):
    client.force_login(personas.enterprise_a)
    assert client.get("/enterprises/mine/")["Location"] == f"/enterprises/{registry.a.pk}/"
    response = client.post(
        f"/enterprises/{registry.a.pk}/edit/",
        {"address": "企业自填", "version": 1, "is_key_cultivated": "on", "name": "改名企图"},
    )
    assert response.status_code == 302
    registry.a.refresh_from_db()
    assert registry.a.address == "企业自填"
    assert registry.a.name == "哈威机械有限公司" and not registry.a.is_key_cultivated
    history = client.get(f"/enterprises/{registry.a.pk}/").content.decode()
    assert "p-ent-a（企业用户）" in history


def test_staff_create_an_enterprise_account(client, personas, registry):
    client.force_login(personas.staff_a)
    response = client.post(
        f"/enterprises/{registry.a.pk}/accounts/add/",
        {"username": "hawei", "full_name": "张联系", "phone": ""},
        follow=True,
    )
    assert "临时密码" in response.content.decode()
    assert registry.a.members.filter(user__username="hawei").exists()


def test_industry_picker_searches_code_and_name(client, personas):
    client.force_login(personas.staff_a)
    by_code = client.get("/enterprises/industries/", {"q": "3411"}).content.decode()
    by_name = client.get("/enterprises/industries/", {"q": "锅炉"}).content.decode()
    assert 'value="3411"' in by_code and "锅炉及辅助设备制造" in by_name


def test_add_enterprise_form(client, personas, regions):
    client.force_login(personas.staff_a)
    from .factories import make_uscc

    code = make_uscc("990101", 4321)
    response = client.post(
        "/enterprises/add/", {"uscc": code, "name": "新登记企业", "region": regions.town_a.pk}
    )
    assert response.status_code == 302
    assert Enterprise.objects.get(uscc=code).name == "新登记企业"
    bad = client.post(
        "/enterprises/add/", {"uscc": "123", "name": "坏代码", "region": regions.town_a.pk}
    )
    assert "长度应为18位" in bad.content.decode()


def test_adding_figures_for_an_existing_year_points_to_edit(client, personas, registry):
    client.force_login(personas.staff_a)
    response = client.post(
        f"/enterprises/{registry.a.pk}/figures/add/", {"year": 2024, "employees": 5}
    )
    assert response.status_code == 200
    assert "2024年度的数据已存在" in response.content.decode()
    ok = client.post(f"/enterprises/{registry.a.pk}/figures/add/", {"year": 2022, "employees": 5})
    assert ok.status_code == 302 and registry.a.annual_figures.filter(year=2022).exists()
