"""The policy library (issue #20): conditions typed a line each and parsed by a fixed grammar,
enterprises that qualify and those one condition short with that condition named, benefit
estimates, the push ledger (batch, portal answer, files, API), dissemination records and the
report's §一(一) sentences."""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kechuang.core import figures
from kechuang.core.periods import Period
from kechuang.dataio import services as dataio
from kechuang.dataio.models import BatchStatus
from kechuang.enterprises.models import Qualification
from kechuang.policies import services
from kechuang.policies.conditions import parse
from kechuang.policies.matching import NEARLY, QUALIFIED, match
from kechuang.policies.models import Dissemination, Push
from kechuang.reports.compose import Composer

from ..enterprises.factories import AnnualFiguresFactory, EnterpriseFactory
from ..support.sheets import WRITERS, file_name

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
LAST = TODAY.year - 1


@pytest.fixture
def firms(regions):
    """甲: above scale, R&D 4 % of sales (qualifies); 乙: above scale, R&D 2 % (one short);
    丙: neither above scale nor 3 % (two short); 丁: no figures at all."""
    made = {}
    for name, above, rd in (
        ("甲", True, "400000"),
        ("乙", True, "200000"),
        ("丙", False, "100000"),
    ):
        firm = EnterpriseFactory(
            name=f"{name}方科技有限公司", region=regions.town_a, is_above_scale=above
        )
        AnnualFiguresFactory(
            enterprise=firm,
            year=LAST,
            sales_revenue=Decimal("10000000"),
            rd_expense=Decimal(rd),
            profit=Decimal("2000000"),
        )
        made[name] = firm
    made["丁"] = EnterpriseFactory(name="丁方科技有限公司", region=regions.town_a)
    return made


def policy(regions, lines, **extra):
    values = {
        "title": "规上工业企业研发投入后补助",
        "issuer": "省科技厅",
        "document_number": "省科发〔2026〕21号",
        "level": "provincial",
        "issued_on": TODAY - timedelta(days=100),
        "conditions": parse(lines),
        "region": regions.county_a,
    }
    values.update(extra)
    return services.policy_create(actor=None, **values)


def test_conditions_are_parsed_by_a_fixed_grammar_and_refused_by_line():
    assert parse("规上企业 = 是\n研发费用占销售收入比例 ≥ 3\n国民经济行业代码 属于 C、6513") == [
        {"fact": "above_scale", "op": "=", "value": True},
        {"fact": "rd_ratio", "op": ">=", "value": "3"},
        {"fact": "industry", "op": "属于", "value": ["C", "6513"]},
    ]
    with pytest.raises(ValidationError, match="第2行：不认识的条件项“研发比”"):
        parse("规上企业 = 是\n研发比 >= 3")
    with pytest.raises(ValidationError, match="第1行：“规上企业”只能写“= 是”或“= 否”"):
        parse("规上企业 >= 1")
    with pytest.raises(ValidationError, match="第1行：“abc”不是数值"):
        parse("职工总数 >= abc")
    # what is typed is never code: an expression is just an unknown fact
    with pytest.raises(ValidationError, match="不认识的条件项"):
        parse("__import__('os').system('id') >= 1")


def test_one_condition_short_is_nearly_with_that_condition_named(regions, firms):
    found = match(
        policy(regions, "规上企业 = 是\n研发费用占销售收入比例 >= 3"),
        list(firms.values()),
        TODAY,
    )
    by_name = {m.enterprise.name[0]: m for m in found}
    assert by_name["甲"].kind == QUALIFIED and by_name["甲"].gaps == []
    assert by_name["乙"].kind == NEARLY
    assert by_name["乙"].gaps == ["研发费用占销售收入比例为2.00%，须不低于3%（差1.00个百分点）"]
    assert "丙" not in by_name  # two conditions short
    assert "丁" not in by_name  # not above scale, and no figures reported


def test_a_missing_figure_is_a_gap_said_as_missing(regions, firms):
    found = match(policy(regions, "职工总数 >= 10"), [firms["丁"]], TODAY)
    assert [(m.kind, m.gaps) for m in found] == [(NEARLY, ["未填报职工总数（职工总数不低于10人）"])]


