"""Importing survey forms from real .xlsx / .xls / .csv files in the survey layout."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from kechuang.dataio import services as dataio
from kechuang.dataio.models import BatchStatus
from kechuang.rdstats.models import SurveyForm

from ..support.sheets import WRITERS, file_name
from .conftest import YEAR

pytestmark = pytest.mark.django_db(transaction=True)  # the post-import step runs after commit

HEADER = [
    "统一社会信用代码",
    "企业名称",
    "统计年度",
    "研究开发费用合计（万元）",
    "人员人工费用（万元）",
    "直接投入费用（万元）",
    "企业资金（万元）",
    "研发人员合计（人）",
    "营业收入（万元）",
    "预警说明",
]


def upload(user, rows, kind="xlsx"):
    data = WRITERS[kind](rows)
    return dataio.batch_upload(actor=user, sheet="rd-survey", file_name=file_name(kind), data=data)


@pytest.mark.parametrize("kind", ["xlsx", "xls", "csv-gbk"])
def test_valid_rows_are_saved_and_submitted(county, personas, kind):
    e6 = county.forms["E6"]
    a = county.forms["A"]
    rows = [
        HEADER,
        [e6.enterprise.uscc, e6.enterprise.name, YEAR, 30, 20, 10, 30, 6, 1000, ""],
        # A's registry has 500,000 for last year: 1,200,000 is +140 %, explained in the sheet
        [a.enterprise.uscc, a.enterprise.name, YEAR, 120, 120, 0, 120, 9, 5000, "新增研发中心"],
    ]
    batch = upload(personas.staff_a, rows, kind)
    assert batch.status == BatchStatus.READY, (batch.file_errors, batch.errors)
    dataio.batch_commit(actor=personas.staff_a, batch=batch)
    e6.refresh_from_db()
    a.refresh_from_db()
    assert (e6.status, e6.exp_total, e6.operating_revenue) == (
        "submitted",
        D("300000"),
        D("10000000"),
    )
    assert (a.status, a.explanations) == ("submitted", {"*": "新增研发中心"})
    assert list(a.events.values_list("state", flat=True)) == ["pending", "draft", "submitted"]


def test_unexplained_warning_leaves_a_draft(county, personas):
    a = county.forms["A"]
    rows = [HEADER, [a.enterprise.uscc, "", YEAR, 120, 120, 0, 120, 9, 5000, ""]]
    batch = upload(personas.staff_a, rows)
    dataio.batch_commit(actor=personas.staff_a, batch=batch)
    a.refresh_from_db()
    assert (a.status, a.exp_total) == ("draft", D("1200000"))


def test_bad_rows_name_sheet_row_column_and_value_and_nothing_is_written(
    county, personas, registry
):
    e6, accepted = county.forms["E6"], county.forms["E1"]
    rows = [
        HEADER,
        [e6.enterprise.uscc, "", YEAR, 30, 20, 9, 30, 6, 1000, ""],  # parts 29 ≠ 30
        [accepted.enterprise.uscc, "", YEAR, 1, 1, 0, 1, 1, 10, ""],  # already accepted
        [registry.b.uscc, "", YEAR, 1, 1, 0, 1, 1, 10, ""],  # another county
        [e6.enterprise.uscc, "", YEAR - 5, 1, 1, 0, 1, 1, 10, ""],  # no campaign that year
        [e6.enterprise.uscc, "", YEAR, "三十", 1, 0, 1, 1, 10, ""],  # not a number
    ]
    batch = upload(personas.staff_a, rows)
    assert batch.status == BatchStatus.INVALID
    messages = {e["row"]: e for e in batch.errors}
    assert messages[2]["column"] == "研究开发费用合计（万元）"
    assert "不等于各项费用之和" in messages[2]["reason"]
    assert "已通过" in messages[3]["reason"] and messages[3]["column"] == "统一社会信用代码"
    assert "管辖范围" in messages[4]["reason"]
    assert f"{YEAR - 5}年度研发统计调查名单" in messages[5]["reason"]
    row6 = [e for e in batch.errors if e["row"] == 6]
    assert "三十" in [e["value"] for e in row6]
    assert any("重复" in e["reason"] for e in row6)  # all of a row's problems, in one preview
    assert SurveyForm.objects.get(pk=e6.pk).exp_total is None


def test_template_and_upload_page(client, personas):
    import io

    import openpyxl

    client.force_login(personas.staff_a)
    page = client.get("/data/rd-survey/import/").content.decode()
    assert "企业研发投入统计表" in page
    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get("/data/rd-survey/template.xlsx").content)
    )
    header = [c.value for c in next(workbook.worksheets[0].iter_rows(max_row=1))]
    assert header[:3] == ["统一社会信用代码", "企业名称", "统计年度"]
    assert "研究开发费用合计（万元）" in header and header[-1] == "预警说明"
    client.force_login(personas.enterprise_a)
    assert client.get("/data/rd-survey/import/").status_code == 403
