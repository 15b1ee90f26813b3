"""The commissioners' work (issue #19): service records and trainings logged in the portal
with photos, refused outside the commissioner's towns, with a non-image photo or a negative
count; the points table applied to the records, the evaluation sheet as .xlsx and .docx with
each point's records; donations, appraisals, the report's §一(六) and plan §三(五); files and
the API."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from PIL import Image

from kechuang.accounts.choices import RegionLevel
from kechuang.core import figures
from kechuang.core.models import Attachment
from kechuang.core.periods import Period
from kechuang.dataio import services as dataio
from kechuang.dataio.models import BatchStatus
from kechuang.rural import points, services
from kechuang.rural.models import ServiceRecord, Training

from ..factories import RegionFactory
from ..support.sheets import WRITERS, file_name

pytestmark = pytest.mark.django_db
YEAR = 2026


def png(name="现场.png", size=(40, 30)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 120, 60)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def field(personas, regions):
    """Commissioner 张农 (linked to p-commissioner) on the roster, assigned to 甲一镇 in 2026;
    another commissioner 李果 in the same county; villages 东村 (甲一镇) and 南村 (甲二镇)."""
    town_a = regions.town_a
    town_c = RegionFactory(
        code="990101102", name="甲二镇", level=RegionLevel.TOWN, parent=regions.county_a
    )
    east = RegionFactory(
        code=f"{town_a.code}001", name="东村", level=RegionLevel.VILLAGE, parent=town_a
    )
    south = RegionFactory(
        code=f"{town_c.code}001", name="南村", level=RegionLevel.VILLAGE, parent=town_c
    )
    me = services.commissioner_create(
        actor=None, name="张农", unit="县农业农村局", region=regions.county_a
    )
    other = services.commissioner_create(actor=None, name="李果", region=regions.county_a)
    services.commissioner_update(
        actor=None, commissioner=me, version=None, user=personas.commissioner
    )
    services.notice_issue(
        actor=None,
        title="关于调整甲县精准扶贫科技特派员名单的通知",
        issued_on=date(YEAR, 1, 10),
        region=regions.county_a,
        added=[me, other],
    )
    services.assignment_create(actor=None, year=YEAR, commissioner=me, area=town_a)
    services.assignment_create(actor=None, year=YEAR, commissioner=other, area=town_c)
    me.refresh_from_db()
    other.refresh_from_db()
    return {"me": me, "other": other, "east": east, "south": south, "town_c": town_c}


def log_service(actor, village, on=date(YEAR, 4, 2), photos=None, **extra):
    return services.service_create(
        actor=actor,
        served_on=on,
        village=village,
        served_kind="farmer",
        served_name="种植户",
        served_count=extra.pop("served_count", 5),
        content="大棚蔬菜病害防治",
        photos=photos,
        **extra,
    )


def test_a_commissioner_logs_in_their_own_towns_only(personas, field):
    record = log_service(personas.commissioner, field["east"], photos=[png()])
    assert record.commissioner == field["me"]
    photo = Attachment.objects.get()
    assert (photo.kind, photo.file_type, photo.uploaded_by) == (
        "photo",
        "png",
        personas.commissioner,
    )
    with pytest.raises(ValidationError) as caught:
        log_service(personas.commissioner, field["south"])
    message = " ".join(caught.value.message_dict["village"])
    assert "南村不在张农 2026年服务对接的乡镇或村内（对接区域：甲一镇）" in message
    # last year's assignments do not reach this year, nor this year's the next
    with pytest.raises(ValidationError, match="2027年服务对接"):
        log_service(personas.commissioner, field["east"], on=date(2027, 1, 5))
    with pytest.raises(ValidationError, match="服务人次不能为负数（填写的是-2）"):
        log_service(personas.commissioner, field["east"], served_count=-2)
    # staff may log for a commissioner of their county, not another county's staff
    log_service(personas.staff_a, field["south"], commissioner=field["other"])
    with pytest.raises(PermissionDenied):
        log_service(personas.staff_b, field["east"], commissioner=field["me"])
    assert ServiceRecord.objects.count() == 2


def test_a_photo_that_is_not_an_image_is_refused_and_nothing_is_written(personas, field):
    pdf = SimpleUploadedFile("现场.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg")
    with pytest.raises(ValidationError, match=r"照片“现场\.jpg”不是图片（JPG/PNG）"):
        log_service(personas.commissioner, field["east"], photos=[png(), pdf])
    broken = SimpleUploadedFile("坏.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 40)
    with pytest.raises(ValidationError, match="已损坏或不是有效的图片"):
        log_service(personas.commissioner, field["east"], photos=[broken])
    assert (ServiceRecord.objects.count(), Attachment.objects.count()) == (0, 0)


def test_the_portal_pages_show_only_the_commissioners_own(client, personas, field):
    mine = log_service(personas.commissioner, field["east"])
    theirs = log_service(personas.staff_a, field["south"], commissioner=field["other"])
    client.force_login(personas.commissioner)
    page = client.get("/rural/mine/", {"year": YEAR}).content.decode()
    assert "甲一镇" in page and "东村" in page and "南村" not in page
    assert client.get(f"/rural/services/{mine.pk}/").status_code == 200
    assert client.get(f"/rural/services/{theirs.pk}/").status_code == 404
    listed = client.get("/rural/services/").content.decode()
    assert "东村" in listed and "南村" not in listed
    form = client.get("/rural/services/add/").content.decode()
    # the form offers the commissioner's villages only, takes photos from the camera, keeps
    # drafts and has large controls
    assert "东村" in form and "南村" not in form
    assert 'capture="environment"' in form and "data-draft=" in form and "form-large" in form
    response = client.post(
        "/rural/trainings/add/",
        {
            "held_on": f"{YEAR}-05-06",
            "town": field["town_c"].pk,
            "topic": "越界培训",
            "poor_labourers": "-3",
            "growers": "10",
            "others": "0",
            "materials": "20",
        },
    )
    text = response.content.decode()
    assert response.status_code == 200 and Training.objects.count() == 0
    assert "选择一个有效的选项" in text or "甲二镇不在" in text  # the town is not offered at all
    response = client.post(
        "/rural/trainings/add/",
        {
            "held_on": f"{YEAR}-05-06",
            "town": personas.commissioner.region.pk,
            "topic": "负数培训",
            "poor_labourers": "-3",
            "growers": "10",
            "others": "0",
            "materials": "20",
            "photos": png(),
        },
    )
    assert "贫困劳动力（人次）不能为负数（填写的是-3）" in response.content.decode()
    assert Training.objects.count() == 0 and Attachment.objects.count() == 0


@pytest.fixture
def table(regions):
    for item, per, cap in (
        ("service_days", "1", "3"),
        ("trainings", "5", None),
        ("participants", "0.1", None),
        ("tech_sme", "10", None),
    ):
        services.rule_create(
            actor=None,
            year=YEAR,
            item=item,
            points=Decimal(per),
            cap=Decimal(cap) if cap else None,
            region=regions.county_a,
        )


def test_the_points_table_is_applied_to_the_records_with_their_sources(
    client, personas, regions, registry, field, table
):
    for day in (2, 2, 9, 16, 23):  # four days (two records on the 2nd), capped at 3 points
        log_service(personas.commissioner, field["east"], on=date(YEAR, 4, day))
    training = services.training_create(
        actor=personas.commissioner,
        held_on=date(YEAR, 5, 6),
        town=regions.town_a,
        topic="设施蔬菜栽培",
        poor_labourers=12,
        growers=30,
        others=3,
        materials=100,
    )
    services.achievement_create(
        actor=personas.commissioner,
        achieved_on=date(YEAR, 6, 1),
        kind="tech_sme",
        title="指导入库",
        enterprise=registry.a,
    )
    with pytest.raises(ValidationError, match="须选择企业"):
        services.achievement_create(
            actor=personas.commissioner, achieved_on=date(YEAR, 6, 1), kind="hte", title="无企业"
        )
    sheet = points.sheet(field["me"], YEAR)
    lines = {line.item: line for line in sheet.lines}
    assert (lines["service_days"].quantity, lines["service_days"].points) == (4, Decimal("3.00"))
    assert lines["service_days"].capped
    assert (lines["participants"].quantity, lines["participants"].points) == (45, Decimal("4.50"))
    assert sheet.total == Decimal("3") + Decimal("5") + Decimal("4.5") + Decimal("10")
    assert [s.on.day for s in lines["service_days"].sources] == [2, 9, 16, 23]
    # staff correct the training's participants: the sheet follows, nothing tallied by hand
    services.training_update(
        actor=personas.staff_a, training=training, version=training.version, growers=10
    )
    assert points.sheet(field["me"], YEAR).total == Decimal("20.50")
    ranking = points.ranking(personas.staff_a, YEAR)
    assert [s.commissioner.name for s in ranking] == ["张农", "李果"]
    # one definition: the ranking's database counts are the sheets' records
    for ranked in ranking:
        sheet = points.sheet(ranked.commissioner, YEAR)
        assert [(x.item, x.quantity) for x in ranked.lines] == [
            (x.item, x.quantity) for x in sheet.lines
        ]
        assert ranked.total == sheet.total
    assert points.ranking(personas.staff_b, YEAR) == []

    client.force_login(personas.commissioner)
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(f"/rural/points/{field['me'].pk}/sheet.xlsx?year={YEAR}").content)
    )
    main, basis = book["考核评价表"], book["计分依据"]
    assert main["A1"].value == "2026年度科技特派员考核评价表"
    totals = [row for row in main.iter_rows(values_only=True) if row[0] == "合计"]
    assert totals[0][4] == 20.5
    sources = list(basis.iter_rows(min_row=2, values_only=True))
    assert ("培训人次（人次）", "培训", 25) in [(r[0], r[2], r[4]) for r in sources]
    document = Document(
        io.BytesIO(client.get(f"/rural/points/{field['me'].pk}/sheet.docx?year={YEAR}").content)
    )
    text = "\n".join(p.text for p in document.paragraphs)
    assert "2026年度科技特派员考核评价表" in text and "指导入库" in text
    assert document.tables[0].rows[-1].cells[4].text == "20.50"
    # a commissioner reads only their own sheet; the ranking is the bureau's
    assert client.get(f"/rural/points/{field['other'].pk}/").status_code == 404
    assert client.get("/rural/points/").status_code == 403
    client.force_login(personas.staff_a)
    page = client.get("/rural/points/", {"year": YEAR}).content.decode()
    assert page.index("张农") < page.index("李果") and "20.50" in page
    book = openpyxl.load_workbook(
        io.BytesIO(client.get("/rural/points/", {"year": YEAR, "format": "xlsx"}).content)
    )
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:5] == ("名次", "特派员", "工作单位", "选派县（区）", "合计（分）")
    assert rows[1][:2] == (1, "张农") and rows[1][4] == 20.5 and rows[2][1] == "李果"


def test_donations_appraisals_and_the_report(client, personas, regions, registry, field, table):
    from kechuang.reports.compose import Composer

    team = services.team_create(
        actor=None, year=YEAR, town=regions.town_a, name="科技扶贫服务队", captain=field["me"]
    )
    donation = services.donation_create(
        actor=personas.staff_a,
        donated_on=date(YEAR, 5, 18),
        town=regions.town_a,
        team=team,
        items="复合肥60袋",
        value=Decimal("9600"),
    )
    assert donation.donor == "张农"  # the captain, when no donor is named
    with pytest.raises(ValidationError, match="不是该乡镇的服务队"):
        services.donation_create(
            actor=None, donated_on=date(YEAR, 5, 18), town=field["town_c"], team=team, items="书"
        )
    with pytest.raises(ValidationError, match="第2行缺少单位"):
        services.appraisal_create(
            actor=personas.staff_a,
            appraised_on=date(YEAR, 8, 26),
            place="甲县",
            enterprise=registry.a,
            achievements="芦花鸡养殖关键技术研究",
            experts="钱研究，省农业科学院\n冯总站",
        )
    appraisal = services.appraisal_create(
        actor=personas.staff_a,
        appraised_on=date(YEAR, 8, 26),
        place="甲县",
        enterprise=registry.a,
        achievements="芦花鸡养殖关键技术研究\n林下种养模式\n疫病防控集成",
        experts="钱研究，省农业科学院，研究员\n冯总站，省畜牧总站，推广研究员",
    )
    client.force_login(personas.staff_a)
    detail = client.get(appraisal.get_absolute_url()).content.decode()
    assert "芦花鸡养殖关键技术研究<br>林下种养模式" in detail  # one achievement a line
    assert 'data-testid="attachments"' in detail  # the certificate and photos
    client.force_login(personas.enterprise_a)  # the enterprise reads its own appraisal
    assert client.get(appraisal.get_absolute_url()).status_code == 200
    client.force_login(personas.enterprise_b)
    assert client.get(appraisal.get_absolute_url()).status_code == 404
    for month, town in ((3, regions.town_a), (6, regions.town_a)):
        services.training_create(
            actor=personas.commissioner,
            held_on=date(YEAR, month, 6),
            town=town,
            topic="设施蔬菜栽培",
            poor_labourers=10,
            growers=20,
            materials=50,
        )
    services.training_create(  # the bureau's own, without a commissioner
        actor=personas.staff_a,
        held_on=date(YEAR, 9, 6),
        town=field["town_c"],
        topic="电商培训",
        others=5,
        materials=30,
    )
    composer = Composer(
        user=personas.staff_a, region=regions.county_a, period=Period.year_of(YEAR), stored=False
    )
    text = composer.context()["work"][-1]["text"]
    assert "印发了关于调整甲县精准扶贫科技特派员名单的通知" in text
    assert "3-9月，分别在甲一镇、甲二镇举办了科技知识培训活动3场" in text
    assert "发放各类科技宣传资料130份，培训贫困劳动力、种养殖户等65人次" in text
    assert "5月在甲一镇举办了捐赠活动，甲一镇科技扶贫服务队队长张农捐赠复合肥60袋" in text
    assert "8月26日，县科技局组织省农业科学院、省畜牧总站等有关专家，在甲县对哈威机械" in text
    assert "芦花鸡养殖关键技术研究等三项科技成果进行了成果鉴定" in text
    shown = {u.key: u.shown for u in composer.uses}
    assert shown["rural.training_participants"] == "65"
    participants = figures.compute(
        "rural.training_participants",
        user=personas.staff_b,
        region=regions.county_b,
        period=Period.year_of(YEAR),
    )
    assert participants.value == 0  # another county's staff see none of it


def test_plan_names_coverage_and_the_target(personas, regions, field):
    from kechuang.reports.compose import Composer
    from kechuang.targets.selectors import progress
    from kechuang.targets.services import target_set

    services.key_village_create(actor=None, village=field["east"])
    services.key_village_create(actor=None, village=field["south"])
    services.assignment_create(actor=None, year=YEAR, commissioner=field["me"], area=field["east"])

    def plan():
        composer = Composer(
            user=personas.staff_a,
            region=regions.county_a,
            period=Period.year_of(YEAR),
            stored=False,
        )
        return next(p for p in composer.context()["plans"] if "科技特派员" in p)

    assert "我县2个重点村中已有1个实现科技特派员覆盖，尽快实现其余1个重点村全覆盖" in plan()
    target = target_set(
        actor=personas.staff_a, year=YEAR + 1, metric="key_villages_covered", value=2
    )
    assert "下一年度覆盖重点村2个以上" in plan()
    this_year = target_set(
        actor=personas.staff_a, year=YEAR, metric="key_villages_covered", value=2
    )
    assert (progress(this_year).actual, progress(target).actual) == (1, 0)
    services.assignment_create(
        actor=None, year=YEAR, commissioner=field["other"], area=field["south"]
    )
    assert "在实现我县2个重点村科技特派员全覆盖的基础上" in plan()


TRAINING_HEADER = [
    "培训日期",
    "乡镇（街道）",
    "培训主题",
    "主讲特派员",
    "贫困劳动力（人次）",
    "种养殖户（人次）",
    "其他人员（人次）",
    "发放资料（份）",
    "说明",
]


@pytest.mark.parametrize("kind", ["xlsx", "xls", "csv-gbk"])
def test_a_training_file_is_checked_row_by_row(personas, regions, field, kind):
    def upload(rows):
        return dataio.batch_upload(
            actor=personas.staff_a,
            sheet="rural_trainings",
            file_name=file_name(kind),
            data=WRITERS[kind](rows),
        )

    good = [
        TRAINING_HEADER,
        [date(YEAR, 3, 5), "甲一镇", "果树修剪", "张农", 10, 20, 0, 100, ""],
        [date(YEAR, 4, 5), "甲二镇", "电商培训", "", 0, 0, 15, 30, "科技局组织"],
    ]
    bad = [
        TRAINING_HEADER,
        [date(YEAR, 3, 5), "甲一镇", "负数", "张农", -4, 20, 0, 100, ""],
        [date(YEAR, 3, 6), "甲二镇", "越界", "张农", 1, 1, 1, 1, ""],
        [date(YEAR, 3, 7), "乙一镇", "外县", "", 1, 1, 1, 1, ""],
        [date(YEAR, 3, 8), "甲一镇", "查无此人", "赵无名", 1, 1, 1, 1, ""],
    ]
    batch = upload(bad)
    assert batch.status == BatchStatus.INVALID
    errors = {(e["row"], e["column"]): str(e["reason"]) for e in batch.errors}
    assert "不能小于 0" in errors[(2, "贫困劳动力（人次）")]
    assert "甲二镇不在张农 2026年服务对接的乡镇或村内" in errors[(3, "乡镇（街道）")]
    assert "没有乡镇（街道）“乙一镇”" in errors[(4, "乡镇（街道）")]
    assert "特派员名单中没有“赵无名”" in errors[(5, "主讲特派员")]
    assert Training.objects.count() == 0
    batch = upload(good)
    assert batch.status == BatchStatus.READY, batch.errors
    dataio.batch_commit(actor=personas.staff_a, batch=batch)
    made = {t.topic: (t.commissioner, t.participants) for t in Training.objects.all()}
    assert made == {"果树修剪": (field["me"], 30), "电商培训": (None, 15)}


def test_the_api_is_the_same_service(client, personas, regions, field):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(personas.commissioner)
    made = api.post(
        "/api/v1/service-records/",
        {
            "served_on": f"{YEAR}-04-02",
            "village": field["east"].pk,
            "served_kind": "farmer",
            "served_name": "种植户",
            "served_count": 3,
            "content": "指导",
        },
        format="json",
    )
    assert made.status_code == 201, made.content
    assert made.json()["commissioner"] == field["me"].pk
    refused = api.post(
        "/api/v1/service-records/",
        {
            "served_on": f"{YEAR}-04-02",
            "village": field["south"].pk,
            "served_kind": "farmer",
            "served_name": "种植户",
            "content": "越界",
        },
        format="json",
    )
    assert refused.status_code == 400 and "南村不在张农" in refused.content.decode()
    other = log_service(personas.staff_a, field["south"], commissioner=field["other"])
    assert api.get(f"/api/v1/service-records/{other.pk}/").status_code == 404
    assert [r["id"] for r in api.get("/api/v1/service-records/").json()["results"]] == [
        made.json()["id"]
    ]
    staff_b = APIClient()
    staff_b.force_authenticate(personas.staff_b)
    assert staff_b.get("/api/v1/service-records/").json()["results"] == []


def test_stations_applying_are_told_in_the_rural_section_not_twice(
    client, personas, regions, field
):
    from kechuang.platforms import services as platforms
    from kechuang.platforms.choices import PlatformLevel, PlatformStatus
    from kechuang.platforms.models import PlatformKind
    from kechuang.reports.compose import Composer

    kind, _made = PlatformKind.objects.get_or_create(name="农科驿站")
    for name in ("甲一镇农科驿站", "甲二镇农科驿站"):
        platforms.platform_create(
            actor=personas.staff_a,
            on=date(YEAR, 4, 10),
            status=PlatformStatus.APPLYING,
            level=PlatformLevel.PROVINCIAL,
            name=name,
            kind=kind,
            host_institution="县农业农村局",
            region=regions.town_a,
        )
    composer = Composer(
        user=personas.staff_a, region=regions.county_a, period=Period.year_of(YEAR), stored=False
    )
    sections = {w["heading"]: w["text"] for w in composer.context()["work"]}
    rural = next(text for heading, text in sections.items() if "乡村振兴" in heading)
    assert "组织甲一镇农科驿站、甲二镇农科驿站申报省级农科驿站。" in rural
    assert all("申报省级农科驿站" not in t for h, t in sections.items() if "平台" in h)
    client.force_login(personas.staff_a)
    page = client.get("/rural/stations/").content.decode()
    assert "甲一镇农科驿站" in page and "申报中（省级）" in page


@pytest.mark.parametrize(
    ("sheet", "url"),
    [
        ("rural_trainings", "/rural/trainings/export/"),
        ("rural_donations", "/rural/donations/export/"),
        ("key_villages", "/rural/key-villages/export/"),
        ("rural_services", "/rural/services/export/"),
    ],
)
def test_exported_lists_import_back_unchanged(client, personas, regions, field, sheet, url):
    team = services.team_create(
        actor=None, year=YEAR, town=regions.town_a, name="科技扶贫服务队", captain=field["me"]
    )
    services.training_create(
        actor=None,
        commissioner=field["me"],
        held_on=date(YEAR, 3, 5),
        town=regions.town_a,
        topic="果树修剪",
        growers=20,
        materials=60,
    )
    services.donation_create(
        actor=None,
        donated_on=date(YEAR, 5, 18),
        town=regions.town_a,
        team=team,
        items="复合肥60袋",
        value=Decimal("9600"),
    )
    services.key_village_create(actor=None, village=field["east"])
    log_service(personas.staff_a, field["east"], commissioner=field["me"])
    client.force_login(personas.staff_a)
    export = client.get(url)
    assert export.status_code == 200
    batch = dataio.batch_upload(
        actor=personas.staff_a, sheet=sheet, file_name="back.xlsx", data=export.content
    )
    assert batch.status == BatchStatus.READY, batch.errors
    assert (batch.unchanged_count, batch.created_count) == (1, 0)


def test_a_service_log_file_keeps_to_the_assignments(personas, field):
    header = [
        "特派员",
        "服务日期",
        "服务村（社区）",
        "服务对象类型",
        "服务对象",
        "服务人次",
        "服务内容",
    ]

    def upload(rows):
        return dataio.batch_upload(
            actor=personas.staff_a,
            sheet="rural_services",
            file_name="log.xlsx",
            data=WRITERS["xlsx"]([header, *rows]),
        )

    batch = upload(
        [
            ["张农", date(YEAR, 4, 2), "南村", "农户", "种植户", 3, "越界服务"],
            ["张农", date(YEAR, 4, 3), "东村", "农户", "种植户", -1, "负数"],
            ["张农", date(YEAR, 4, 4), "西村", "农户", "种植户", 1, "无此村"],
        ]
    )
    assert batch.status == BatchStatus.INVALID
    errors = {(e["row"], e["column"]): str(e["reason"]) for e in batch.errors}
    assert "南村不在张农 2026年服务对接的乡镇或村内" in errors[(2, "服务村（社区）")]
    assert "不能小于 0" in errors[(3, "服务人次")]
    assert "没有村（社区）“西村”" in errors[(4, "服务村（社区）")]
    assert ServiceRecord.objects.count() == 0
    batch = upload([["张农", date(YEAR, 4, 2), "东村", "合作社", "蔬菜合作社", 8, "病害防治"]])
    assert batch.status == BatchStatus.READY, batch.errors
    dataio.batch_commit(actor=personas.staff_a, batch=batch)
    record = ServiceRecord.objects.get()
    assert (record.commissioner, record.served_kind, record.served_count) == (
        field["me"],
        "cooperative",
        8,
    )


def test_a_county_without_its_own_table_takes_its_citys_whole(personas, regions, field):
    log_service(personas.commissioner, field["east"])
    services.rule_create(
        actor=None, year=YEAR, item="service_days", points=Decimal("2"), region=regions.city
    )
    services.rule_create(
        actor=None, year=YEAR, item="service_records", points=Decimal("1"), region=regions.city
    )
    assert points.sheet(field["me"], YEAR).total == Decimal("3.00")
    services.rule_create(  # the county's own table replaces the city's, not item by item
        actor=None, year=YEAR, item="service_days", points=Decimal("5"), region=regions.county_a
    )
    sheet = points.sheet(field["me"], YEAR)
    assert ([x.item for x in sheet.lines], sheet.total) == (["service_days"], Decimal("5.00"))
    ranked = {s.commissioner.name: s.total for s in points.ranking(personas.staff_a, YEAR)}
    assert ranked == {"张农": Decimal("5.00"), "李果": Decimal("0.00")}