def test_benefits_are_estimated_where_a_rule_computes_them(regions, firms):
    Qualification.objects.create(
        enterprise=firms["乙"],
        kind="hte",
        number="GR2025",
        year=TODAY.year - 1,
        issued_on=TODAY - timedelta(days=300),
        valid_until=TODAY + timedelta(days=700),
    )
    deduction = policy(regions, "研发费用 > 0", benefit_rule="rd_deduction")
    found = {m.enterprise.name[0]: m for m in match(deduction, list(firms.values()), TODAY)}
    # 400,000 yuan × 100 % extra deduction × 25 % income tax; an HTE pays 15 %
    assert found["甲"].benefit == Decimal("100000.00")
    assert found["乙"].benefit == Decimal("30000.00")
    assert "所得税率15%" in found["乙"].benefit_note
    rate = policy(regions, "有效期内高新技术企业 = 是", benefit_rule="hte_rate")
    hte = [m for m in match(rate, list(firms.values()), TODAY) if m.kind == QUALIFIED]
    assert [(m.enterprise.name[0], m.benefit) for m in hte] == [("乙", Decimal("200000.00"))]
    with pytest.raises(ValidationError, match="按定额估算时须填写定额奖补金额"):
        policy(regions, "研发费用 > 0", benefit_rule="fixed")


