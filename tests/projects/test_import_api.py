"""The reserve pool through a file and through the API (issue #18): every problem named by
row, column and value, nothing written when any row is wrong; stages move as the block moves
them; an exported pool imports back unchanged; the API is the same block."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from kechuang.dataio import services as dataio
from kechuang.dataio.models import BatchStatus
from kechuang.projects import services
from kechuang.projects.models import Proposal, ProposalEvent

from ..support.sheets import WRITERS, file_name

pytestmark = pytest.mark.django_db

HEADER = [
    "统一社会信用代码",
    "企业名称",
    "项目名称",
    "项目类型",
    "对应征集",
    "总投资（万元）",
    "自筹资金（万元）",
    "申请资金（万元）",
    "合作高校院所",
    "所处阶段",
    "阶段日期",
    "辅导人",
    "立项资金（万元）",
    "立项文号",
]


@pytest.fixture
def call(regions):
    return services.call_create(
        actor=None,
        title="2026年省重点研发计划项目征集",
        programme="省重点研发计划",
        level="provincial",
        kind="enterprise_rd",
        opens_on=date(2026, 3, 1),
        deadline=date(2026, 4, 30),
        region=regions.county_a,
    )


def upload(user, rows, kind="xlsx"):
    return dataio.batch_upload(
        actor=user, sheet="proposals", file_name=file_name(kind), data=WRITERS[kind](rows)
    )


def row(uscc, title, cells=None):
    values = dict.fromkeys(HEADER, "")
    values.update({"统一社会信用代码": uscc, "项目名称": title, **(cells or {})})
    return [values[h] for h in HEADER]


@pytest.mark.parametrize("kind", ["xlsx", "xls", "csv-gbk"])
def test_a_pool_file_enters_and_moves_proposals(personas, registry, call, kind):
    a = registry.a.uscc
    rows = [
        HEADER,
        row(a, "智能产线", {"对应征集": call.title, "总投资（万元）": 200, "申请资金（万元）": 50}),
        row(
            a,
            "甘薯种苗",
            {
                "项目类型": "现代农业类重点研发计划项目",
                "所处阶段": "已储备",
                "阶段日期": "2026-03-10",
            },
        ),
    ]
    batch = upload(personas.staff_a, rows, kind)
    assert batch.status == BatchStatus.READY, (batch.file_errors, batch.errors)
    dataio.batch_commit(actor=personas.staff_a, batch=batch)
    line = Proposal.objects.get(title="智能产线")
    assert (line.kind, line.call, line.status, line.budget) == (
        "enterprise_rd",
        call,
        "collected",
        Decimal("2000000"),
    )
    assert Proposal.objects.get(title="甘薯种苗").status == "reserved"
    moved = [
        HEADER,
        row(
            a,
            "甘薯种苗",
            {
                "项目类型": "现代农业类重点研发计划项目",
                "所处阶段": "已辅导",
                "阶段日期": "2026-05-01",
                "辅导人": "省农科院专家",
            },
        ),
    ]
    batch = upload(personas.staff_a, moved, kind)
    assert batch.status == BatchStatus.READY, batch.errors
    dataio.batch_commit(actor=personas.staff_a, batch=batch)
    coached = ProposalEvent.objects.get(state="coached")
    assert (coached.coach, coached.created_by) == ("省农科院专家", personas.staff_a)


def test_bad_rows_are_named_and_nothing_is_written(personas, registry, call):
    a, b = registry.a.uscc, registry.b.uscc
    rows = [
        HEADER,
        row(
            a,
            "超预算",
            {
                "对应征集": call.title,
                "总投资（万元）": 100,
                "自筹资金（万元）": 80,
                "申请资金（万元）": 40,
            },
        ),
        row(a, "无此征集", {"对应征集": "不存在的征集"}),
        row(
            a,
            "立项缺文号",
            {"项目类型": "企业研发项目", "所处阶段": "已立项", "立项资金（万元）": 30},
        ),
        row(b, "外县企业", {"项目类型": "企业研发项目"}),
        row(a, "辅导无人", {"项目类型": "企业研发项目", "所处阶段": "已辅导"}),
    ]
    batch = upload(personas.staff_a, rows)
    assert batch.status == BatchStatus.INVALID
    by_row = {}
    for error in batch.errors:
        by_row.setdefault(error["row"], []).append(error)
    assert by_row[2][0]["column"] == "申请资金（万元）" and "超过总投资" in by_row[2][0]["reason"]
    assert by_row[3][0]["column"] == "对应征集" and by_row[3][0]["value"] == "不存在的征集"
    assert {e["column"] for e in by_row[4]} >= {"所处阶段"} or {e["column"] for e in by_row[4]} >= {
        "立项文号"
    }
    assert by_row[5][0]["column"] == "统一社会信用代码" and "管辖范围" in by_row[5][0]["reason"]
    assert "辅导人" in " ".join(e["reason"] for e in by_row[6])
    assert not Proposal.objects.exists()


def test_an_exported_pool_imports_back_unchanged(client, personas, registry, call):
    services.proposal_create(
        actor=personas.staff_a,
        on=date(2026, 3, 10),
        enterprise=registry.a,
        call=call,
        title="智能产线",
        budget=Decimal("2000000"),
    )
    client.force_login(personas.staff_a)
    export = client.get(reverse("projects:proposal_export"))
    batch = dataio.batch_upload(
        actor=personas.staff_a, sheet="proposals", file_name="p.xlsx", data=export.content
    )
    assert batch.status == BatchStatus.READY, batch.errors
    assert (batch.unchanged_count, batch.created_count) == (1, 0)


def test_the_stages_api_is_the_state_change_block(client, personas, registry, call):
    p = services.proposal_create(
        actor=personas.staff_a, on=date(2026, 3, 10), enterprise=registry.a, call=call, title="甲"
    )
    url = "/api/v1/proposal-events/"
    client.force_login(personas.staff_a)
    refused = client.post(
        url,
        {"proposal": p.pk, "state": "coached", "occurred_on": "2026-03-20"},
        content_type="application/json",
    )
    assert refused.status_code == 400  # collected → coached is no move
    client.post(
        url,
        {"proposal": p.pk, "state": "reserved", "occurred_on": "2026-03-12"},
        content_type="application/json",
    )
    made = client.post(
        url,
        {"proposal": p.pk, "state": "coached", "occurred_on": "2026-03-20", "coach": "专家组"},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    assert made.json()["state_display"] == "已辅导"
    client.force_login(personas.enterprise_a)  # reads its own; may not coach
    assert {e["proposal"] for e in client.get(url).json()["results"]} == {p.pk}
    denied = client.post(
        url,
        {"proposal": p.pk, "state": "submitted", "occurred_on": "2026-04-01"},
        content_type="application/json",
    )
    assert denied.status_code == 403
    client.force_login(personas.enterprise_b)
    assert client.get(url).json()["results"] == []
    other = client.post(
        url,
        {"proposal": p.pk, "state": "withdrawn", "occurred_on": "2026-04-01"},
        content_type="application/json",
    )
    assert other.status_code == 404


@pytest.mark.parametrize("kind", ["xlsx", "csv-gbk"])
def test_talents_and_entries_from_files(client, personas, registry, kind):
    from kechuang.projects.models import CompetitionEntry, IntroducedTalent

    a, b = registry.a.uscc, registry.b.uscc
    talents = [
        ["统一社会信用代码", "姓名", "人才类别", "专业领域", "引进日期"],
        [a, "李博士", "博士", "复合材料", "2026-04-01"],
        [a, "王高工", "正高级职称", "", "2026-05-01"],
    ]
    batch = dataio.batch_upload(
        actor=personas.staff_a,
        sheet="introduced_talents",
        file_name=file_name(kind),
        data=WRITERS[kind](talents),
    )
    assert batch.status == BatchStatus.READY, batch.errors
    dataio.batch_commit(actor=personas.staff_a, batch=batch)
    assert set(IntroducedTalent.objects.values_list("name", "enterprise")) == {
        ("李博士", registry.a.pk),
        ("王高工", registry.a.pk),
    }
    entries = [
        ["统一社会信用代码", "年度", "大赛名称", "级别", "参赛项目", "成绩"],
        [a, 2026, "省创新创业大赛", "省级", "智能产线", "优秀奖"],
        [b, 2026, "省创新创业大赛", "省级", "外县项目", ""],  # another county's enterprise
        [a, 2026, "市创新创业大赛", "区级", "智能装备", ""],  # no such level
    ]
    batch = dataio.batch_upload(
        actor=personas.staff_a,
        sheet="competition_entries",
        file_name=file_name(kind),
        data=WRITERS[kind](entries),
    )
    assert batch.status == BatchStatus.INVALID
    assert {(e["row"], e["column"]) for e in batch.errors} == {
        (3, "统一社会信用代码"),
        (4, "级别"),
    }
    assert not CompetitionEntry.objects.exists()
    batch = dataio.batch_upload(
        actor=personas.staff_a,
        sheet="competition_entries",
        file_name=file_name(kind),
        data=WRITERS[kind](entries[:2]),
    )
    dataio.batch_commit(actor=personas.staff_a, batch=batch)
    client.force_login(personas.staff_a)
    export = client.get(reverse("projects:entry_export"))
    again = dataio.batch_upload(
        actor=personas.staff_a, sheet="competition_entries", file_name="e.xlsx", data=export.content
    )
    assert (again.unchanged_count, again.created_count) == (1, 0)
