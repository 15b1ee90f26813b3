"""Imports report every problem at once, blank optional cells are blank, and the import record
counts only what was written (issue #12)."""

from __future__ import annotations

import pytest

from kechuang.dataio import services
from kechuang.dataio.models import BatchStatus, ImportBatch
from kechuang.enterprises.models import Enterprise

from ..support.sheets import csv_bytes
from .test_engine import HEADER, enterprise_rows

pytestmark = pytest.mark.django_db


def upload(user, rows, encoding="utf-8"):
    return services.batch_upload(
        actor=user, sheet="enterprises", file_name="名录.csv", data=csv_bytes(rows, encoding)
    )


def test_a_blank_optional_yes_no_cell_imports_as_no(personas, regions):
    """A GBK CSV with an empty 确认代码告警 column failed every row with
    "“None”的值应该为True或False"."""
    rows = enterprise_rows(3)
    rows[0] = [*HEADER, "确认代码告警"]
    rows[1] = [*rows[1], ""]
    rows[2] = [*rows[2], ""]
    rows[3][7] = ""  # 规上企业 left blank too
    rows[3] = [*rows[3], ""]
    batch = upload(personas.staff_a, rows, "gbk")
    assert batch.status == BatchStatus.READY, batch.errors
    services.batch_commit(actor=personas.staff_a, batch=batch)
    assert Enterprise.objects.count() == 3
    assert not Enterprise.objects.filter(uscc_warning_confirmed=True).exists()
    assert Enterprise.objects.get(name="导入企业2有限公司").is_above_scale is False


def test_a_five_problem_row_reports_five_problems_in_one_preview(personas, regions):
    rows = enterprise_rows(2)
    bad = rows[2]
    bad[0] = rows[1][0][:-1] + ("0" if rows[1][0][-1] != "0" else "1")  # check digit wrong
    bad[2] = "不存在镇"  # unknown town
    bad[3] = "2015-13-45"  # not a date
    bad[4] = "很多"  # not a number
    bad[5] = "X9999"  # unknown industry code
    batch = upload(personas.staff_a, rows)
    assert batch.status == BatchStatus.INVALID
    problems = [e for e in batch.errors if e["row"] == 3]
    columns = {e["column"] for e in problems}
    assert len(problems) >= 5, problems
    expected = {"统一社会信用代码", "所在乡镇（街道）", "成立日期", "注册资本（万元）", "行业代码"}
    assert expected <= columns
    for problem in batch.errors:
        for raw in ("None", "True", "False"):
            assert raw not in problem["reason"] and problem["value"] != raw, problem


def test_a_duplicate_and_a_format_problem_on_one_row_are_both_reported(personas, regions):
    rows = enterprise_rows(2)
    rows.append(list(rows[1]))
    rows[3][4] = "abc"
    batch = upload(personas.staff_a, rows)
    reasons = [e["reason"] for e in batch.errors if e["row"] == 4]
    assert any("重复" in r for r in reasons) and any("数字" in r for r in reasons), reasons


def test_an_invalid_import_counts_nothing_as_written(client, personas, regions):
    rows = enterprise_rows(3)
    rows[3][2] = "不存在镇"
    batch = upload(personas.staff_a, rows)
    assert batch.status == BatchStatus.INVALID
    client.force_login(personas.staff_a)
    page = client.get(f"/data/imports/{batch.pk}/").content.decode()
    assert "未写入任何数据" in page
    listing = client.get("/data/imports/").content.decode()
    row = listing.split(f">{batch.pk}</a>", 1)[1].split("</tr>", 1)[0]
    assert "有错误，未导入" in row and '<td class="text-end">2</td>' not in row
    assert ImportBatch.objects.get().created_count == 2  # what the file would add, kept for fixing
