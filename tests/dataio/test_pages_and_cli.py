"""The import pages (upload → preview → commit), the bad-rows workbook, and import_sheet."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kechuang.dataio.models import BatchStatus, ImportBatch
from kechuang.enterprises.models import Enterprise

from ..support.sheets import xlsx
from .test_engine import enterprise_rows

pytestmark = pytest.mark.django_db


def test_template_has_headers_and_a_notes_sheet(client, personas):
    client.force_login(personas.staff_a)
    response = client.get("/data/annual-figures/template.xlsx", {"unit": "wan"})
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["数据", "填写说明"]
    headers = [c.value for c in book["数据"][1]]
    assert headers[:3] == ["统一社会信用代码", "企业名称", "年度"]
    assert "销售收入（万元）" in headers
    notes = [r[0] for r in book["填写说明"].iter_rows(values_only=True) if r and r[0]]
    assert "销售收入（万元）" in notes


def test_upload_preview_commit_through_the_pages(client, personas, regions):
    client.force_login(personas.staff_a)
    upload = SimpleUploadedFile("名录.xlsx", xlsx(enterprise_rows(3)))
    response = client.post("/data/enterprises/import/", {"file": upload})
    batch = ImportBatch.objects.get()
    assert response["Location"] == f"/data/imports/{batch.pk}/"
    page = client.get(f"/data/imports/{batch.pk}/").content.decode()
    assert "待确认导入" in page and "确认导入（新增 3，更新 0）" in page
    assert not Enterprise.objects.exists()
    client.post(f"/data/imports/{batch.pk}/commit/")
    assert Enterprise.objects.count() == 3
    batch.refresh_from_db()
    assert batch.status == BatchStatus.COMMITTED and batch.file_name == "名录.xlsx"
    assert len(batch.sha256) == 64


def test_bad_rows_are_listed_and_offered_back_as_xlsx(client, personas, regions):
    rows = enterprise_rows(3)
    rows[2][2] = "不存在镇"
    client.force_login(personas.staff_a)
    client.post("/data/enterprises/import/", {"file": SimpleUploadedFile("a.xlsx", xlsx(rows))})
    batch = ImportBatch.objects.get()
    page = client.get(f"/data/imports/{batch.pk}/").content.decode()
    assert "有错误，未导入" in page and "不存在镇" in page and "在您的管辖范围内没有" in page
    errors = client.get(f"/data/imports/{batch.pk}/errors.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(errors.content)).active
    values = list(sheet.values)
    assert values[0][-2:] == ("错误说明", "原行号")
    assert len(values) == 2 and values[1][2] == "不存在镇" and values[1][-1] == 3
    assert client.post(f"/data/imports/{batch.pk}/commit/").status_code == 302
    assert not Enterprise.objects.exists()


def test_another_users_batch_is_404(client, personas, regions):
    client.force_login(personas.staff_a)
    client.post(
        "/data/enterprises/import/",
        {"file": SimpleUploadedFile("a.xlsx", xlsx(enterprise_rows(1)))},
    )
    batch = ImportBatch.objects.get()
    client.force_login(personas.staff_b)
    assert client.get(f"/data/imports/{batch.pk}/").status_code == 404
    assert client.post(f"/data/imports/{batch.pk}/commit/").status_code == 404


def test_large_files_run_as_a_job_with_progress(
    client, personas, regions, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_SYNC_MAX_BYTES = 1
    settings.IMPORT_SYNC_MAX_ROWS = 1
    client.force_login(personas.staff_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/data/enterprises/import/",
            {"file": SimpleUploadedFile("big.xlsx", xlsx(enterprise_rows(5)))},
        )
    batch = ImportBatch.objects.get()
    assert batch.job is not None and batch.job.kind == "import_preview"
    batch.job.refresh_from_db()
    assert batch.job.status == "succeeded" and batch.job.total > 0
    # the finished job links to its result: the batch's preview, to confirm
    job_page = client.get(batch.job.get_absolute_url()).content.decode()
    assert f'href="/data/imports/{batch.pk}/"' in job_page and "打开结果" in job_page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/data/imports/{batch.pk}/commit/")
    batch.refresh_from_db()
    assert batch.status == BatchStatus.COMMITTED and batch.job.kind == "import_commit"
    assert Enterprise.objects.count() == 5


def test_cli_dry_run_and_commit(tmp_path, personas, regions, capsys):
    path = tmp_path / "名录.xlsx"
    path.write_bytes(xlsx(enterprise_rows(2)))
    call_command("import_sheet", "enterprises", str(path), "--dry-run", "--user", "p-staff-a")
    assert "检查通过" in capsys.readouterr().out and not Enterprise.objects.exists()
    call_command("import_sheet", "enterprises", str(path), "--user", "p-staff-a")
    assert "新增 2" in capsys.readouterr().out and Enterprise.objects.count() == 2


def test_cli_validates_the_file_once(tmp_path, personas, regions, capsys, monkeypatch):
    from kechuang.dataio import engine

    plans = []
    original = engine.plan
    monkeypatch.setattr(engine, "plan", lambda *a, **k: plans.append(1) or original(*a, **k))
    path = tmp_path / "名录.xlsx"
    path.write_bytes(xlsx(enterprise_rows(3)))
    call_command("import_sheet", "enterprises", str(path), "--user", "p-staff-a")
    assert "新增 3" in capsys.readouterr().out and Enterprise.objects.count() == 3
    assert len(plans) == 1  # the preview's plan is the one committed


def test_cli_exits_non_zero_on_a_bad_row(tmp_path, personas, regions, capsys):
    rows = enterprise_rows(2)
    rows[1][4] = "abc"
    path = tmp_path / "bad.xlsx"
    path.write_bytes(xlsx(rows))
    with pytest.raises(SystemExit) as info:
        call_command("import_sheet", "enterprises", str(path), "--user", "p-staff-a")
    assert info.value.code == 1
    out = capsys.readouterr().out
    assert "工作表“数据”第2行，“注册资本（万元）”列，值“abc”：应为数字" in out
    assert not Enterprise.objects.exists()


def test_history_of_an_imported_record_names_the_import(client, personas, regions):
    client.force_login(personas.staff_a)
    client.post(
        "/data/enterprises/import/",
        {"file": SimpleUploadedFile("a.xlsx", xlsx(enterprise_rows(1)))},
    )
    batch = ImportBatch.objects.get()
    client.post(f"/data/imports/{batch.pk}/commit/")
    enterprise = Enterprise.objects.get()
    page = client.get(f"/enterprises/{enterprise.pk}/").content.decode()
    assert f"Excel导入 #{batch.pk}" in page


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    payload=st.binary(min_size=1, max_size=4000),
    name=st.sampled_from(["a.xlsx", "a.xls", "a.csv", "a.ods", "a.txt", "noext"]),
)
def test_junk_uploads_never_give_a_500(client, personas, regions, payload, name):
    client.force_login(personas.staff_a)
    response = client.post("/data/enterprises/import/", {"file": SimpleUploadedFile(name, payload)})
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        page = client.get(response["Location"])
        assert page.status_code == 200
        assert "已导入" not in page.content.decode()
