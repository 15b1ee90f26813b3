"""The directory from real files (issue #17): institutions, then experts; every problem named
by row and column, nothing written when a row is wrong; an exported list imports back."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kechuang.dataio import services
from kechuang.dataio.models import BatchStatus
from kechuang.talent import matching
from kechuang.talent.models import Expert, Institution

from ..support.sheets import WRITERS, file_name

pytestmark = pytest.mark.django_db

EXPERTS = ["姓名", "职称", "所在单位", "院系（部门）", "研究领域", "研究方向关键词", "联系电话"]


def upload(user, sheet, rows, kind="xlsx"):
    return services.batch_upload(
        actor=user, sheet=sheet, file_name=file_name(kind), data=WRITERS[kind](rows)
    )


@pytest.mark.parametrize("kind", ["xlsx", "xls", "csv-gbk"])
def test_institutions_then_experts_import_and_are_matched(personas, regions, kind):
    staff = personas.staff_a
    batch = upload(
        staff,
        "institutions",
        [
            ["单位名称", "单位类型", "所在地"],
            ["山东大学", "高校", "山东济南"],
            ["省果树所", "科研院所", ""],
        ],
        kind,
    )
    assert batch.status == BatchStatus.READY, (batch.file_errors, batch.errors)
    services.batch_commit(actor=staff, batch=batch)
    assert set(Institution.objects.values_list("name", "region")) == {
        ("山东大学", regions.county_a.pk),
        ("省果树所", regions.county_a.pk),
    }
    batch = upload(
        staff,
        "experts",
        [
            EXPERTS,
            ["王材料", "教授", "山东大学", "材料学院", "复合材料", "热压成型 模具", "13912345678"],
            ["李果树", "研究员", "省果树所", "", "果树栽培", "矮化砧木", ""],
        ],
        kind,
    )
    assert batch.status == BatchStatus.READY, (batch.file_errors, batch.errors)
    services.batch_commit(actor=staff, batch=batch)
    wang = Expert.objects.get(name="王材料")
    assert wang.institution.name == "山东大学" and "热压" in wang.tokens.split()
    assert matching.rank("热压成型", Expert.objects.all())[0].expert_id == wang.pk


def test_bad_rows_are_named_and_nothing_is_written(personas, regions):
    Institution.objects.create(name="山东大学", kind="university", region=regions.county_a)
    Institution.objects.create(name="乙县院所", kind="institute", region=regions.county_b)
    rows = [
        EXPERTS,
        ["王材料", "教授", "山东大学", "", "", "", "12345"],
        ["", "教授", "山东大学", "", "", "", ""],
        ["张三", "教授", "不存在大学", "", "", "", ""],
        ["李四", "教授", "乙县院所", "", "", "", ""],  # another county's directory
    ]
    batch = upload(personas.staff_a, "experts", rows)
    assert batch.status == BatchStatus.INVALID
    by_row = {e["row"]: e for e in batch.errors}
    assert by_row[2]["column"] == "联系电话"
    assert by_row[3]["column"] == "姓名"
    assert by_row[4]["column"] == "所在单位" and "没有“不存在大学”" in by_row[4]["reason"]
    assert by_row[5]["column"] == "所在单位"
    assert not Expert.objects.exists()


def test_an_exported_list_imports_back_unchanged(client, personas, regions):
    from kechuang.talent import services as talent

    university = talent.institution_create(
        actor=None, name="山东大学", kind="university", region=regions.county_a
    )
    talent.expert_create(
        actor=None, name="王材料", title="教授", institution=university, phone="13912345678"
    )
    client.force_login(personas.staff_a)
    export = client.get(reverse("talent:expert_export"))
    batch = services.batch_upload(
        actor=personas.staff_a, sheet="experts", file_name="e.xlsx", data=export.content
    )
    assert batch.status == BatchStatus.READY, batch.errors
    assert (batch.unchanged_count, batch.created_count) == (1, 0)
