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


# --- cooperations: the ladder through a file -------------------------------------------------

COOPERATIONS = [
    "统一社会信用代码",
    "企业名称",
    "合作单位",
    "合作项目",
    "合作专家",
    "所处阶段",
    "阶段日期",
    "合同金额（万元）",
    "说明",
]


@pytest.fixture
def directory(regions):
    from kechuang.talent import services as talent

    university = talent.institution_create(
        actor=None, name="山东大学", kind="university", region=regions.county_a
    )
    other = talent.institution_create(
        actor=None, name="省果树所", kind="institute", region=regions.county_a
    )
    wang = talent.expert_create(actor=None, name="王材料", title="教授", institution=university)
    li = talent.expert_create(actor=None, name="李果树", title="研究员", institution=other)
    return university, other, wang, li


def _commit(user, sheet, rows, kind="xlsx"):
    batch = upload(user, sheet, rows, kind)
    assert batch.status == BatchStatus.READY, (batch.file_errors, batch.errors)
    services.batch_commit(actor=user, batch=batch)
    return batch


@pytest.mark.parametrize("kind", ["xlsx", "csv-gbk"])
def test_cooperations_enter_the_ladder_and_move_only_as_the_block_moves(
    personas, registry, directory, kind
):
    from auditlog.models import LogEntry

    from kechuang.talent.models import Cooperation, CooperationEvent

    university, _other, wang, _li = directory
    uscc = registry.a.uscc
    _commit(
        personas.staff_a,
        "cooperations",
        [
            COOPERATIONS,
            [uscc, "", "山东大学", "复合材料成型", "王材料", "框架协议", "2024-05-10", "", ""],
            [uscc, "", "山东大学", "模具设计", "", "项目合同", "2024-06-01", "30", "签约"],
        ],
        kind,
    )
    forming = Cooperation.objects.get(project="复合材料成型")
    assert (forming.status, forming.top, forming.institution) == (
        "framework",
        "framework",
        university,
    )
    assert list(forming.experts.all()) == [wang]
    created = LogEntry.objects.get_for_object(forming).get(action=LogEntry.Action.CREATE)
    assert created.actor == personas.staff_a
    assert created.changes["experts"] == [None, str(wang)]  # the names, not a manager
    moulds = Cooperation.objects.get(project="模具设计")
    assert moulds.amount == 300_000  # 30 万元, kept in yuan
    assert list(moulds.events.values_list("state", "amount")) == [("contract", 300_000)]
    assert (
        LogEntry.objects.filter(
            content_type__model="cooperationevent", actor=personas.staff_a
        ).count()
        == 2
    )

    # the next file moves one up, and repeats the other as it stands
    _commit(
        personas.staff_a,
        "cooperations",
        [
            COOPERATIONS,
            [uscc, "", "山东大学", "复合材料成型", "", "项目合同", "2024-09-01", "120", ""],
            [uscc, "", "山东大学", "模具设计", "", "项目合同", "2024-06-01", "30", "签约"],
        ],
        kind,
    )
    forming.refresh_from_db()
    assert (forming.status, forming.top, forming.amount) == ("contract", "contract", 1_200_000)
    assert list(forming.events.order_by("occurred_on").values_list("state", flat=True)) == [
        "framework",
        "contract",
    ]
    assert CooperationEvent.objects.count() == 3


