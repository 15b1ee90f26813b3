"""A platform's dated statuses through the import sheet and the API (issue #16): moves checked
as the state-change block checks them, facts required, every problem named, nothing written
when a row is wrong; the API scoped and speaking Chinese."""

from __future__ import annotations

from datetime import date

import pytest
from auditlog.models import LogEntry

from kechuang.dataio import services as dataio
from kechuang.dataio.models import BatchStatus
from kechuang.platforms import services
from kechuang.platforms.choices import PlatformLevel, PlatformStatus
from kechuang.platforms.models import Platform, PlatformEvent, PlatformKind

from ..support.sheets import WRITERS, file_name

pytestmark = pytest.mark.django_db

S, L = PlatformStatus, PlatformLevel
HEADER = ["平台名称", "所在乡镇（街道）", "状态", "日期", "级别", "批准文号", "发文单位", "说明"]


@pytest.fixture
def maker(personas, registry):
    return services.platform_create(
        actor=personas.staff_a,
        on=date(2025, 1, 10),
        status=S.PLANNING,
        name="哈威众创空间",
        kind=PlatformKind.objects.get(name="众创空间"),
        host_enterprise=registry.a,
        region=registry.a.region,
    )


def upload(user, rows, kind="xlsx"):
    return dataio.batch_upload(
        actor=user, sheet="platform_events", file_name=file_name(kind), data=WRITERS[kind](rows)
    )


@pytest.mark.parametrize("kind", ["xlsx", "csv-gbk"])
def test_a_years_progress_imports_and_the_platform_stands_where_it_ends(
    personas, regions, maker, kind
):
    town = regions.town_a.name
    rows = [
        HEADER,
        ["哈威众创空间", town, "申报中", "2025-03-01", "国家级", "", "", "推荐材料已报"],
        ["哈威众创空间", town, "已推荐至省", "2025-04-02", "", "", "", ""],
        [
            "哈威众创空间",
            town,
            "已批准",
            "2025-06-20",
            "国家级",
            "国科火字〔2025〕88号",
            "科技部",
            "",
        ],
    ]
    batch = upload(personas.staff_a, rows, kind)
    assert batch.status == BatchStatus.READY, (batch.file_errors, batch.errors)
    dataio.batch_commit(actor=personas.staff_a, batch=batch)
    states = list(maker.events.order_by("occurred_on").values_list("state", "level"))
    assert states == [
        ("planning", ""),
        ("applying", "national"),
        ("recommended_province", ""),
        ("approved", "national"),
    ]
    maker.refresh_from_db()
    assert (maker.status, maker.status_on, maker.level, maker.sought_level) == (
        "approved",
        date(2025, 6, 20),
        "national",
        "",
    )
    event = maker.events.get(state="approved")
    assert event.created_by == personas.staff_a
    assert LogEntry.objects.get_for_object(event).filter(actor=personas.staff_a).exists()
    # the same file again: nothing new
    again = upload(personas.staff_a, rows, kind)
    assert again.status == BatchStatus.READY, again.errors
    assert (again.created_count, again.unchanged_count) == (0, 3)


def test_bad_rows_are_named_and_nothing_is_written(personas, regions, registry, maker):
    town = regions.town_a.name
    services.platform_create(
        actor=personas.staff_a,
        on=date(2025, 1, 10),
        status=S.PLANNING,
        name="哈威孵化器",
        kind=PlatformKind.objects.get(name="科技企业孵化器"),
        host_enterprise=registry.a,
        region=registry.a.region,
    )
    rows = [
        HEADER,
        ["哈威众创空间", town, "申报中", "2025-03-01", "国家级", "", "", ""],
        ["哈威众创空间", town, "已批准", "2025-06-20", "国家级", "", "科技部", ""],
        ["哈威众创空间", town, "公示中", "2025-05-01", "世界级", "", "", ""],
        ["哈威众创空间", town, "飞升", "2025-03-01", "", "", "", ""],
        ["没有的平台", town, "申报中", "2025-03-01", "省级", "", "", ""],
        ["哈威孵化器", town, "洽谈中", "2024-12-01", "", "", "", ""],
        ["哈威孵化器", town, "公示中", "2025-05-01", "", "", "", ""],
    ]
    batch = upload(personas.staff_a, rows)
    assert batch.status == BatchStatus.INVALID
    by_row = {e["row"]: e for e in batch.errors}
    assert 2 not in by_row  # a good row among bad ones: still nothing written
    assert by_row[3]["column"] == "批准文号" and "获批须填写批准文号" in by_row[3]["reason"]
    assert by_row[4]["column"] == "级别" and by_row[4]["value"] == "世界级"
    assert by_row[5]["column"] == "状态" and by_row[5]["value"] == "飞升"
    assert "没有名为“没有的平台”的平台" in by_row[6]["reason"]
    assert "不能早于" in by_row[7]["reason"] and "2025-01-10" in by_row[7]["reason"]
    assert by_row[8]["column"] == "状态"  # planning → publicised is no move
    assert all(e["sheet"] for e in batch.errors)
    assert sorted(PlatformEvent.objects.values_list("state", flat=True)) == ["planning"] * 2
    maker.refresh_from_db()
    assert maker.status == "planning"


