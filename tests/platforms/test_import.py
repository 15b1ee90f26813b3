"""A county's platform list from a real file: one go, every problem named by row and column,
nothing written when any row is wrong; an exported list imports back unchanged."""

from __future__ import annotations

from datetime import date

import pytest

from kechuang.dataio import services
from kechuang.dataio.models import BatchStatus
from kechuang.platforms.choices import PlatformLevel, PlatformStatus
from kechuang.platforms.models import Platform, PlatformEvent

from ..support.sheets import WRITERS, file_name

pytestmark = pytest.mark.django_db

HEADER = [
    "平台名称",
    "平台类型",
    "依托企业统一社会信用代码",
    "依托单位",
    "所在乡镇（街道）",
    "现有级别",
    "申报级别",
    "状态",
    "状态日期",
    "批准文号",
    "发文单位",
]


def upload(user, rows, kind="xlsx"):
    data = WRITERS[kind](rows)
    return services.batch_upload(
        actor=user, sheet="platforms", file_name=file_name(kind), data=data
    )


@pytest.mark.parametrize("kind", ["xlsx", "xls", "csv-gbk"])
def test_a_countys_list_imports_in_one_go(personas, registry, regions, kind):
    rows = [
        HEADER,
        [
            "哈威众创空间",
            "众创空间",
            registry.a.uscc,
            "",
            "",
            "省级",
            "",
            "",
            "2024-06-01",
            "鲁科字〔2024〕9号",
            "省科技厅",
        ],
        [
            "甲镇农科驿站",
            "农科驿站",
            "",
            "甲县农业农村局",
            regions.town_a.name,
            "",
            "",
            "洽谈中",
            "2025-03-01",
            "",
            "",
        ],
        [
            "哈威企业技术中心",
            "企业技术中心",
            registry.a.uscc,
            "",
            "",
            "市级",
            "省级",
            "申报中",
            "2025-04-01",
            "",
            "",
        ],
    ]
    batch = upload(personas.staff_a, rows, kind)
    assert batch.status == BatchStatus.READY, (batch.file_errors, batch.errors)
    services.batch_commit(actor=personas.staff_a, batch=batch)
    found = {
        p.name: (p.status, p.level, p.sought_level, p.region_id, p.host_enterprise_id)
        for p in Platform.objects.all()
    }
    assert found == {
        "哈威众创空间": ("approved", "provincial", "", registry.a.region_id, registry.a.pk),
        "甲镇农科驿站": ("negotiating", "", "", regions.town_a.pk, None),
        "哈威企业技术中心": (
            "applying",
            "municipal",
            "provincial",
            registry.a.region_id,
            registry.a.pk,
        ),
    }
    approval = PlatformEvent.objects.get(platform__name="哈威众创空间")
    assert (approval.state, approval.occurred_on, approval.level) == (
        "approved",
        date(2024, 6, 1),
        PlatformLevel.PROVINCIAL,
    )
    assert (approval.document_number, approval.issuer) == ("鲁科字〔2024〕9号", "省科技厅")
    assert approval.created_by == personas.staff_a  # the import names its user


def test_bad_rows_are_named_and_nothing_is_written(personas, registry, regions):
    rows = [
        HEADER,
        ["甲平台", "太空站", registry.a.uscc, "", "", "", "", "", "", "", ""],
        ["乙平台", "众创空间", registry.a.uscc, "", "", "世界级", "", "", "", "", ""],
        [
            "丙平台",
            "众创空间",
            registry.a.uscc,
            "",
            "",
            "国家级",
            "",
            "已批准",
            "2025-01-02",
            "",
            "科技部",
        ],
        ["丁平台", "众创空间", registry.b.uscc, "", "", "", "", "", "", "", ""],
        ["戊平台", "众创空间", "", "", "", "", "", "", "", "", ""],
        ["己平台", "众创空间", registry.a.uscc, "", "", "", "", "申报中", "2025-01-02", "", ""],
    ]
    batch = upload(personas.staff_a, rows)
    assert batch.status == BatchStatus.INVALID
    by_row = {e["row"]: e for e in batch.errors}
    assert by_row[2]["column"] == "平台类型" and by_row[2]["value"] == "太空站"
    assert "不在类型字典中" in by_row[2]["reason"] and "众创空间" in by_row[2]["reason"]
    assert by_row[3]["column"] == "现有级别" and by_row[3]["value"] == "世界级"
    assert by_row[4]["column"] == "批准文号" and "获批须填写批准文号" in by_row[4]["reason"]
    assert by_row[5]["column"] == "依托企业统一社会信用代码"
    assert "不在您的管辖范围内" in by_row[5]["reason"]
    assert by_row[6]["column"] == "依托单位" or by_row[6]["column"] == "所在乡镇（街道）"
    assert by_row[7]["column"] == "申报级别" and "须填写申报级别" in by_row[7]["reason"]
    assert all(e["sheet"] for e in batch.errors)
    assert not Platform.objects.exists() and not PlatformEvent.objects.exists()


def test_an_exported_list_imports_back_unchanged(client, personas, registry):
    from kechuang.platforms import services as platform_services
    from kechuang.platforms.models import PlatformKind

    platform_services.platform_create(
        actor=personas.staff_a,
        on=date(2024, 6, 1),
        status=PlatformStatus.APPROVED,
        level=PlatformLevel.MUNICIPAL,
        document_number="市科字〔2024〕3号",
        issuer="市科技局",
        name="哈威工程技术研究中心",
        kind=PlatformKind.objects.get(name="工程技术研究中心"),
        host_enterprise=registry.a,
        region=registry.a.region,
    )
    client.force_login(personas.staff_a)
    from django.urls import reverse

    export = client.get(reverse("platforms:platform_export"))
    assert export.status_code == 200
    batch = services.batch_upload(
        actor=personas.staff_a, sheet="platforms", file_name="export.xlsx", data=export.content
    )
    assert batch.status == BatchStatus.READY, (batch.file_errors, batch.errors)
    assert (batch.unchanged_count, batch.created_count, batch.updated_count) == (1, 0, 0)
