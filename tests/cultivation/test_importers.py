"""Importing historical HTE certificate and tech-SME registration lists from real files."""

from __future__ import annotations

from datetime import date

import pytest

from kechuang.cultivation.techsme.models import SmeRegistration, SmeStatus
from kechuang.dataio import services
from kechuang.dataio.models import BatchStatus
from kechuang.enterprises.models import Qualification

from ..support.sheets import WRITERS, file_name

pytestmark = pytest.mark.django_db


def upload(user, rows, sheet, kind="xlsx"):
    data = WRITERS[kind](rows)
    return services.batch_upload(actor=user, sheet=sheet, file_name=file_name(kind), data=data)


@pytest.mark.parametrize("kind", ["xlsx", "xls", "csv-gbk"])
def test_certificate_list_imports_with_computed_validity(personas, registry, kind):
    rows = [
        ["统一社会信用代码", "企业名称", "证书编号", "发证日期", "有效期至"],
        [registry.a.uscc, registry.a.name, "GR202333000111", "2023-12-08", ""],
    ]
    batch = upload(personas.staff_a, rows, "hte-certificates", kind)
    assert batch.status == BatchStatus.READY, (batch.file_errors, batch.errors)
    services.batch_commit(actor=personas.staff_a, batch=batch)
    cert = Qualification.objects.get(kind="hte", number="GR202333000111")
    assert cert.enterprise == registry.a
    assert (cert.issued_on, cert.valid_until, cert.year) == (
        date(2023, 12, 8),
        date(2026, 12, 7),
        2023,
    )


def test_certificate_list_errors_name_row_and_column(personas, registry):
    rows = [
        ["统一社会信用代码", "证书编号", "发证日期", "有效期至"],
        [registry.a.uscc, "GR1", "2023-12-08", "2022-01-01"],
        [registry.b.uscc, "GR2", "2023-12-08", ""],  # another county's enterprise
        [registry.a.uscc, "GR3", "去年", ""],
    ]
    batch = upload(personas.staff_a, rows, "hte-certificates")
    assert batch.status == BatchStatus.INVALID
    by_row = {e["row"]: e for e in batch.errors}
    assert by_row[2]["column"] == "有效期至" and "须晚于发证日期" in by_row[2]["reason"]
    assert by_row[3]["column"] == "统一社会信用代码" and "不在您的管辖范围内" in by_row[3]["reason"]
    assert by_row[4]["column"] == "发证日期" and by_row[4]["value"] == "去年"
    assert not Qualification.objects.filter(kind="hte").exists()


def test_sme_registration_list_imports_and_reimport_updates(personas, registry):
    rows = [
        ["统一社会信用代码", "年度", "入库登记编号", "状态", "入库日期"],
        [registry.a.uscc, 2024, "202433010200001234", "", "2024-07-15"],
        [registry.a.uscc, 2025, "", "未入库", "2025-08-01"],
    ]
    batch = upload(personas.staff_a, rows, "sme-registrations")
    assert batch.status == BatchStatus.INVALID  # 未入库 needs a reason
    by_row = {e["row"]: e for e in batch.errors}
    assert "原因" in by_row[3]["reason"]
    assert not SmeRegistration.objects.exists()

    rows[0].append("原因")
    rows[1].append("")
    rows[2].append("研发费用占比不足")
    batch = upload(personas.staff_a, rows, "sme-registrations")
    assert batch.status == BatchStatus.READY, batch.errors
    services.batch_commit(actor=personas.staff_a, batch=batch)
    registered = SmeRegistration.objects.get(enterprise=registry.a, year=2024)
    assert registered.status == SmeStatus.REGISTERED
    assert registered.registration_number == "202433010200001234"
    assert SmeRegistration.objects.get(year=2025).reason == "研发费用占比不足"

    rows = [
        ["统一社会信用代码", "年度", "入库登记编号", "年度信息更新日期"],
        [registry.a.uscc, 2024, "202433010200001234", "2025-03-20"],
    ]
    again = upload(personas.staff_a, rows, "sme-registrations")
    assert (again.created_count, again.updated_count) == (0, 1)
    services.batch_commit(actor=personas.staff_a, batch=again)
    registered.refresh_from_db()
    assert registered.updated_on == date(2025, 3, 20)
    assert SmeRegistration.objects.count() == 2


def test_import_page_and_template_for_the_new_sheets(client, personas):
    from io import BytesIO

    from openpyxl import load_workbook

    client.force_login(personas.staff_a)
    page = client.get("/data/sme-registrations/import/").content.decode()
    assert "科小入库名单" in page
    response = client.get("/data/hte-certificates/template.xlsx")
    headers = [c.value for c in load_workbook(BytesIO(response.content)).worksheets[0][1]]
    assert headers[:4] == ["统一社会信用代码", "企业名称", "证书编号", "发证日期"]
