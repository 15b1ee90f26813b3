"""The import engine on real files of every supported format (REL-01, REL-02)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from auditlog.models import LogEntry

from kechuang.dataio import services
from kechuang.dataio.models import BatchStatus
from kechuang.enterprises.models import AnnualFigures, Enterprise

from ..enterprises.factories import make_uscc
from ..support.sheets import WRITERS, file_name

pytestmark = pytest.mark.django_db

HEADER = [
    "统一社会信用代码",
    "企业名称",
    "所在乡镇（街道）",
    "成立日期",
    "注册资本（万元）",
    "行业代码",
    "高新技术领域",
    "规上企业",
    "联系电话",
]


def enterprise_rows(n: int, town: str = "甲一镇") -> list[list]:
    rows = [list(HEADER)]
    for i in range(n):
        rows.append(
            [
                make_uscc("990101", 500 + i),
                f"导入企业{i}有限公司",
                town,
                "2015-03-0" + str(1 + i % 9),
                100 + i,
                "C3411",
                "先进制造与自动化",
                "是" if i % 2 else "否",
                f"1380000{i:04d}",
            ]
        )
    return rows


def upload(user, rows, kind="xlsx", sheet="enterprises"):
    data = WRITERS[kind](rows)
    return services.batch_upload(actor=user, sheet=sheet, file_name=file_name(kind), data=data)


@pytest.mark.parametrize("kind", sorted(WRITERS))
def test_every_format_previews_and_commits(personas, regions, kind):
    batch = upload(personas.staff_a, enterprise_rows(3), kind)
    assert batch.status == BatchStatus.READY, (batch.file_errors, batch.errors)
    assert (batch.created_count, batch.updated_count, batch.error_count) == (3, 0, 0)
    assert not Enterprise.objects.exists()  # the preview writes nothing
    services.batch_commit(actor=personas.staff_a, batch=batch)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.COMMITTED
    first = Enterprise.objects.get(name="导入企业0有限公司")
    assert first.region == regions.town_a
    assert first.registered_capital == Decimal("1000000.00")  # 100 万元 → yuan
    assert first.tech_field == "8" and first.is_above_scale is False
    assert first.name_initials.startswith("drqy")
    assert first.contact_phone == "13800000000"


def test_a_bad_row_blocks_the_whole_file_and_is_reported_precisely(personas, regions):
    rows = enterprise_rows(5)
    rows[3][0] = rows[3][0][:-1] + ("0" if rows[3][0][-1] != "0" else "1")  # wrong check char
    rows[5][4] = "一百"
    batch = upload(personas.staff_a, rows)
    assert batch.status == BatchStatus.INVALID
    assert not Enterprise.objects.exists()
    by_row = {e["row"]: e for e in batch.errors}
    assert by_row[4]["column"] == "统一社会信用代码"
    assert "第18位校验码错误" in by_row[4]["reason"]
    assert by_row[4]["sheet"] == "数据" and by_row[4]["value"] == rows[3][0]
    assert by_row[6]["column"] == "注册资本（万元）" and by_row[6]["reason"] == "应为数字"
    assert services.error_workbook(batch) is not None


def test_reimporting_the_same_file_changes_nothing(personas, regions):
    rows = enterprise_rows(4)
    data = WRITERS["xlsx"](rows)  # the same bytes twice (a new .xlsx carries its write time)

    def upload_same(user, _rows):
        return services.batch_upload(actor=user, sheet="enterprises", file_name="a.xlsx", data=data)

    first = upload_same(personas.staff_a, rows)
    services.batch_commit(actor=personas.staff_a, batch=first)
    enterprise_entries = LogEntry.objects.filter(content_type__model="enterprise")
    entries = enterprise_entries.count()
    assert entries == 4
    again = upload_same(personas.staff_a, rows)
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 4)
    assert again.preview["identical_to"] == first.pk
    services.batch_commit(actor=personas.staff_a, batch=again)
    assert Enterprise.objects.count() == 4
    assert enterprise_entries.count() == entries


def test_updates_are_audited_with_the_batch(personas, regions):
    rows = enterprise_rows(2)
    batch = upload(personas.staff_a, rows)
    services.batch_commit(actor=personas.staff_a, batch=batch)
    rows[1][1] = "改名后的企业有限公司"
    second = upload(personas.staff_a, rows)
    assert (second.created_count, second.updated_count) == (0, 1)
    services.batch_commit(actor=personas.staff_a, batch=second)
    renamed = Enterprise.objects.get(name="改名后的企业有限公司")
    assert renamed.version == 2
    entry = LogEntry.objects.get_for_object(renamed).order_by("-timestamp").first()
    assert entry.actor == personas.staff_a and entry.cid == f"import-{second.pk}"
    assert entry.changes_dict["name"] == ["导入企业0有限公司", "改名后的企业有限公司"]


def test_a_large_import_writes_every_row_with_its_audit_row(personas, regions):
    """Past COPY_FROM rows the bulk writer streams (COPY on PostgreSQL): every record and its
    audit row arrive, with the typed values, the JSON changes and the one timestamp."""
    from kechuang.core.bulk import COPY_FROM

    n = COPY_FROM + 20
    batch = upload(personas.staff_a, enterprise_rows(n))
    services.batch_commit(actor=personas.staff_a, batch=batch)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.COMMITTED and batch.created_count == n
    last = Enterprise.objects.get(name=f"导入企业{n - 1}有限公司")
    assert last.registered_capital == (100 + n - 1) * 10000  # 万元 in the file, yuan stored
    assert last.is_above_scale is ((n - 1) % 2 == 1)
    entries = LogEntry.objects.filter(cid=f"import-{batch.pk}")
    assert entries.count() == n
    entry = entries.get(object_id=last.pk)
    assert entry.actor == personas.staff_a and entry.action == LogEntry.Action.CREATE
    assert entry.changes_dict["name"] == [None, f"导入企业{n - 1}有限公司"]
    assert len({e.timestamp for e in entries}) == 1


def test_duplicate_keys_inside_a_file_are_errors(personas, regions):
    rows = enterprise_rows(2)
    rows.append(list(rows[1]))
    batch = upload(personas.staff_a, rows)
    assert batch.status == BatchStatus.INVALID
    assert "与第2行重复" in batch.errors[0]["reason"] and batch.errors[0]["row"] == 4
    assert batch.errors[0]["value"] == rows[1][0]  # the duplicated USCC, as in the file


def test_towns_outside_the_users_region_are_refused(personas, regions):
    batch = upload(personas.staff_a, enterprise_rows(1, town="乙一镇"))
    assert batch.status == BatchStatus.INVALID
    assert batch.errors[0]["column"] == "所在乡镇（街道）"
    assert "管辖范围内没有" in batch.errors[0]["reason"]


def test_missing_required_column_is_a_file_error(personas, regions):
    rows = [r[1:] for r in enterprise_rows(2)]
    batch = upload(personas.staff_a, rows)
    assert batch.status == BatchStatus.INVALID
    assert "缺少必填列：统一社会信用代码" in batch.file_errors[0]


def test_money_header_without_unit_is_a_file_error(personas, regions):
    rows = enterprise_rows(1)
    rows[0][4] = "注册资本"
    batch = upload(personas.staff_a, rows)
    assert "未注明金额单位" in batch.file_errors[0]


def test_figures_import_converts_units_and_checks_rules(personas, registry):
    header = [
        "统一社会信用代码",
        "年度",
        "销售收入（万元）",
        "职工总数",
        "科技人员数",
        "研发费用（元）",
        "境内研发费用（元）",
    ]
    rows = [
        header,
        [registry.a.uscc, 2023, "1,234.5678", 50, 8, 300000, 200000],
        [registry.a.uscc, 2022, 1000, 10, 12, 100, 200],
    ]
    batch = upload(personas.staff_a, rows, sheet="annual-figures")
    assert batch.status == BatchStatus.INVALID
    reasons = {(e["row"], e["column"]): e["reason"] for e in batch.errors}
    assert "科技人员数（12）不能大于职工总数（10）" in reasons[(3, "科技人员数")]
    assert "境内研发费用" in reasons[(3, "境内研发费用（元）")]
    rows.pop()
    ok = upload(personas.staff_a, rows, sheet="annual-figures")
    services.batch_commit(actor=personas.staff_a, batch=ok)
    figures = AnnualFigures.objects.get(enterprise=registry.a, year=2023)
    assert figures.sales_revenue == Decimal("12345678.00")


def test_figures_for_an_enterprise_outside_the_region_are_refused(personas, registry):
    rows = [["统一社会信用代码", "年度", "职工总数"], [registry.b.uscc, 2023, 5]]
    batch = upload(personas.staff_a, rows, sheet="annual-figures")
    assert batch.errors[0]["reason"] == "该企业不在您的管辖范围内"
    assert batch.errors[0]["value"] == registry.b.uscc  # the cell as typed, not blank


def test_a_fault_during_commit_writes_nothing(personas, regions, monkeypatch):
    batch = upload(personas.staff_a, enterprise_rows(100))
    assert batch.status == BatchStatus.READY, (batch.file_errors, batch.errors[:2])
    from kechuang.dataio import engine

    original = engine.insert_values

    def failing(model, *args, **kwargs):
        if model is LogEntry:  # the audit rows, written after the records
            raise RuntimeError("disk full")
        return original(model, *args, **kwargs)

    monkeypatch.setattr(engine, "insert_values", failing)
    services.batch_commit(actor=personas.staff_a, batch=batch)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.FAILED
    assert Enterprise.objects.count() == 0


def test_staging_is_empty_after_commit_and_cancel(personas, regions, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    batch = upload(personas.staff_a, enterprise_rows(2))
    assert list((tmp_path / "imports").iterdir())
    services.batch_commit(actor=personas.staff_a, batch=batch)
    assert list((tmp_path / "imports").iterdir()) == []
    other = upload(personas.staff_a, enterprise_rows(1))
    services.batch_cancel(actor=personas.staff_a, batch=other)
    assert list((tmp_path / "imports").iterdir()) == []
