"""Enterprise service (issue #20): visits with the year's questionnaire raising red flags,
the need loop 受理→交办→处置→反馈→办结 with the enterprise's rating, the leader's page,
reminders, one enterprise one plan (.docx), files, and the report's plans §三(一)(二)."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from docx import Document

from kechuang.core import figures, reminders
from kechuang.core.models import Notification
from kechuang.core.periods import Period
from kechuang.dataio import services as dataio
from kechuang.dataio.models import BatchStatus
from kechuang.enterprises.models import Qualification
from kechuang.reports.compose import Composer
from kechuang.support import services
from kechuang.support.models import Flag, Liaison, Visit
from kechuang.talent import services as talent
from kechuang.talent.models import TechNeed

from ..factories import UserFactory
from ..support.sheets import WRITERS, file_name

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
YEAR = TODAY.year


@pytest.fixture
def survey(regions):
    """This year's questionnaire of county A: R&D plans (减少 flags), relocation (是 flags),
    HTE renewal (否 flags, only when the certificate expires by next year's end)."""
    made = {}
    for order, (key, text, kind, options, flagged, label, when) in enumerate(
        (
            (
                "rd",
                "明年研发投入计划",
                "choice",
                "增加、持平、减少",
                "减少",
                "计划削减研发投入",
                "always",
            ),
            ("move", "是否考虑外迁", "yes_no", "", "是", "考虑外迁", "always"),
            (
                "hte",
                "高企证书到期后是否计划重新认定",
                "yes_no",
                "",
                "否",
                "高企证书即将到期且无重新认定计划",
                "hte_expiring",
            ),
            ("talent", "急需引进的人才（人）", "number", "", "", "", "always"),
        ),
        1,
    ):
        made[key] = services.question_create(
            actor=None,
            year=YEAR,
            region=regions.county_a,
            order=order,
            topic="rd",
            text=text,
            kind=kind,
            options=options,
            flag_answers=flagged,
            flag_label=label,
            flag_when=when,
        )
    return made


def visit(actor, enterprise, answers, on=None, **extra):
    return services.visit_create(
        actor=actor,
        visited_on=on or TODAY - timedelta(days=2),
        enterprise=enterprise,
        kind="survey",
        answers=answers,
        **extra,
    )


def test_answers_raise_red_flags_and_the_hte_flag_only_when_it_expires(personas, registry, survey):
    answers = {
        str(survey["rd"].pk): "减少",
        str(survey["move"].pk): "否",
        str(survey["hte"].pk): "否",
        str(survey["talent"].pk): "3",
    }
    first = visit(personas.staff_a, registry.a, answers)
    assert list(first.flags.values_list("label", flat=True)) == ["计划削减研发投入"]
    assert list(first.visitors.all()) == [personas.staff_a]  # no visitor named: the recorder
    Qualification.objects.create(
        enterprise=registry.a,
        kind="hte",
        number="GR1",
        year=YEAR - 2,
        issued_on=date(YEAR - 2, 12, 1),
        valid_until=date(YEAR + 1, 11, 30),
    )
    second = visit(personas.staff_a, registry.a, answers, on=TODAY)
    assert sorted(second.flags.values_list("label", flat=True)) == [
        "计划削减研发投入",
        "高企证书即将到期且无重新认定计划",
    ]
    # a correction of the answer takes the open flag away; a followed-up one stays
    flag = second.flags.get(label="计划削减研发投入")
    services.flag_resolve(
        actor=personas.staff_a,
        flag=flag,
        version=flag.version,
        resolved_on=TODAY,
        resolution="企业解释为统计口径变化",
    )
    services.visit_update(
        actor=personas.staff_a,
        visit=second,
        version=second.version,
        answers={**answers, str(survey["rd"].pk): "增加", str(survey["hte"].pk): "是"},
    )
    assert list(Flag.objects.filter(visit=second).values_list("label", "resolved_on")) == [
        ("计划削减研发投入", TODAY)
    ]


def test_a_wrong_answer_is_refused_naming_the_question(personas, registry, survey):
    with pytest.raises(ValidationError, match="第1题“明年研发投入计划”的答案“大减”不是选项之一"):
        visit(personas.staff_a, registry.a, {str(survey["rd"].pk): "大减"})
    with pytest.raises(
        ValidationError, match="第4题“急需引进的人才（人）”须填写数值（填写的是“三个”）"
    ):
        visit(personas.staff_a, registry.a, {str(survey["talent"].pk): "三个"})
    last_year = services.question_create(
        actor=None,
        year=YEAR - 1,
        region=survey["rd"].region,
        text="旧题",
        kind="text",
        topic="other",
    )
    with pytest.raises(ValidationError, match="不是该企业走访当年适用的题目"):
        visit(personas.staff_a, registry.a, {str(last_year.pk): "答"})
    assert not Visit.objects.exists()
    with pytest.raises(PermissionDenied):
        visit(personas.staff_b, registry.a, {})  # another county's enterprise


def test_the_visit_page_asks_the_questionnaire_and_files_needs_in_the_pool(
    client, personas, registry, survey
):
    client.force_login(personas.staff_a)
    form = client.get("/support/add/").content.decode()
    assert "明年研发投入计划" in form and "是否考虑外迁" in form
    response = client.post(
        "/support/add/",
        {
            "visited_on": TODAY.isoformat(),
            "enterprise": registry.a.pk,
            "kind": "survey",
            "visitors": [personas.staff_a.pk, personas.leader.pk],
            f"q_{survey['move'].pk}": "是",
            "new_needs": "生产线自动化改造\n检测设备不足",
        },
    )
    assert response.status_code == 302, response.content.decode()[:800]
    made = Visit.objects.get()
    assert set(made.visitors.all()) == {personas.staff_a, personas.leader}
    assert list(made.flags.values_list("label", flat=True)) == ["考虑外迁"]
    needs = TechNeed.objects.order_by("pk")
    assert [(n.title, n.source, n.status) for n in needs] == [
        ("生产线自动化改造", "visit", "accepted"),
        ("检测设备不足", "visit", "accepted"),
    ]
    detail = client.get(made.get_absolute_url()).content.decode()
    assert "考虑外迁" in detail and "生产线自动化改造" in detail
    by_leader = client.get("/support/", {"visitor": personas.leader.pk})
    assert by_leader.context["table"].paginator.count == 1
    others = services.visit_create(
        actor=personas.staff_a, visited_on=TODAY, enterprise=registry.a, answers={}
    )
    assert others.pk not in [r.record.pk for r in by_leader.context["table"].page.object_list]
    assert (
        client.get("/support/", {"visitor": personas.leader.pk}).context["table"].paginator.count
        == 1
    )
    flags = client.get("/support/flags/", {"open": "1"}).content.decode()
    assert "考虑外迁" in flags and registry.a.name in flags
    # the enterprise never sees the bureau's visit notes and flags
    client.force_login(personas.enterprise_a)
    assert client.get(made.get_absolute_url()).status_code == 403
    assert client.get("/api/v1/visit-flags/").status_code == 403


def test_the_need_loop_from_the_portal_to_a_rated_close(client, personas, registry):
    client.force_login(personas.enterprise_a)
    client.post(
        "/talent/needs/add/",
        {"title": "污水处理成本高", "description": "希望降低处理成本", "tags": "环保"},
    )
    need = TechNeed.objects.get()
    assert (need.source, need.status, need.enterprise) == ("portal", "submitted", registry.a)
    # the enterprise cannot move its own need along the bureau's steps
    with pytest.raises(PermissionDenied):
        talent.need_advance(actor=personas.enterprise_a, need=need, to="accepted", on=TODAY)
    staff = personas.staff_a
    talent.need_advance(actor=staff, need=need, to="accepted", on=TODAY)
    with pytest.raises(ValidationError) as missing:
        talent.need_advance(actor=staff, need=need, to="assigned", on=TODAY)
    assert "交办须填写承办人或部门。" in str(missing.value)
    assert "交办须填写办理时限。" in str(missing.value)
    with pytest.raises(ValidationError, match="办理时限不能早于交办日期"):
        talent.need_advance(
            actor=staff,
            need=need,
            to="assigned",
            on=TODAY,
            assignee="县生态环境局",
            deadline=TODAY - timedelta(days=1),
        )
    talent.need_advance(
        actor=staff,
        need=need,
        to="assigned",
        on=TODAY,
        assignee="县生态环境局",
        deadline=TODAY + timedelta(days=10),
    )
    period = Period.year_of(YEAR)
    with pytest.raises(ValidationError, match="反馈须填写处置结果"):
        talent.need_advance(actor=staff, need=need, to="answered", on=TODAY)
    talent.need_advance(
        actor=staff, need=need, to="answered", on=TODAY, answer="已对接环保专家，提出改造方案"
    )
    # the enterprise rates the answer in the portal: that closes the need
    client.force_login(personas.enterprise_a)
    page = client.get(need.get_absolute_url()).content.decode()
    assert "已对接环保专家" in page and 'data-testid="need-advance-form"' in page
    rated = client.post(
        f"/talent/needs/{need.pk}/advance/",
        {"to": "closed", "on": TODAY.isoformat(), "satisfaction": "5", "comment": "很及时"},
    )
    assert rated.status_code == 302
    need.refresh_from_db()
    assert (need.status, need.satisfaction, need.comment) == ("closed", 5, "很及时")
    states = list(need.events.values_list("state", flat=True))
    assert states == ["submitted", "accepted", "assigned", "answered", "closed"]
    closed = figures.compute("support.needs_closed", user=staff, region=staff.region, period=period)
    assert (closed.value, closed.facts["rate"]) == (1, 100.0)
    assert (
        figures.compute(
            "support.needs_overdue", user=staff, region=staff.region, period=period
        ).value
        == 0
    )  # answered since: no longer late today
    # another enterprise cannot rate it, nor see it
    client.force_login(personas.enterprise_b)
    assert client.get(need.get_absolute_url()).status_code == 404
    assert client.post(f"/talent/needs/{need.pk}/advance/", {"to": "closed"}).status_code == 404


def test_a_need_becomes_a_proposal_keeping_its_history(client, personas, registry):
    need = talent.need_create(
        actor=personas.staff_a, enterprise=registry.a, title="新产品配方研发", description="配方"
    )
    client.force_login(personas.staff_a)
    response = client.post(f"/projects/from-need/{need.pk}/")
    assert response.status_code == 302
    proposal = need.proposals.get()
    assert (proposal.title, proposal.enterprise, proposal.kind) == (
        "新产品配方研发",
        registry.a,
        "enterprise_rd",
    )
    need.refresh_from_db()
    assert need.status == "accepted" and need.events.count() == 1
    assert proposal.title in client.get(need.get_absolute_url()).content.decode()


def test_the_leader_page_shows_visits_needs_gaps_and_flags(client, personas, registry, survey):
    from kechuang.cultivation.hte.models import Activity

    other = registry.a.__class__.objects.create(
        name="久未走访机械有限公司",
        uscc="91990101MA0000001X",
        region=registry.a.region,
    )
    for firm in (registry.a, other):
        services.liaison_create(
            actor=personas.staff_a,
            leader=personas.leader,
            enterprise=firm,
            since=TODAY - timedelta(days=200),
            interval_days=90,
        )
    guidance = Activity.objects.create(
        kind="guidance",
        title="联合现场指导",
        held_on=TODAY - timedelta(days=10),
        region=registry.a.region.parent,
    )
    guidance.enterprises.add(registry.a)  # the pipeline's visit counts as a visit
    visit(
        personas.staff_a,
        registry.a,
        {str(survey["move"].pk): "是"},
        on=TODAY - timedelta(days=30),
        visitors=[personas.leader],
    )
    talent.need_create(
        actor=personas.staff_a, enterprise=registry.a, title="检测设备不足", description="设备"
    )
    client.force_login(personas.leader)
    mine = client.get("/support/leaders/mine/")
    assert mine.status_code == 302 and mine.url == f"/support/leaders/{personas.leader.pk}/"
    page = client.get(mine.url).content.decode()
    rows = page.split('data-testid="leader-enterprises"')[1]
    assert rows.index("久未走访机械有限公司") < rows.index(registry.a.name)  # overdue first
    assert "到期未走访" in rows
    assert (TODAY - timedelta(days=10)).isoformat() in rows  # last visit: the guidance
    assert "考虑外迁" in rows
    assert "记录走访" not in page  # leaders read; staff record
    client.force_login(personas.staff_b)
    assert client.get(mine.url).status_code == 404  # another county's leader


def test_reminders_for_due_visits_late_needs_and_plan_reviews(personas, registry):
    services.liaison_create(
        actor=None,
        leader=personas.leader,
        enterprise=registry.a,
        since=TODAY - timedelta(days=100),
        interval_days=30,
    )
    need = talent.need_create(
        actor=None,
        enterprise=registry.a,
        title="设备能耗偏高",
        description="节能",
        on=TODAY - timedelta(days=12),
    )
    talent.need_advance(
        actor=None,
        need=need,
        to="assigned",
        on=TODAY - timedelta(days=10),
        assignee="县工信局",
        deadline=TODAY - timedelta(days=2),
    )
    services.plan_create(
        actor=None,
        enterprise=registry.a,
        year=YEAR,
        owner=personas.staff_a,
        review_on=TODAY,
    )
    need.refresh_from_db()
    assert need.overdue_on(TODAY)
    late = figures.compute(
        "support.needs_overdue",
        user=personas.staff_a,
        region=personas.staff_a.region,
        period=Period.year_of(YEAR),
    )
    assert late.value == 1
    counts = reminders.run_all(TODAY)
    assert (counts["liaison_due"], counts["need_overdue"], counts["plan_review"]) == (1, 1, 1)
    titles = set(Notification.objects.values_list("user__username", "title"))
    assert ("p-leader", f"联系企业{registry.a.name}已超过30天未走访") in titles
    assert ("p-staff-a", "技术需求“设备能耗偏高”已超过办理时限") in titles
    assert reminders.run_all(TODAY)["liaison_due"] == 0  # once per occasion


def test_a_plan_is_assembled_from_gaps_needs_and_flags_and_prints(
    client, personas, registry, survey
):
    from kechuang.cultivation.assessments.models import Assessment

    Assessment.objects.create(
        enterprise=registry.a,
        rule="hte",
        year=YEAR,
        rule_version="2016",
        verdict="fail",
        gap_codes="|rd_ratio|",
        gap_count=1,
        result={"gaps": [{"code": "rd_ratio", "explanation": "研发费用占比2.1%，须不低于5%"}]},
    )
    talent.need_create(actor=None, enterprise=registry.a, title="缺少研发人员", description="人才")
    visit(personas.staff_a, registry.a, {str(survey["move"].pk): "是"})
    client.force_login(personas.staff_a)
    made = client.post(
        "/support/plans/add/",
        {
            "enterprise": registry.a.pk,
            "year": YEAR,
            "owner": personas.staff_a.pk,
            "review_every": 90,
        },
    )
    assert made.status_code == 302, made.content.decode()[:600]
    plan = (
        registry.a.__class__.objects.get(pk=registry.a.pk)
        and __import__(
            "kechuang.support.models", fromlist=["EnterprisePlan"]
        ).EnterprisePlan.objects.get()
    )
    measures = list(plan.measures.values_list("source", "measure"))
    assert measures == [
        ("gap", "高新技术企业认定：研发费用占比2.1%，须不低于5%"),
        ("need", "解决技术需求“缺少研发人员”（已受理）"),
        ("flag", "跟进走访预警：考虑外迁"),
    ]
    assert plan.review_on == TODAY + timedelta(days=90)
    document = client.get(f"/support/plans/{plan.pk}/plan.docx")
    assert document.status_code == 200
    doc = Document(io.BytesIO(document.content))
    cells = [c.text for row in doc.tables[0].rows for c in row.cells]
    assert "跟进走访预警：考虑外迁" in cells and "责任人或部门" in cells
    assert any("一企一策" in p.text for p in doc.paragraphs)
    reviewed = client.post(f"/support/plans/{plan.pk}/review/", {"on": TODAY.isoformat()})
    assert reviewed.status_code == 302
    plan.refresh_from_db()
    assert (plan.reviewed_on, plan.review_on) == (TODAY, TODAY + timedelta(days=90))


def test_the_report_plans_tell_visits_plans_needs_and_liaison(personas, registry, survey):
    visit(personas.staff_a, registry.a, {}, on=date(YEAR, 1, 5))
    visit(personas.staff_a, registry.a, {}, on=date(YEAR, 1, 6))
    services.plan_create(actor=None, enterprise=registry.a, year=YEAR, owner=personas.staff_a)
    need = talent.need_create(
        actor=None, enterprise=registry.a, title="配方研发", description="配方"
    )
    talent.need_advance(
        actor=None, need=need, to="assigned", on=TODAY, assignee="专家", deadline=TODAY
    )
    talent.need_advance(actor=None, need=need, to="answered", on=TODAY, answer="已解决")
    talent.need_advance(actor=None, need=need, to="closed", on=TODAY, satisfaction=4)
    services.liaison_create(
        actor=None, leader=personas.leader, enterprise=registry.a, since=date(YEAR, 1, 1)
    )
    plans = Composer(
        user=personas.staff_a, region=personas.staff_a.region, period=Period.year_of(YEAR)
    ).context()["plans"]
    first = plans[0]
    assert first.startswith("（一）靠上服务，加强指导。")
    assert f"（{YEAR}年走访企业1家、2家次）" in first
    assert "对哈威机械等1家企业的培育方案按期复核" in first
    assert "受理企业技术难题和需求1项，办结1项，企业满意率100%" in first
    liaison = next(p for p in plans if "班子成员联系服务企业" in p)
    assert "1名班子成员联系服务1家企业" in liaison


@pytest.mark.parametrize("kind", ["xlsx", "xls", "csv-gbk"])
def test_a_visit_log_file_names_its_visitors_and_refuses_strangers(
    personas, registry, regions, kind
):
    header = [
        "统一社会信用代码",
        "企业名称",
        "走访日期",
        "走访类型",
        "走访人员",
        "联合部门",
        "走访情况",
    ]
    stranger = UserFactory(username="p-staff-x", roles=["staff"], region=regions.county_b)
    stranger.full_name = "外县人员"
    stranger.save()
    personas.leader.full_name = "王局长"
    personas.leader.save()

    def upload(rows):
        return dataio.batch_upload(
            actor=personas.staff_a,
            sheet="support_visits",
            file_name=file_name(kind),
            data=WRITERS[kind]([header, *rows]),
        )

    a = registry.a
    bad = upload(
        [
            [a.uscc, a.name, date(YEAR, 3, 1), "常态化走访调研", "外县人员", "", ""],
            [registry.b.uscc, registry.b.name, date(YEAR, 3, 1), "", "", "", ""],
        ]
    )
    assert bad.status == BatchStatus.INVALID
    errors = {(e["row"], e["column"]): str(e["reason"]) for e in bad.errors}
    assert "“外县人员”不是您管辖范围内的科技局工作人员或局领导" in errors[(2, "走访人员")]
    assert "该企业不在您的管辖范围内" in errors[(3, "统一社会信用代码")]
    assert not Visit.objects.exists()
    good = upload(
        [[a.uscc, a.name, date(YEAR, 3, 1), "联合核实", "王局长、p-staff-a", "县税务局", "核实"]]
    )
    assert good.status == BatchStatus.READY, good.errors
    dataio.batch_commit(actor=personas.staff_a, batch=good)
    made = Visit.objects.get()
    assert made.kind == "verification"
    assert set(made.visitors.all()) == {personas.leader, personas.staff_a}


def test_exported_visits_and_liaisons_import_back_unchanged(client, personas, registry):
    visit(personas.staff_a, registry.a, {}, visitors=[personas.leader])
    services.liaison_create(
        actor=None, leader=personas.leader, enterprise=registry.a, since=date(YEAR, 1, 1)
    )
    client.force_login(personas.staff_a)
    for sheet, url in (
        ("support_visits", "/support/export/"),
        ("support_liaisons", "/support/liaisons/export/"),
    ):
        export = client.get(url, {"year": TODAY.year})
        batch = dataio.batch_upload(
            actor=personas.staff_a, sheet=sheet, file_name="back.xlsx", data=export.content
        )
        assert batch.status == BatchStatus.READY, (sheet, batch.errors)
        assert (batch.unchanged_count, batch.created_count) == (1, 0), sheet
    assert Liaison.objects.count() == 1


def test_a_liaison_needs_a_leader_of_the_enterprise_region(personas, registry, regions):
    with pytest.raises(ValidationError, match="不是局领导账号"):
        services.liaison_create(
            actor=None, leader=personas.staff_a, enterprise=registry.a, since=TODAY
        )
    far = UserFactory(username="p-leader-b", roles=["leader"], region=regions.county_b)
    with pytest.raises(ValidationError, match="不负责该企业所在区划"):
        services.liaison_create(actor=None, leader=far, enterprise=registry.a, since=TODAY)


def test_the_need_loop_through_the_api_keeps_each_side_to_its_steps(client, personas, registry):
    need = talent.need_create(
        actor=personas.staff_a, enterprise=registry.a, title="新产品配方研发", description="配方"
    )
    client.force_login(personas.staff_a)
    url = "/api/v1/need-events/"
    missing = client.post(
        url,
        {"need": need.pk, "state": "assigned", "occurred_on": TODAY.isoformat()},
        content_type="application/json",
    )
    assert missing.status_code == 400 and "交办须填写承办人或部门" in missing.content.decode()
    for body in (
        {"state": "assigned", "assignee": "县工信局", "deadline": TODAY.isoformat()},
        {"state": "answered", "answer": "已提供配方优化建议"},
    ):
        made = client.post(
            url,
            {"need": need.pk, "occurred_on": TODAY.isoformat(), **body},
            content_type="application/json",
        )
        assert made.status_code == 201, made.content
    client.force_login(personas.enterprise_b)
    foreign = client.post(
        url,
        {"need": need.pk, "state": "closed", "occurred_on": TODAY.isoformat(), "satisfaction": 1},
        content_type="application/json",
    )
    assert foreign.status_code in (400, 404)
    client.force_login(personas.enterprise_a)
    rated = client.post(
        url,
        {
            "need": need.pk,
            "state": "closed",
            "occurred_on": TODAY.isoformat(),
            "satisfaction": 4,
            "comment": "满意",
        },
        content_type="application/json",
    )
    assert rated.status_code == 201, rated.content
    need.refresh_from_db()
    assert (need.status, need.satisfaction, need.comment) == ("closed", 4, "满意")
    listed = client.get("/api/v1/needs/").json()["results"]
    assert [(n["id"], n["status"]) for n in listed] == [(need.pk, "closed")]


def test_a_need_counts_in_the_period_it_was_raised_not_when_typed_in(personas, registry):
    """A need from last December's visit, entered today, belongs to last year's figures."""
    late = talent.need_create(
        actor=personas.staff_a,
        enterprise=registry.a,
        title="去年走访时提出的需求",
        description="补录",
        on=date(YEAR - 1, 12, 20),
    )
    talent.need_create(
        actor=personas.staff_a, enterprise=registry.a, title="今年的需求", description="新"
    )
    assert late.raised_on == date(YEAR - 1, 12, 20)

    def received(year):
        return figures.compute(
            "support.needs_received",
            user=personas.staff_a,
            region=personas.staff_a.region,
            period=Period.year_of(year),
        ).value

    assert (received(YEAR - 1), received(YEAR)) == (1, 1)


def test_api_answers_are_bounded_and_must_be_a_mapping(personas, registry, survey):
    with pytest.raises(ValidationError, match="须按“题目编号: 答案”填写"):
        visit(personas.staff_a, registry.a, ["减少"])
    text = services.question_create(
        actor=None,
        year=YEAR,
        region=survey["rd"].region,
        order=9,
        text="困难",
        kind="text",
        topic="problem",
    )
    with pytest.raises(ValidationError, match="答案超过300个字符"):
        visit(personas.staff_a, registry.a, {str(text.pk): "难" * 301})
    assert not Visit.objects.exists()
