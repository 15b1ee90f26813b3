"""Cultivation: stored, replayable assessments; the pool; the gap report; self-check; API."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from kechuang.cultivation.assessments import services
from kechuang.cultivation.models import Assessment
from kechuang.enterprises.facts import inputs_for
from kechuang.rules import hte

from ..enterprises.factories import AnnualFiguresFactory, EnterpriseFactory, IpFactory

pytestmark = pytest.mark.django_db
YEAR = 2026


def strong(regions, name="强企业有限公司"):
    enterprise = EnterpriseFactory(
        name=name, region=regions.town_a, tech_field="8", registered_on=date(2015, 1, 1)
    )
    for y, sales in ((2023, 30_000_000), (2024, 36_000_000), (2025, 45_000_000)):
        AnnualFiguresFactory(
            enterprise=enterprise,
            year=y,
            sales_revenue=Decimal(sales),
            total_revenue=Decimal(sales),
            high_tech_revenue=Decimal(sales * 0.8),
            rd_expense=Decimal(sales * 0.06),
            rd_expense_domestic=Decimal(sales * 0.06),
            employees=100,
            st_staff=20,
            total_assets=Decimal(sales),
            total_liabilities=Decimal(sales * 0.3),
        )
    IpFactory(enterprise=enterprise, kind="invention", granted_on=date(2024, 1, 1))
    return enterprise


def weak(regions):
    enterprise = EnterpriseFactory(
        name="弱企业有限公司", region=regions.town_a, tech_field="8", registered_on=date(2015, 1, 1)
    )
    for y in (2023, 2024, 2025):
        AnnualFiguresFactory(
            enterprise=enterprise,
            year=y,
            sales_revenue=Decimal(10_000_000),
            total_revenue=Decimal(10_000_000),
            rd_expense=Decimal(200_000),
            rd_expense_domestic=Decimal(200_000),
            employees=100,
            st_staff=5,
            high_tech_revenue=Decimal(7_000_000),
        )
    return enterprise


def test_facts_adapter_builds_rule_inputs_from_the_registry(regions):
    enterprise = strong(regions)
    data = inputs_for([enterprise], YEAR)[enterprise.pk]
    assert isinstance(data["hte"], hte.HteInput)
    assert [y.year for y in data["hte"].years] == [2023, 2024, 2025]
    assert data["hte"].ip_class1_count == 1 and data["hte"].employees == 100
    assert data["techsme"].sales_revenue == Decimal("45000000.00")


def test_assessments_are_stored_with_snapshot_and_replayable(personas, regions):
    enterprise = strong(regions)
    rows = services.assess_one(actor=personas.staff_a, enterprise=enterprise, year=YEAR)
    stored = next(a for a in rows if a.rule == "hte")
    assert stored.rule_version == hte.V2016.id and stored.created_by == personas.staff_a
    replayed = hte.assess(hte.HteInput.from_dict(stored.snapshot))
    assert services.compact(replayed) == stored.result  # the replay gives the stored result
    assert stored.criteria == replayed.to_dict()["criteria"] and len(stored.criteria) > 8


def test_reassessing_keeps_history_and_marks_the_latest(personas, regions):
    enterprise = weak(regions)
    services.assess_one(actor=personas.staff_a, enterprise=enterprise, year=YEAR)
    services.assess_one(actor=personas.staff_a, enterprise=enterprise, year=YEAR)
    rows = Assessment.objects.filter(enterprise=enterprise, rule="hte")
    assert rows.count() == 2 and rows.filter(is_latest=True).count() == 1


def test_weak_enterprise_gets_gaps_in_its_own_units(personas, regions):
    enterprise = weak(regions)
    rows = services.assess_one(actor=personas.staff_a, enterprise=enterprise, year=YEAR)
    assessment = next(a for a in rows if a.rule == "hte")
    assert assessment.verdict == "fail"
    assert "|st_staff|" in assessment.gap_codes and "|rd_ratio|" in assessment.gap_codes
    rd_gap = next(g for g in assessment.gaps if g["code"] == "rd_ratio")
    assert rd_gap["unit"] == "元" and Decimal(rd_gap["amount"]) == Decimal("900000.00")


def test_pool_is_ranked_scoped_and_filterable(client, personas, regions, registry):
    good, bad = strong(regions), weak(regions)
    services.assess_enterprises(
        actor=None, enterprises=[good, bad, registry.a, registry.b], year=YEAR
    )
    client.force_login(personas.staff_a)
    body = client.get("/cultivation/", {"year": YEAR}).content.decode()
    assert body.index("强企业有限公司") < body.index("弱企业有限公司")
    assert "CANARY-B" not in body
    assert "只差一项" in body
    only_rd = client.get("/cultivation/", {"year": YEAR, "gap": "rd_ratio"}).content.decode()
    assert "弱企业有限公司" in only_rd and "强企业有限公司" not in only_rd


def test_pool_export_spells_out_the_gaps(client, personas, regions):
    import io

    import openpyxl

    services.assess_enterprises(actor=None, enterprises=[weak(regions)], year=YEAR)
    client.force_login(personas.staff_a)
    response = client.get("/cultivation/export/", {"year": YEAR})
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0][0] == "企业名称" and "需再增加研发投入" in rows[1][6]


def test_gap_report_page_and_reassess_button(client, personas, regions):
    enterprise = weak(regions)
    client.force_login(personas.staff_a)
    page = client.get(f"/cultivation/enterprises/{enterprise.pk}/", {"year": YEAR})
    body = page.content.decode()
    assert "需再增加研发投入90.00万元" in body and "税收优惠测算" in body
    # shown on GET without being stored (no writes on GET), and the page says so
    assert 'data-testid="unsaved-assessment"' in body
    assert not Assessment.objects.filter(enterprise=enterprise).exists()
    response = client.post(f"/cultivation/enterprises/{enterprise.pk}/assess/", {"year": YEAR})
    assert response.status_code == 302
    assert Assessment.objects.filter(enterprise=enterprise, rule="hte").count() == 1
    again = client.get(f"/cultivation/enterprises/{enterprise.pk}/", {"year": YEAR})
    assert 'data-testid="unsaved-assessment"' not in again.content.decode()
    client.post(f"/cultivation/enterprises/{enterprise.pk}/assess/", {"year": YEAR})
    assert Assessment.objects.filter(enterprise=enterprise, rule="hte").count() == 2


def test_self_check_shows_only_the_users_own_enterprise(client, personas, registry):
    client.force_login(personas.enterprise_a)
    body = client.get("/cultivation/self-check/", {"year": YEAR}).content.decode()
    assert "哈威机械有限公司" in body and "CANARY-B" not in body
    assert client.get(f"/cultivation/enterprises/{registry.b.pk}/").status_code == 403
    assert client.get("/cultivation/").status_code == 403


def test_figures_change_triggers_reassessment(
    personas, regions, django_capture_on_commit_callbacks
):
    from kechuang.enterprises.services import annual_figures_upsert

    enterprise = weak(regions)
    services.assess_one(actor=None, enterprise=enterprise, year=YEAR)
    with django_capture_on_commit_callbacks(execute=True):
        annual_figures_upsert(actor=personas.staff_a, enterprise=enterprise, year=2025, st_staff=30)
    latest = Assessment.objects.get(enterprise=enterprise, rule="hte", is_latest=True)
    assert "|st_staff|" not in latest.gap_codes
    assert Assessment.objects.filter(enterprise=enterprise, rule="hte").count() == 2


def test_api_assess_and_list(client, personas, regions, registry):
    enterprise = weak(regions)
    client.force_login(personas.staff_a)
    created = client.post(
        f"/api/v1/enterprises/{enterprise.pk}/assess/",
        {"year": YEAR},
        content_type="application/json",
    )
    assert created.status_code == 201 and {r["rule"] for r in created.json()} == {"hte", "techsme"}
    listed = client.get(
        "/api/v1/assessments/", {"rule": "hte", "verdict": "fail", "year": YEAR}
    ).json()
    assert listed["count"] == 1 and listed["results"][0]["gaps"]
    assert client.post(f"/api/v1/enterprises/{registry.b.pk}/assess/").status_code == 404
    client.force_login(personas.enterprise_a)
    services.assess_enterprises(actor=None, enterprises=[registry.a, registry.b], year=YEAR)
    mine = client.get("/api/v1/assessments/").json()
    assert {r["enterprise"] for r in mine["results"]} == {registry.a.pk}


def test_assess_all_runs_as_a_job(client, personas, regions, django_capture_on_commit_callbacks):
    weak(regions)
    strong(regions)
    client.force_login(personas.staff_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/cultivation/assess-all/", {"year": YEAR})
    from kechuang.core.models import Job

    job = Job.objects.get(kind="assess_all")
    assert response["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    assert job.status == "succeeded" and job.result["output"]["assessed"] == 2
    assert Assessment.objects.filter(is_latest=True).count() == 4
    # the finished job links to its result: that year's pool
    page = client.get(job.get_absolute_url()).content.decode()
    assert f'href="/cultivation/?year={YEAR}"' in page and "打开结果" in page


def test_gap_report_downloads_as_a_word_document(client, personas, regions):
    import io

    from docx import Document

    enterprise = weak(regions)
    client.force_login(personas.staff_a)
    response = client.get(f"/cultivation/enterprises/{enterprise.pk}/report.docx", {"year": YEAR})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "弱企业有限公司" in text and "需再增加研发投入90.00万元" in text
    table_text = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "科技人员占比≥10%" in table_text and "不符合" in table_text


def test_an_excel_import_of_figures_reassesses_those_enterprises(
    personas, regions, django_capture_on_commit_callbacks
):
    from kechuang.dataio import services as dataio

    from ..support.sheets import xlsx

    enterprise = weak(regions)
    services.assess_one(actor=None, enterprise=enterprise, year=YEAR)
    rows = [
        ["统一社会信用代码", "年度", "职工总数", "科技人员数"],
        [enterprise.uscc, 2025, 100, 30],
    ]
    batch = dataio.batch_upload(
        actor=personas.staff_a, sheet="annual-figures", file_name="f.xlsx", data=xlsx(rows)
    )
    with django_capture_on_commit_callbacks(execute=True):
        dataio.batch_commit(actor=personas.staff_a, batch=batch)
    latest = Assessment.objects.get(enterprise=enterprise, rule="hte", is_latest=True)
    assert "|st_staff|" not in latest.gap_codes


def test_the_enterprise_page_links_to_its_assessment_for_staff_only(client, personas, registry):
    client.force_login(personas.staff_a)
    page = client.get(f"/enterprises/{registry.a.pk}/").content.decode()
    assert f"/cultivation/enterprises/{registry.a.pk}/" in page and "资格评价与差距" in page
    client.force_login(personas.enterprise_a)
    own = client.get(f"/enterprises/{registry.a.pk}/").content.decode()
    assert "/cultivation/enterprises/" not in own  # enterprises use 资格自测 instead