def test_a_cooperation_file_with_bad_rows_names_each_and_writes_nothing(
    personas, registry, directory
):
    from kechuang.talent import services as talent
    from kechuang.talent.models import Cooperation, CooperationEvent

    university, _other, _wang, _li = directory
    from datetime import date

    talent.cooperation_create(
        actor=personas.staff_a,
        on=date(2024, 6, 1),
        status="contract",
        amount=300_000,
        enterprise=registry.a,
        institution=university,
        project="模具设计",
    )
    before = CooperationEvent.objects.count()
    a, b = registry.a.uscc, registry.b.uscc
    rows = [
        COOPERATIONS,
        [a, "", "山东大学", "模具设计", "", "合作意向", "2024-07-01", "", ""],  # 2: backwards
        [a, "", "山东大学", "模具设计X", "", "项目合同", "2024-07-01", "", ""],  # 3: no amount
        [a, "", "不存在大学", "甲", "", "初步接触", "2024-07-01", "", ""],  # 4: no such institution
        [a, "", "山东大学", "乙", "李果树", "初步接触", "2024-07-01", "", ""],  # 5: not its expert
        [b, "", "山东大学", "丙", "", "初步接触", "2024-07-01", "", ""],  # 6: another county
        [a, "", "山东大学", "丁", "", "项目落地", "2024-07-01", "", ""],  # 7: cannot start there
        [a, "", "山东大学", "戊", "", "签了", "2024-07-01", "", ""],  # 8: no such stage
    ]
    batch = upload(personas.staff_a, "cooperations", rows)
    assert batch.status == BatchStatus.INVALID
    by_row = {e["row"]: e for e in batch.errors}
    assert by_row[2]["column"] == "所处阶段" and "合作意向" in by_row[2]["reason"]
    assert by_row[3]["column"] == "合同金额（万元）" and "合同金额" in by_row[3]["reason"]
    assert by_row[4]["column"] == "合作单位" and "不存在大学" in by_row[4]["reason"]
    assert by_row[5]["column"] == "合作专家" and "李果树" in by_row[5]["reason"]
    assert by_row[6]["column"] == "统一社会信用代码" and "管辖范围" in by_row[6]["reason"]
    assert by_row[7]["column"] == "所处阶段"
    assert by_row[8]["column"] == "所处阶段" and by_row[8]["value"] == "签了"
    assert Cooperation.objects.count() == 1
    assert CooperationEvent.objects.count() == before

    late = [COOPERATIONS, [a, "", "山东大学", "模具设计", "", "项目落地", "2024-05-01", "", ""]]
    batch = upload(personas.staff_a, "cooperations", late)
    assert [(e["column"], e["value"]) for e in batch.errors] == [("阶段日期", "2024-05-01")]


def test_exported_cooperations_import_back_unchanged(client, personas, registry, directory):
    from datetime import date

    from kechuang.talent import services as talent

    university, _other, wang, _li = directory
    talent.cooperation_create(
        actor=personas.staff_a,
        on=date(2024, 3, 1),
        status="preliminary",
        enterprise=registry.a,
        institution=university,
        project="复合材料成型",
        experts=[wang],
    )
    client.force_login(personas.staff_a)
    export = client.get(reverse("talent:cooperation_export"))
    batch = services.batch_upload(
        actor=personas.staff_a, sheet="cooperations", file_name="c.xlsx", data=export.content
    )
    assert batch.status == BatchStatus.READY, batch.errors
    assert (batch.unchanged_count, batch.created_count) == (1, 0)


# --- trips and their visits -----------------------------------------------------------------

TRIPS = ["活动名称", "开始日期", "结束日期", "参加人员"]
T, D = "赴济南对接", "2024-04-10"  # the trip's title and start date, as a visit row names it
VISITS = [
    "对接活动",
    "活动开始日期",
    "对接日期",
    "统一社会信用代码",
    "对接单位",
    "对接专家",
    "对接单位或人员（专家库以外）",
    "对接项目或内容",
    "达成阶段",
]