def test_another_countys_platform_is_unknown_to_the_file(personas, regions, registry):
    services.platform_create(
        actor=None,
        on=date(2025, 1, 1),
        status=S.PLANNING,
        name="乙县平台",
        kind=PlatformKind.objects.get(name="众创空间"),
        host_enterprise=registry.b,
        region=registry.b.region,
    )
    rows = [HEADER, ["乙县平台", regions.town_b.name, "洽谈中", "2025-03-01", "", "", "", ""]]
    batch = upload(personas.staff_a, rows)
    assert batch.status == BatchStatus.INVALID
    assert not PlatformEvent.objects.filter(state="negotiating").exists()


def test_the_events_api_is_the_state_change_block(client, personas, registry, maker):
    client.force_login(personas.staff_a)
    url = "/api/v1/platform-events/"
    refused = client.post(
        url,
        {
            "platform": maker.pk,
            "state": "approved",
            "occurred_on": "2025-06-01",
            "level": "provincial",
        },
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert (
        "不能从“谋划中”变为“已批准”" in refused.content.decode()
        or "批准文号" in refused.content.decode()
    )
    made = client.post(
        url,
        {
            "platform": maker.pk,
            "state": "applying",
            "occurred_on": "2025-03-01",
            "level": "provincial",
        },
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    assert made.json()["state_display"] == "申报中"
    maker.refresh_from_db()
    assert (maker.status, maker.sought_level) == ("applying", "provincial")
    assert LogEntry.objects.get_for_object(maker.events.get(state="applying")).first().actor == (
        personas.staff_a
    )
    # scoped: another county's platform is unknown; an enterprise reads only its own, writes none
    theirs = services.platform_create(
        actor=None,
        on=date(2025, 1, 1),
        status=S.PLANNING,
        name="CANARY-B 平台",
        kind=PlatformKind.objects.get(name="众创空间"),
        host_enterprise=registry.b,
        region=registry.b.region,
    )
    foreign = client.post(
        url,
        {"platform": theirs.pk, "state": "negotiating", "occurred_on": "2025-03-01"},
        content_type="application/json",
    )
    assert foreign.status_code == 404
    assert theirs.pk not in {e["platform"] for e in client.get(url).json()["results"]}
    client.force_login(personas.enterprise_a)
    mine = {e["platform"] for e in client.get(url).json()["results"]}
    assert mine == {maker.pk}
    assert (
        client.post(url, {"platform": maker.pk}, content_type="application/json").status_code == 403
    )
    assert Platform.objects.get(pk=theirs.pk).status == "planning"


def test_an_exported_history_imports_back_unchanged(client, personas, registry, maker):
    services.platform_advance(
        actor=personas.staff_a,
        platform=maker,
        to=S.APPLYING,
        on=date(2025, 3, 1),
        level="provincial",
    )
    services.platform_create(
        actor=None,
        on=date(2025, 1, 1),
        status=S.PLANNING,
        name="CANARY-B 平台",
        kind=PlatformKind.objects.get(name="众创空间"),
        host_enterprise=registry.b,
        region=registry.b.region,
    )
    client.force_login(personas.staff_a)
    listing = client.get("/platforms/").content.decode()
    assert 'data-testid="export-platform_events"' in listing  # the list offers it
    export = client.get("/platforms/export/platform_events/", {"status": "applying"})
    assert export.status_code == 200
    import io

    import openpyxl

    rows = list(
        openpyxl.load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True)
    )
    assert rows[0][:4] == ("平台名称", "所在乡镇（街道）", "状态", "日期")
    assert [(r[0], r[2]) for r in rows[1:]] == [
        ("哈威众创空间", "谋划中"),
        ("哈威众创空间", "申报中"),
    ]
    batch = dataio.batch_upload(
        actor=personas.staff_a, sheet="platform_events", file_name="e.xlsx", data=export.content
    )
    assert batch.status == BatchStatus.READY, batch.errors
    assert (batch.created_count, batch.unchanged_count) == (0, 2)
    client.force_login(personas.enterprise_a)
    assert client.get("/platforms/export/platform_events/").status_code == 403
    assert 'data-testid="export-platform_events"' not in client.get("/platforms/").content.decode()