def test_the_match_page_pushes_the_chosen_and_keeps_the_ledger(client, personas, regions, firms):
    item = policy(regions, "规上企业 = 是\n研发费用占销售收入比例 >= 3")
    client.force_login(personas.staff_a)
    page = client.get(f"/policies/{item.pk}/matches/").content.decode()
    assert "甲方科技有限公司" in page and "乙方" not in page  # the qualified tab
    assert "符合条件 1 家（已推送 0 家），差一项条件 1 家" in page
    page = client.get(f"/policies/{item.pk}/matches/", {"show": "nearly"}).content.decode()
    assert "乙方科技有限公司" in page and "差1.00个百分点" in page and "丙方" not in page
    response = client.post(
        f"/policies/{item.pk}/push/",
        {
            "enterprise": [firms["甲"].pk, firms["乙"].pk, firms["丙"].pk],
            "on": TODAY.isoformat(),
            "channel": "phone",
        },
    )
    assert response.status_code == 302
    # 丙 is not the policy's (two short) — but staff chose it in their region: it is told too
    pushes = Push.objects.filter(policy=item).order_by("enterprise__name")
    assert {p.enterprise.name[0] for p in pushes} == {"甲", "乙", "丙"}
    assert all(p.pushed_by == personas.staff_a for p in pushes)
    again = client.post(
        f"/policies/{item.pk}/push/",
        {"enterprise": [firms["甲"].pk], "on": TODAY.isoformat(), "channel": "phone"},
    )
    assert again.status_code == 302 and Push.objects.filter(policy=item).count() == 3
    export = client.get(f"/policies/{item.pk}/matches/", {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert [(r[1][0], r[2], r[6]) for r in rows] == [
        ("甲", "符合", "已推送"),
        ("乙", "差一项", "已推送"),
    ]


def test_another_county_cannot_push_or_see_the_match(client, personas, regions, firms):
    item = policy(regions, "规上企业 = 是")
    client.force_login(personas.staff_b)
    assert client.get(f"/policies/{item.pk}/matches/").status_code == 404
    response = client.post(
        f"/policies/{item.pk}/push/",
        {"enterprise": [firms["甲"].pk], "on": TODAY.isoformat(), "channel": "phone"},
    )
    assert response.status_code == 404 and not Push.objects.exists()


def test_the_portal_shows_the_enterprise_its_policies_with_the_reason(
    client, personas, regions, registry
):
    AnnualFiguresFactory(
        enterprise=registry.a,
        year=LAST,
        sales_revenue=Decimal("10000000"),
        rd_expense=Decimal("200000"),
    )
    registry.a.is_above_scale = True
    registry.a.save()
    near = policy(regions, "规上企业 = 是\n研发费用占销售收入比例 >= 3", title="研发投入后补助")
    fit = policy(regions, "规上企业 = 是", title="规上企业服务券")
    policy(regions, "职工总数 >= 100000\n研发费用 >= 100000", title="大企业专项")
    expired = policy(
        regions,
        "规上企业 = 是",
        title="过期政策",
        issued_on=TODAY - timedelta(days=900),
        expires_on=TODAY - timedelta(days=1),
    )
    pushed = services.push_create(
        actor=personas.staff_a, policy=fit, enterprise=registry.a, pushed_on=TODAY, channel="visit"
    )
    services.push_create(
        actor=None, policy=fit, enterprise=registry.b, pushed_on=TODAY, channel="visit"
    )
    client.force_login(personas.enterprise_a)
    page = client.get("/policies/mine/").content.decode()
    assert "规上企业服务券" in page and "可能符合" in page
    assert near.title in page and "研发费用占销售收入比例为2.00%，须不低于3%" in page
    assert "大企业专项" not in page and expired.title not in page
    assert "CANARY-B" not in page
    answered = client.post(f"/policies/pushes/{pushed.pk}/respond/", {"response": "interested"})
    assert answered.status_code == 302
    pushed.refresh_from_db()
    assert pushed.response == "interested"
    other = Push.objects.get(enterprise=registry.b)
    assert (
        client.post(f"/policies/pushes/{other.pk}/respond/", {"response": "applied"}).status_code
        == 404
    )
    assert client.get(f"/policies/{fit.pk}/matches/").status_code == 403  # the bureau's page


def test_the_report_tells_dissemination_and_pushes_from_the_records(personas, regions, firms):
    item = policy(regions, "规上企业 = 是", title="惠企科技政策")
    for day, title, outlet in (
        (date(TODAY.year, 2, 3), "致全县科技工作者的一封信", "wechat"),
        (date(TODAY.year, 3, 9), "研发费用加计扣除政策解读", "official_account"),
        (date(TODAY.year - 1, 3, 9), "去年的宣传", "wechat"),
    ):
        services.dissemination_create(
            actor=personas.staff_a, published_on=day, outlet=outlet, title=title, reach=100
        )
    for firm in (firms["甲"], firms["乙"]):
        services.push_create(
            actor=personas.staff_a,
            policy=item,
            enterprise=firm,
            pushed_on=date(TODAY.year, 4, 1),
            channel="phone",
        )
    period = Period.year_of(TODAY.year)
    spread = figures.compute(
        "policies.disseminations", user=personas.staff_a, region=regions.county_a, period=period
    )
    assert spread.value == 2 and spread.facts["reach"] == 200
    told = figures.compute(
        "policies.told", user=personas.staff_a, region=regions.county_a, period=period
    )
    assert (told.value, told.facts["pushes"], told.facts["policies"]) == (2, 2, 1)
    work = Composer(user=personas.staff_a, region=regions.county_a, period=period).context()["work"]
    first = work[0]
    assert first["heading"] == "（一）统筹抓好科技政策贯彻执行和研发投入统计工作。"
    assert (
        "通过微信、公众号等方式，及时转发宣传《致全县科技工作者的一封信》、《研发费用加计扣除政策解读》2条"
        in first["text"]
    )
    assert "向2家企业精准推送《惠企科技政策》1项政策2次" in first["text"]
    assert "去年的宣传" not in first["text"]


@pytest.mark.parametrize("kind", ["xlsx", "csv-gbk"])
def test_a_push_ledger_file_is_checked_row_by_row(personas, regions, firms, kind):
    policy(regions, "规上企业 = 是")
    header = ["政策", "统一社会信用代码", "企业名称", "推送日期", "推送方式", "企业反馈", "说明"]

    def upload(rows):
        return dataio.batch_upload(
            actor=personas.staff_a,
            sheet="policy_pushes",
            file_name=file_name(kind),
            data=WRITERS[kind]([header, *rows]),
        )

    a, b = firms["甲"], firms["乙"]
    bad = upload(
        [
            ["省科发〔2026〕21号", a.uscc, a.name, TODAY, "电话", "", ""],
            ["不存在的政策", b.uscc, b.name, TODAY, "电话", "", ""],
            ["省科发〔2026〕21号", b.uscc, b.name, TODAY, "飞鸽传书", "", ""],
        ]
    )
    assert bad.status == BatchStatus.INVALID
    errors = {(e["row"], e["column"]): str(e["reason"]) for e in bad.errors}
    assert "政策库中没有名称或文号为“不存在的政策”的政策" in errors[(3, "政策")]
    assert (4, "推送方式") in errors
    assert not Push.objects.exists()
    good = upload([["省科发〔2026〕21号", a.uscc, a.name, TODAY, "电话", "有意申报", "电话告知"]])
    assert good.status == BatchStatus.READY, good.errors
    dataio.batch_commit(actor=personas.staff_a, batch=good)
    push = Push.objects.get()
    assert (push.enterprise, push.response, push.pushed_by) == (a, "interested", personas.staff_a)


@pytest.mark.parametrize(
    ("sheet", "url"),
    [
        ("policy_pushes", "/policies/pushes/export/"),
        ("policy_disseminations", "/policies/disseminations/export/"),
    ],
)
def test_exported_ledgers_import_back_unchanged(client, personas, regions, firms, sheet, url):
    item = policy(regions, "规上企业 = 是")
    services.push_create(
        actor=personas.staff_a,
        policy=item,
        enterprise=firms["甲"],
        pushed_on=TODAY,
        channel="visit",
    )
    services.dissemination_create(
        actor=personas.staff_a,
        published_on=TODAY,
        outlet="wechat",
        title="政策解读",
        policy=item,
        reach=300,
    )
    client.force_login(personas.staff_a)
    export = client.get(url, {"year": TODAY.year})
    batch = dataio.batch_upload(
        actor=personas.staff_a, sheet=sheet, file_name="back.xlsx", data=export.content
    )
    assert batch.status == BatchStatus.READY, batch.errors
    assert (batch.unchanged_count, batch.created_count) == (1, 0)
    assert Dissemination.objects.count() == 1


def test_the_api_takes_conditions_as_lines_and_refuses_a_wrong_one(client, personas, regions):
    client.force_login(personas.staff_a)
    body = {
        "title": "研发补助",
        "issuer": "县科技局",
        "level": "county",
        "issued_on": TODAY.isoformat(),
        "conditions": "规上企业 = 是\n研发费用 >= 50",
        "benefit_rule": "none",
    }
    made = client.post("/api/v1/policies/", body, content_type="application/json")
    assert made.status_code == 201, made.content
    assert made.json()["conditions"] == "规上企业 = 是\n研发费用 >= 50"
    wrong = client.post(
        "/api/v1/policies/", {**body, "conditions": "研发比 >= 3"}, content_type="application/json"
    )
    assert wrong.status_code == 400
    assert "不认识的条件项“研发比”" in wrong.content.decode()


def test_a_province_policy_is_read_by_its_counties_and_edited_by_the_province(
    client, personas, regions, firms
):
    from kechuang.accounts.choices import Role

    from ..factories import UserFactory

    province_staff = UserFactory(
        username="p-staff-province", roles=[Role.STAFF], region=regions.province
    )
    item = policy(regions, "规上企业 = 是", region=regions.province, title="全省研发奖补")
    client.force_login(personas.staff_a)
    assert "全省研发奖补" in client.get("/policies/").content.decode()
    assert "甲方科技有限公司" in client.get(f"/policies/{item.pk}/matches/").content.decode()
    with pytest.raises(PermissionDenied):
        services.policy_update(actor=personas.staff_a, policy=item, version=None, title="改")
    services.policy_update(actor=province_staff, policy=item, version=None, title="全省研发补助")
    in_force = figures.compute(
        "policies.in_force",
        user=personas.staff_a,
        region=regions.county_a,
        period=Period.year_of(TODAY.year),
    )
    assert in_force.value == 1
    county = policy(regions, "规上企业 = 是", title="甲县政策")
    client.force_login(personas.staff_b)  # county B reads the province's, not county A's
    body = client.get("/policies/").content.decode()
    assert "全省研发补助" in body and county.title not in body


def test_typed_conditions_are_bounded_before_they_are_read():
    with pytest.raises(ValidationError, match="申报条件最多30行（填写了31行）"):
        parse("\n".join(["规上企业 = 是"] * 31))
    with pytest.raises(ValidationError, match="第1行超过200个字符"):
        parse("研发费用 >= " + "9" * 300)


def test_the_match_export_keeps_a_typed_formula_as_text(client, personas, regions):
    firm = EnterpriseFactory(
        name='=HYPERLINK("http://x")有限公司', region=regions.town_a, is_above_scale=True
    )
    item = policy(regions, "规上企业 = 是")
    client.force_login(personas.staff_a)
    export = client.get(f"/policies/{item.pk}/matches/", {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    names = [r[1] for r in sheet.iter_rows(min_row=3, values_only=True)]
    assert names and all(not str(n).startswith("=") for n in names)
    assert firm.name in "".join(str(n) for n in names).replace("'", "")
