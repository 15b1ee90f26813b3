"""Tables as users of RuoYi-style admin systems expect them (issue #14): 序号 across pages,
共 N 条 and jump-to-page, a column chooser remembered per user that the export follows too,
Chinese names sorted by pinyin."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from kechuang.core.models import ListPreference

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(regions):
    from ..enterprises.factories import EnterpriseFactory

    names = ["张家港精密", "阿拉丁电子", "北方机械", "长江制药", "重庆火锅料", "爱心食品"]
    return [EnterpriseFactory(name=f"{n}有限公司", region=regions.town_a) for n in names]


def rows_of(page):
    import re

    body = page.split("<tbody", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r"<tr.*?</tr>", body, flags=re.S)


def test_serial_numbers_count_across_pages_and_jump_to_page(client, personas, many):
    from ..enterprises.factories import EnterpriseFactory

    for i in range(45):
        EnterpriseFactory(name=f"序号测试{i:02d}有限公司", region=many[0].region)
    client.force_login(personas.staff_a)
    first = client.get("/enterprises/?per_page=20").content.decode()
    assert "<th" in first and ">序号</th>" in first
    assert '<td class="serial">1</td>' in rows_of(first)[0]
    assert '<td class="serial">20</td>' in rows_of(first)[-1]
    third = client.get("/enterprises/?per_page=20&page=3").content.decode()
    assert '<td class="serial">41</td>' in rows_of(third)[0]
    assert "共 51 条，3 页" in third
    assert 'data-testid="jump-page"' in third and 'max="3"' in third
    # the jump form keeps the query (page size) and replaces only the page
    assert '<input type="hidden" name="per_page" value="20">' in third


def test_names_sort_by_pinyin(client, personas, many):
    client.force_login(personas.staff_a)
    page = client.get("/enterprises/?sort=name").content.decode()
    order = (
        "阿拉丁",
        "爱心",
        "北方",
        "长江",
        "重庆",
        "张家港",
    )  # a la, ai, bei, chang, chong, zhang
    positions = [page.index(n) for n in order]
    assert positions == sorted(positions)
    reverse = client.get("/enterprises/?sort=-name").content.decode()
    assert reverse.index("张家港") < reverse.index("阿拉丁")


def test_the_column_chooser_is_remembered_per_user_and_the_export_follows(client, personas, many):
    client.force_login(personas.staff_a)
    page = client.get("/enterprises/").content.decode()
    assert 'data-testid="column-chooser"' in page and "统一社会信用代码</a></th>" in page
    kept = ["region", "industry_code", "flags", "y_sales_revenue", "rd_ratio", "y_employees"]
    answer = client.post(
        "/list-columns/",
        {"key": "enterprises:enterprise", "shown": kept, "next": "/enterprises/?q=公司"},
    )
    assert answer.status_code == 302 and answer["Location"] == "/enterprises/?q=%E5%85%AC%E5%8F%B8"
    assert ListPreference.objects.get(user=personas.staff_a).hidden == ["uscc"]
    page = client.get("/enterprises/").content.decode()
    assert "统一社会信用代码</a></th>" not in page and "企业名称</a></th>" in page
    export = client.get("/enterprises/export/?layout=screen")
    sheet = load_workbook(io.BytesIO(export.content)).active
    headers = [c.value for c in sheet[1]]
    assert "统一社会信用代码" not in headers and "企业名称" in headers
    assert "序号" not in headers and headers[0] == "企业名称"
    # the import-layout export keeps every column (it must import again)
    full = load_workbook(io.BytesIO(client.get("/enterprises/export/").content)).active
    assert "统一社会信用代码" in [c.value for c in full[1]]
    # another user still sees every column
    client.force_login(personas.leader)
    assert "统一社会信用代码</a></th>" in client.get("/enterprises/").content.decode()
    # 恢复默认
    client.force_login(personas.staff_a)
    client.post("/list-columns/", {"key": "enterprises:enterprise", "reset": "1"})
    assert "统一社会信用代码</a></th>" in client.get("/enterprises/").content.decode()


def test_the_chooser_refuses_unknown_lists_and_ignores_unknown_columns(client, personas):
    client.force_login(personas.staff_a)
    assert client.post("/list-columns/", {"key": "nope:nope"}).status_code == 404
    assert client.get("/list-columns/").status_code == 404
    client.post(
        "/list-columns/",
        {"key": "cultivation:certificate", "shown": ["number"], "next": "//evil.example/"},
    )
    hidden = ListPreference.objects.get(user=personas.staff_a).hidden
    assert "actions" not in hidden and "enterprise" not in hidden and "number" not in hidden
    assert set(hidden) == {"valid_until", "reports", "assessment"}


def test_export_selected_exports_only_the_ticked_visible_rows(client, personas, many, registry):
    client.force_login(personas.staff_a)
    page = client.get("/enterprises/").content.decode()
    assert 'data-testid="batch-bar"' in page and 'data-testid="export-selected"' in page
    assert f'name="selected" value="{many[0].pk}" form="selection"' in page
    assert 'data-select-all="selected"' in page
    ticked = [many[0].pk, many[2].pk, registry.b.pk]  # B is county B's: never exported
    answer = client.get("/enterprises/export/", {"selected": ticked, "layout": "screen"})
    sheet = load_workbook(io.BytesIO(answer.content)).active
    names = sorted(r[0] for r in sheet.iter_rows(min_row=2, values_only=True) if r[0])
    assert names == sorted([many[0].name, many[2].name])


def test_the_pool_batch_bar_records_activities_for_the_ticked_enterprises(
    client, personas, registry
):
    from kechuang.cultivation.assessments import services

    services.assess_one(actor=None, enterprise=registry.a, year=2026)
    client.force_login(personas.staff_a)
    page = client.get("/cultivation/?year=2026").content.decode()
    assert 'data-testid="add-activity"' in page and 'data-testid="mobilise"' in page
    assert f'name="enterprises" value="{registry.a.pk}" form="selection"' in page
    form = client.get(
        "/cultivation/activities/add/", {"enterprises": [registry.a.pk], "year": 2026}
    ).content.decode()
    assert registry.a.name in form
    # a leader reads the pool but cannot act on it: only the export is offered
    client.force_login(personas.leader)
    page = client.get("/cultivation/?year=2026").content.decode()
    assert 'data-testid="add-activity"' not in page and 'data-testid="export-selected"' in page


def test_remind_selected_reaches_only_the_ticked_laggards(client, personas, registry, regions):
    from datetime import date

    from kechuang.core.models import Delivery
    from kechuang.rdstats import services as rd
    from kechuang.rdstats.models import SurveyCampaign

    from ..enterprises.factories import EnterpriseFactory

    other = EnterpriseFactory(name="未勾选企业有限公司", region=regions.town_a)
    campaign = SurveyCampaign.objects.create(
        region=regions.county_a, year=2025, deadline=date(2026, 3, 31)
    )
    rd.campaign_add_enterprises(
        actor=personas.staff_a, campaign=campaign, enterprises=[registry.a, other]
    )
    mine = campaign.forms.get(enterprise=registry.a)
    client.force_login(personas.staff_a)
    page = client.get(f"/rdstats/campaigns/{campaign.pk}/forms/").content.decode()
    assert 'data-testid="remind-selected"' in page
    client.post(f"/rdstats/campaigns/{campaign.pk}/remind/", {"selected": [mine.pk]})
    delivery = Delivery.objects.get()
    assert delivery.total == 1 and delivery.unreachable == []


def test_the_operate_column_offers_view_and_edit_to_who_may(client, personas, registry):
    client.force_login(personas.staff_a)
    page = client.get("/enterprises/").content.decode()
    assert ">操作</th>" in page
    row = next(r for r in rows_of(page) if registry.a.name in r)
    assert f'href="/enterprises/{registry.a.pk}/">查看</a>' in row
    assert f'href="/enterprises/{registry.a.pk}/edit/">编辑</a>' in row
    client.force_login(personas.leader)
    row = next(
        r for r in rows_of(client.get("/enterprises/").content.decode()) if registry.a.name in r
    )
    assert ">查看</a>" in row and ">编辑</a>" not in row
    # exported files never carry it
    client.force_login(personas.staff_a)
    sheet = load_workbook(
        io.BytesIO(client.get("/enterprises/export/?layout=screen").content)
    ).active
    assert "操作" not in [c.value for c in sheet[1]]