def test_a_trip_and_its_visits_import_and_export_back(client, personas, registry, directory):
    from kechuang.talent.models import Trip, Visit

    _university, _other, wang, _li = directory
    _commit(
        personas.staff_a,
        "trips",
        [TRIPS, ["赴济南对接", "2024-04-10", "2024-04-12", "局长、张科长"]],
        "xls",
    )
    trip = Trip.objects.get()
    assert (trip.region, trip.members) == (personas.staff_a.region, "局长、张科长")
    a = registry.a.uscc
    _commit(
        personas.staff_a,
        "visits",
        [
            VISITS,
            [
                "赴济南对接",
                "2024-04-10",
                "2024-04-10",
                a,
                "山东大学",
                "王材料",
                "",
                "复合材料成型",
                "初步协议",
            ],
            [
                "赴济南对接",
                "2024-04-10",
                "2024-04-12",
                "",
                "",
                "",
                "某智能公司创始人",
                "智能装备",
                "",
            ],
        ],
    )
    first, second = trip.visits.order_by("visited_on")
    assert (first.enterprise, first.outcome, list(first.experts.all())) == (
        registry.a,
        "preliminary",
        [wang],
    )
    assert (second.enterprise, second.counterpart) == (None, "某智能公司创始人")
    assert not second.experts.exists()

    client.force_login(personas.staff_a)
    listing = client.get(reverse("talent:trip_list")).content.decode()
    assert 'data-testid="export-visits"' in listing and 'data-testid="import-visits"' in listing
    export = client.get(reverse("talent:trip_child_export", kwargs={"sheet": "visits"}))
    batch = services.batch_upload(
        actor=personas.staff_a, sheet="visits", file_name="v.xlsx", data=export.content
    )
    assert batch.status == BatchStatus.READY, batch.errors
    assert (batch.unchanged_count, batch.created_count) == (2, 0)
    assert Visit.objects.count() == 2
    # another county's staff export no visit of ours; an enterprise may not export them
    client.force_login(personas.staff_b)
    other = client.get(reverse("talent:trip_child_export", kwargs={"sheet": "visits"}))
    import io

    import openpyxl

    assert len(list(openpyxl.load_workbook(io.BytesIO(other.content)).active.rows)) == 1
    client.force_login(personas.enterprise_a)
    assert (
        client.get(reverse("talent:trip_child_export", kwargs={"sheet": "visits"})).status_code
        == 403
    )


def test_bad_visits_are_named_and_nothing_is_written(personas, registry, directory):
    from kechuang.talent.models import Visit

    _commit(personas.staff_a, "trips", [TRIPS, ["赴济南对接", "2024-04-10", "2024-04-12", ""]])
    a = registry.a.uscc
    rows = [
        VISITS,
        [
            "赴济南对接",
            "2024-04-10",
            "2024-04-20",
            a,
            "山东大学",
            "",
            "",
            "甲",
            "",
        ],  # 2: after the trip
        [
            "赴青岛对接",
            "2024-04-10",
            "2024-04-10",
            a,
            "山东大学",
            "",
            "",
            "乙",
            "",
        ],  # 3: no such trip
        [
            "赴济南对接",
            "2024-04-10",
            "2024-04-11",
            a,
            "",
            "王材料",
            "",
            "丙",
            "",
        ],  # 4: expert alone
        ["赴济南对接", "2024-04-10", "2024-04-11", a, "", "", "", "丁", ""],  # 5: nobody visited
        ["赴济南对接", "2024-04-10", "2024-04-11", a, "山东大学", "张三", "", "戊", ""],  # 6
    ]
    batch = upload(personas.staff_a, "visits", rows)
    assert batch.status == BatchStatus.INVALID
    by_row = {e["row"]: e for e in batch.errors}
    assert by_row[2]["column"] == "对接日期" and "2024-04-12" in by_row[2]["reason"]
    assert by_row[3]["column"] == "对接活动" and "赴青岛对接" in by_row[3]["reason"]
    assert by_row[4]["column"] == "对接专家"
    assert by_row[5]["column"] == "对接单位"
    assert by_row[6]["column"] == "对接专家" and "张三" in by_row[6]["reason"]
    assert not Visit.objects.exists()
    bad_trip = upload(
        personas.staff_a, "trips", [TRIPS, ["赴青岛", "2024-04-10", "2024-04-09", ""]]
    )
    assert [e["column"] for e in bad_trip.errors] == ["结束日期"]
