"""The HTE recognition pipeline: stage rules, corrections, activities, certificates, counts."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kechuang.cultivation.hte import selectors as hte_selectors
from kechuang.cultivation.hte import services as hte_services
from kechuang.cultivation.hte.models import PipelineEvent, Stage
from kechuang.enterprises.models import Qualification
from kechuang.enterprises.selectors import enterprise_list

from ..enterprises.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db
YEAR = 2026


def record(actor, enterprise, stage, day=1, **extra):
    return hte_services.event_record(
        actor=actor,
        enterprise=enterprise,
        year=YEAR,
        stage=stage,
        occurred_on=date(YEAR, 3, day),
        **extra,
    )


def test_the_full_path_to_recognition_creates_the_certificate(personas, registry):
    a = registry.a
    for day, stage in enumerate([Stage.POOL, Stage.TRAINED, Stage.GUIDED, Stage.VERIFIED], 1):
        record(personas.staff_a, a, stage, day)
    record(personas.staff_a, a, Stage.APPLIED, 5, batch=1)
    record(personas.staff_a, a, Stage.PUBLICISED, 6)
    record(
        personas.staff_a,
        a,
        Stage.RECOGNISED,
        7,
        certificate_number="GR202699000001",
        certificate_issued_on=date(YEAR, 3, 7),
    )
    certificate = Qualification.objects.get(enterprise=a, kind="hte")
    assert certificate.valid_until == date(YEAR + 3, 3, 6)
    assert hte_services.current_stage(hte_services.active_events(a.pk, YEAR)) == Stage.RECOGNISED
    # the registry sees the holder at once
    assert enterprise_list(user=personas.staff_a).get(pk=a.pk).is_hte
    # and the tech-SME engine's direct route (valid HTE certificate) sees it for the same year
    from kechuang.enterprises.facts import inputs_for
    from kechuang.rules import techsme

    facts = inputs_for([a], YEAR)[a.pk]["techsme"]
    assert facts.valid_hte is True
    direct = [c for c in techsme.assess(facts).criteria if c.code == "direct"]
    assert direct and direct[0].passed is True


@pytest.mark.parametrize(
    "stage,message",
    [
        (Stage.PUBLICISED, "须先有“申报”"),
        (Stage.RECOGNISED, "须先有“公示”"),
        (Stage.NOT_RECOGNISED, "须先有“公示”"),
    ],
)
def test_a_decision_needs_the_steps_before_it(personas, registry, stage, message):
    with pytest.raises(ValidationError) as info:
        record(
            personas.staff_a,
            registry.a,
            stage,
            certificate_number="X",
            certificate_issued_on=date(YEAR, 1, 1),
            reason="r",
        )
    assert message in info.value.message_dict["stage"][0]


def test_no_going_back_and_nothing_after_a_decision(personas, registry):
    record(personas.staff_a, registry.a, Stage.APPLIED, batch=2)
    with pytest.raises(ValidationError, match="不能再记录更早"):
        record(personas.staff_a, registry.a, Stage.TRAINED, 2)
    record(personas.staff_a, registry.a, Stage.PUBLICISED, 3)
    record(personas.staff_a, registry.a, Stage.NOT_RECOGNISED, 4, reason="研发费用比例不足")
    with pytest.raises(ValidationError, match="已有结论"):
        record(personas.staff_a, registry.a, Stage.PUBLICISED, 5)


def test_applied_needs_a_batch_and_recognised_a_certificate(personas, registry):
    with pytest.raises(ValidationError) as info:
        record(personas.staff_a, registry.a, Stage.APPLIED)
    assert "batch" in info.value.message_dict


def test_a_correction_supersedes_and_keeps_the_history(personas, registry):
    wrong = record(personas.staff_a, registry.a, Stage.APPLIED, batch=1)
    fixed = hte_services.event_correct(actor=personas.staff_a, event=wrong, batch=2)
    assert fixed.supersedes == wrong and fixed.batch == 2
    assert PipelineEvent.objects.filter(enterprise=registry.a).count() == 2
    assert [e.batch for e in hte_services.active_events(registry.a.pk, YEAR)] == [2]
    with pytest.raises(ValidationError, match="已被更正过"):
        hte_services.event_correct(actor=personas.staff_a, event=wrong, batch=3)


def test_one_training_for_many_enterprises_skips_those_already_further(personas, registry, regions):
    others = [EnterpriseFactory(region=regions.town_a) for _ in range(3)]
    record(personas.staff_a, others[0], Stage.APPLIED, batch=1)
    activity, skipped = hte_services.activity_record(
        actor=personas.staff_a,
        kind="training",
        title="高企认定培训",
        held_on=date(YEAR, 4, 1),
        enterprises=[registry.a, *others],
        year=YEAR,
        organisers="县科技局",
    )
    assert activity.enterprises.count() == 4
    assert len(skipped) == 1 and others[0].name in skipped[0]
    assert PipelineEvent.objects.filter(activity=activity, stage=Stage.TRAINED).count() == 3


def test_staff_cannot_record_for_another_county(personas, registry):
    with pytest.raises(PermissionDenied):
        record(personas.staff_a, registry.b, Stage.POOL)


def test_stage_counts_are_scoped_and_count_the_current_stage(personas, registry, regions):
    other = EnterpriseFactory(region=regions.town_a)
    record(personas.staff_a, registry.a, Stage.TRAINED)
    record(personas.staff_a, registry.a, Stage.APPLIED, 2, batch=1)
    record(personas.staff_a, other, Stage.TRAINED)
    record(None, registry.b, Stage.TRAINED)
    counts = hte_selectors.stage_counts(user=personas.staff_a, year=YEAR)
    assert counts["applied"] == 1 and counts["trained"] == 1 and counts["pool"] == 0


def test_pool_selection_records_a_training_and_the_board_counts_it(
    client, personas, registry, regions
):
    others = [EnterpriseFactory(region=regions.town_a) for _ in range(2)]
    client.force_login(personas.staff_a)
    ids = [registry.a.pk, *(o.pk for o in others)]
    form = client.get("/cultivation/activities/add/", {"enterprises": ids, "year": YEAR})
    assert "哈威机械有限公司" in form.content.decode()
    response = client.post(
        "/cultivation/activities/add/",
        {
            "enterprises": ids,
            "year": YEAR,
            "kind": "training",
            "title": "高企认定培训",
            "held_on": "2026-04-01",
            "organisers": "县科技局",
        },
        follow=True,
    )
    assert "3家企业进入“认定培训”环节" in response.content.decode()
    board = client.get("/cultivation/board/", {"year": YEAR})
    columns = {c["stage"]: len(c["events"]) for c in board.context["columns"]}
    assert columns["trained"] == 3 and columns["applied"] == 0


def test_recording_steps_on_the_report_page(client, personas, registry):
    client.force_login(personas.staff_a)
    url = f"/cultivation/enterprises/{registry.a.pk}/events/add/"
    client.post(url, {"year": YEAR, "stage": "applied", "occurred_on": "2026-05-01", "batch": 1})
    bad = client.post(
        url,
        {
            "year": YEAR,
            "stage": "recognised",
            "occurred_on": "2026-05-02",
            "certificate_number": "X",
            "certificate_issued_on": "2026-05-02",
        },
        follow=True,
    )
    assert "须先有“公示”" in bad.content.decode()
    page = client.get(f"/cultivation/enterprises/{registry.a.pk}/", {"year": YEAR})
    timeline = page.content.decode()
    assert "第1批申报" in timeline
    client.force_login(personas.leader)
    assert (
        client.post(url, {"year": YEAR, "stage": "pool", "occurred_on": "2026-05-01"}).status_code
        == 403
    )


def test_board_is_in_the_staff_navigation(client, personas):
    client.force_login(personas.staff_a)
    assert "/cultivation/board/" in client.get("/").content.decode()
    client.force_login(personas.enterprise_a)
    assert "/cultivation/board/" not in client.get("/").content.decode()


def test_pipeline_api_records_lists_and_enforces_the_rules(client, personas, registry):
    client.force_login(personas.staff_a)
    created = client.post(
        "/api/v1/pipeline-events/",
        {
            "enterprise": registry.a.pk,
            "year": YEAR,
            "stage": "applied",
            "occurred_on": "2026-05-01",
            "batch": 2,
        },
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["stage_display"] == "申报"
    refused = client.post(
        "/api/v1/pipeline-events/",
        {
            "enterprise": registry.a.pk,
            "year": YEAR,
            "stage": "trained",
            "occurred_on": "2026-05-02",
        },
        content_type="application/json",
    )
    assert (
        refused.status_code == 400
        and "不能再记录更早" in refused.json()["error"]["fields"]["stage"][0]
    )
    assert (
        client.post(
            "/api/v1/pipeline-events/",
            {
                "enterprise": registry.b.pk,
                "year": YEAR,
                "stage": "pool",
                "occurred_on": "2026-05-02",
            },
            content_type="application/json",
        ).status_code
        == 404
    )
    listed = client.get("/api/v1/pipeline-events/", {"year": YEAR}).json()
    assert listed["count"] == 1
    activity = client.post(
        "/api/v1/activities/",
        {
            "kind": "guidance",
            "title": "联合现场指导",
            "held_on": "2026-04-02",
            "year": YEAR,
            "organisers": "县科技局、县财政局",
            "enterprises": [registry.a.pk, registry.b.pk],
        },
        content_type="application/json",
    )
    body = activity.json()
    assert activity.status_code == 201 and body["enterprises"] == [registry.a.pk]  # B invisible
    assert len(body["skipped"]) == 2  # A is already at "applied"; B is out of scope (unnamed)
    assert "CANARY" not in str(body)


def test_overdue_against_the_batch_calendar_on_board_and_in_reminders(client, personas, registry):
    from kechuang.core.models import Batch, Notification
    from kechuang.cultivation import reminders
    from kechuang.cultivation.hte.selectors import overdue_reason

    a = registry.a
    pooled = record(personas.staff_a, a, Stage.POOL, 1)
    batches = [
        Batch.objects.create(
            kind="hte",
            year=YEAR,
            number=1,
            closes_on=date(YEAR, 6, 30),
            publicise_by=date(YEAR, 9, 30),
        ),
        Batch.objects.create(kind="hte", year=YEAR, number=2, closes_on=date(YEAR, 8, 31)),
    ]
    assert overdue_reason(pooled, batches, date(YEAR, 8, 31)) is None
    assert "均已截止" in str(overdue_reason(pooled, batches, date(YEAR, 9, 1)))
    applied = record(personas.staff_a, a, Stage.APPLIED, 5, batch=1)
    assert overdue_reason(applied, batches, date(YEAR, 9, 30)) is None
    assert "尚无公示记录" in str(overdue_reason(applied, batches, date(YEAR, 10, 1)))
    # reminders: sent once for the late step, to the county's staff only
    assert reminders.run(date(YEAR, 10, 1))["pipeline_overdue"] == 1
    assert reminders.run(date(YEAR, 10, 2))["pipeline_overdue"] == 0
    assert Notification.objects.filter(user=personas.staff_a, title__contains="逾期").exists()
    assert not Notification.objects.filter(user=personas.staff_b).exists()


def test_board_shows_the_calendar_and_staff_enter_a_batch(client, personas, registry):
    client.force_login(personas.staff_a)
    page = client.get(f"/cultivation/board/?year={YEAR}").content.decode()
    assert f"尚未录入{YEAR}年申报批次" in page
    refused = client.post(
        "/cultivation/board/batches/add/",
        {"year": YEAR, "number": 1, "closes_on": f"{YEAR}-06-30", "publicise_by": f"{YEAR}-06-01"},
        follow=True,
    )
    assert "公示日期不能早于申报截止日期" in refused.content.decode()
    client.post(
        "/cultivation/board/batches/add/",
        {"year": YEAR, "number": 1, "closes_on": f"{YEAR}-06-30"},
    )
    page = client.get(f"/cultivation/board/?year={YEAR}").content.decode()
    assert "2026年第1批" in page and "06-30截止" in page


def test_pipeline_list_filters_and_exports(client, personas, registry):
    from io import BytesIO

    from openpyxl import load_workbook

    other = EnterpriseFactory(name="列表乙企业有限公司", region=registry.a.region)
    record(personas.staff_a, registry.a, Stage.POOL, 1)
    record(personas.staff_a, registry.a, Stage.APPLIED, 2, batch=2)
    record(personas.staff_a, other, Stage.POOL, 1)
    record(personas.staff_b, registry.b, Stage.POOL, 1)
    client.force_login(personas.staff_a)
    page = client.get("/cultivation/pipeline/", {"year": YEAR}).content.decode()
    assert "哈威机械有限公司" in page and "列表乙企业有限公司" in page and "CANARY-B" not in page
    page = client.get("/cultivation/pipeline/", {"year": YEAR, "stage": "applied"}).content.decode()
    assert "哈威机械有限公司" in page and "列表乙企业有限公司" not in page
    page = client.get("/cultivation/pipeline/", {"year": YEAR, "batch": 1}).content.decode()
    assert "没有符合条件的企业" in page
    response = client.get("/cultivation/pipeline/export/", {"year": YEAR, "stage": "pool"})
    rows = list(load_workbook(BytesIO(response.content)).worksheets[0].values)
    assert [r[0] for r in rows[1:]] == ["列表乙企业有限公司"]
    assert rows[1][3] == "培育入库"


def test_a_step_carries_an_attachment_only_visible_in_scope(client, personas, registry):
    from django.core.files.uploadedfile import SimpleUploadedFile

    a = registry.a
    client.force_login(personas.staff_a)
    refused = client.post(
        f"/cultivation/enterprises/{a.pk}/events/add/",
        {
            "year": YEAR,
            "stage": "pool",
            "occurred_on": f"{YEAR}-03-01",
            "attachment": SimpleUploadedFile("run.exe", b"MZ..."),
        },
        follow=True,
    )
    assert "附件" in refused.content.decode() and "exe" in refused.content.decode()
    assert not PipelineEvent.objects.exists()
    client.post(
        f"/cultivation/enterprises/{a.pk}/events/add/",
        {
            "year": YEAR,
            "stage": "pool",
            "occurred_on": f"{YEAR}-03-01",
            "attachment": SimpleUploadedFile("入库通知.pdf", b"%PDF-1.4 demo"),
        },
    )
    event = PipelineEvent.objects.get()
    url = f"/cultivation/events/{event.pk}/attachment/"
    assert url in client.get(f"/cultivation/enterprises/{a.pk}/?year={YEAR}").content.decode()
    response = client.get(url)
    assert b"".join(response.streaming_content) == b"%PDF-1.4 demo"
    client.force_login(personas.staff_b)
    assert client.get(url).status_code == 404
    client.force_login(personas.enterprise_a)
    assert client.get(url).status_code == 403
