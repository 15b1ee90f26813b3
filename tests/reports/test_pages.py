"""Dashboard, figure pages and report pages: content, links, scope, export, job."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse

from kechuang.core.models import Job
from kechuang.reports.models import WorkReport

from .conftest import YEAR

pytestmark = pytest.mark.django_db


def test_leader_dashboard_numbers_open_their_records(client, mini, personas, regions):
    client.force_login(personas.leader)
    html = client.get("/reports/", {"period": YEAR}).content.decode()
    url = reverse("reports:figure_detail", args=["cultivation.hte_trained"])
    link = f"{url}?region={regions.county_a.code}&amp;period={YEAR}"
    assert link in html
    assert 'data-figure="enterprises.above_scale"' in html
    assert "一是企业科技人才缺乏" in html  # the diagnostics
    # the HTE-by-town bars open the town's records
    town_link = f"?region={regions.town_a.code}&period={YEAR}"
    assert "enterprises.hte_valid/" + town_link.replace("&", "\\u0026") in html
    page = client.get(url, {"region": regions.county_a.code, "period": YEAR}).content.decode()
    assert 'data-testid="figure-value">2 家' in page
    assert "一号机械有限公司" in page and "二号制药有限公司" in page
    assert "期间内有“认定培训”环节记录的企业" in page
    assert "CANARY-B" not in page


def test_city_user_sees_counties_side_by_side(client, mini, personas, regions):
    from ..factories import UserFactory

    city_leader = UserFactory(username="p-city-leader", roles=["leader"], region=regions.city)
    client.force_login(city_leader)
    html = client.get("/reports/", {"period": YEAR}).content.decode()
    assert 'data-testid="side-by-side"' in html and "甲县" in html and "乙县" in html


def test_figure_scope_and_export(client, mini, personas, regions):
    url = reverse("reports:figure_detail", args=["enterprises.above_scale"])
    client.force_login(personas.staff_b)
    assert client.get(url, {"region": regions.county_a.code}).status_code == 404
    client.force_login(personas.enterprise_a)
    assert client.get(url).status_code == 403
    client.force_login(personas.staff_a)
    assert client.get(reverse("reports:figure_detail", args=["no.such"])).status_code == 404
    export = client.get(
        reverse("reports:figure_export", args=["enterprises.above_scale"]),
        {"region": regions.county_a.code, "period": YEAR},
    )
    rows = list(
        openpyxl.load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True)
    )
    assert sorted(r[1] for r in rows[1:]) == ["一号机械有限公司", "二号制药有限公司"]


def test_bad_period_is_explained(client, mini, personas):
    client.force_login(personas.staff_a)
    response = client.get("/reports/", {"period": "2025Q9"}, follow=True)
    assert "无法识别" in response.content.decode()


def test_generate_as_a_job_then_download(
    client, mini, personas, regions, django_capture_on_commit_callbacks
):
    client.force_login(personas.staff_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:report_generate"),
            {
                "region": regions.county_a.pk,
                "period": str(YEAR),
                "free_text": "抓好科技特派员工作。",
            },
        )
    job = Job.objects.get(kind="work_report")
    assert response.url == job.get_absolute_url()
    job.refresh_from_db()
    assert job.status == "succeeded", job.error
    report = WorkReport.objects.get()
    assert job.result["output"]["url"] == report.get_absolute_url()
    assert "打开结果" in client.get(job.get_absolute_url()).content.decode()
    detail = client.get(report.get_absolute_url()).content.decode()
    assert "参加高企认定培训的企业" in detail and "查看当前名单" in detail
    docx = client.get(reverse("reports:report_docx", args=[report.pk]))
    assert docx["Content-Type"].endswith("wordprocessingml.document")
    from docx import Document

    text = "\n".join(
        p.text for p in Document(io.BytesIO(b"".join(docx.streaming_content))).paragraphs
    )
    assert "（二）抓好科技特派员工作。" in text
    client.force_login(personas.staff_b)
    assert client.get(report.get_absolute_url()).status_code == 404
    assert client.get(reverse("reports:report_docx", args=[report.pk])).status_code == 404


def test_template_download_and_settings(client, mini, personas):
    client.force_login(personas.staff_a)
    data = client.get(reverse("reports:template_download")).content
    assert data[:2] == b"PK"
    client.post(
        reverse("reports:setting_save"),
        {"slogan": "甲县", "talent_min": "1", "plan_text": ""},
    )
    from kechuang.core.periods import Period
    from kechuang.reports.services import compose

    text = compose(
        actor=personas.staff_a, region=personas.staff_a.region, period=Period.year_of(YEAR)
    ).context()["intro"]
    assert "创新争先的甲县精神" in text
    client.post(
        reverse("reports:setting_save"),
        {"slogan": "甲山", "talent_min": "1", "plan_text": ""},
    )
    history = client.get(reverse("reports:report_list")).content.decode()
    history = history.split('data-testid="history"')[1]
    assert "甲县 → 甲山" in history and personas.staff_a.username in history


def test_dashboard_cache_follows_every_change(client, mini, personas, regions):
    from kechuang.enterprises import services as registry_services

    client.force_login(personas.staff_a)

    def above_scale() -> str:
        html = client.get("/reports/", {"period": YEAR}).content.decode()
        card = html.split('data-figure="enterprises.above_scale"')[1]
        return card.split('data-value="')[1].split('"')[0]

    assert above_scale() == "2"
    assert above_scale() == "2"  # served from the cache
    registry_services.enterprise_update(
        actor=personas.staff_a, enterprise=mini.e3, version=mini.e3.version, is_above_scale=True
    )
    assert above_scale() == "3"  # the audited change invalidated the cached dashboard


def test_figures_api(client, mini, personas, regions):
    client.force_login(personas.leader)
    listed = client.get("/api/v1/figures/").json()
    assert {"key": "cultivation.hte_trained"}.items() <= next(
        f for f in listed if f["key"] == "cultivation.hte_trained"
    ).items()
    body = client.get(
        "/api/v1/figures/cultivation.hte_trained/",
        {"region": regions.county_a.code, "period": YEAR},
    ).json()
    assert body["value"] == 2 and body["facts"]["months"] == [4]
    assert [r["name"] for r in body["records"]] == ["一号机械有限公司", "二号制药有限公司"]
    assert client.get("/api/v1/figures/no.such/").status_code == 404
    bad = client.get("/api/v1/figures/cultivation.hte_trained/", {"period": "2025Q9"})
    assert bad.status_code == 400 and "无法识别" in str(bad.json())
    client.force_login(personas.staff_b)
    other = client.get(
        "/api/v1/figures/cultivation.hte_trained/", {"region": regions.county_a.code}
    )
    assert other.status_code == 404
    client.force_login(personas.enterprise_a)
    assert client.get("/api/v1/figures/").status_code == 403
