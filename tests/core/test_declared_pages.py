"""The generic tests every declared model gets (core.pages, issue #13).

A new declaration gets all of them by one line in ``SAMPLES``: how to make one of its rows for
an enterprise. The test that every declaration has a sample keeps that line from being forgotten.
"""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kechuang.core.access import rule_for
from kechuang.core.pages import DECLARED, ModelPages
from kechuang.core.scoping import user_roles

from ..enterprises.factories import EnterpriseFactory


def _enterprise(enterprise: Any) -> Any:
    return enterprise


def _assessment(enterprise: Any) -> Any:
    from kechuang.cultivation.assessments import services
    from kechuang.cultivation.assessments.selectors import default_year

    rows = services.assess_one(actor=None, enterprise=enterprise, year=default_year())
    return next(a for a in rows if a.rule == "hte")


def _sme_registration(enterprise: Any) -> Any:
    from django.utils import timezone

    from kechuang.cultivation.techsme.models import SmeRegistration, SmeStatus

    today = timezone.localdate()
    return SmeRegistration.objects.create(
        enterprise=enterprise, year=today.year, status=SmeStatus.MOBILISED, status_on=today
    )


def _pipeline_event(enterprise: Any) -> Any:
    from django.utils import timezone

    from kechuang.cultivation.hte.models import PipelineEvent, Stage

    today = timezone.localdate()
    return PipelineEvent.objects.create(
        enterprise=enterprise, year=today.year, stage=Stage.POOL, occurred_on=today
    )


def _certificate(enterprise: Any) -> Any:
    from datetime import timedelta

    from django.utils import timezone

    from kechuang.enterprises.models import Qualification

    today = timezone.localdate()
    return Qualification.objects.create(
        enterprise=enterprise,
        kind="hte",
        number="GR-SAMPLE",
        issued_on=today - timedelta(days=400),
        valid_until=today + timedelta(days=700),
    )


def _campaign(enterprise: Any) -> Any:
    """A new campaign of the enterprise's county (a campaign is per county and year)."""
    from kechuang.rdstats.models import SurveyCampaign

    county = enterprise.region.parent
    taken = SurveyCampaign.objects.filter(region=county).values_list("year", flat=True)
    year = min([2025, *taken]) - 1 if taken else 2025
    return SurveyCampaign.objects.create(region=county, year=year, deadline=f"{year + 1}-03-31")


def _survey_form(enterprise: Any) -> Any:
    """A form in its county's one test campaign (so the forms share one nested list)."""
    from kechuang.rdstats.models import SurveyCampaign, SurveyForm

    county = enterprise.region.parent
    campaign = SurveyCampaign.objects.filter(region=county, year=2025).first()
    if campaign is None:
        campaign = SurveyCampaign.objects.create(region=county, year=2025, deadline="2026-03-31")
    return SurveyForm.objects.create(campaign=campaign, enterprise=enterprise)


def _nomination(enterprise: Any) -> Any:
    from kechuang.example import services

    return services.nomination_create(
        actor=None,
        on=date(2026, 3, 1),
        enterprise=enterprise,
        title=f"{enterprise.name}成果",
        award="municipal",
    )


def _platform(enterprise: Any) -> Any:
    from kechuang.platforms import services

    return services.platform_create(
        actor=None,
        on=date(2026, 3, 1),
        status="planning",
        name=f"{enterprise.name}众创空间",
        kind=services.default_kinds()["众创空间"],
        host_enterprise=enterprise,
        region=enterprise.region,
    )


def _institution(enterprise: Any) -> Any:
    """An institution kept by the enterprise's county (named after the enterprise, so the
    list shows which county's directory it is in)."""
    from kechuang.talent import services

    return services.institution_create(
        actor=None,
        name=f"{enterprise.name}合作大学",
        kind="university",
        region=enterprise.region.parent,
    )


def _expert(enterprise: Any) -> Any:
    from kechuang.talent import services

    return services.expert_create(
        actor=None,
        name=f"{enterprise.name[:6]}专家",
        title="教授",
        institution=_institution(enterprise),
        fields="复合材料",
        phone="13912345678",
    )


def _cooperation(enterprise: Any) -> Any:
    from kechuang.talent import services

    return services.cooperation_create(
        actor=None,
        on=date(2026, 3, 1),
        enterprise=enterprise,
        institution=_institution(enterprise),
        project=f"{enterprise.name}合作项目",
    )


def _trip(enterprise: Any) -> Any:
    """A matching trip organised by the enterprise's county."""
    from kechuang.talent import services

    return services.trip_create(
        actor=None,
        title=f"{enterprise.name}赴大学对接",
        started_on=date(2026, 3, 1),
        ended_on=date(2026, 3, 2),
        region=enterprise.region.parent,
    )


def _need(enterprise: Any) -> Any:
    from kechuang.talent import services

    return services.need_create(
        actor=None,
        enterprise=enterprise,
        title=f"{enterprise.name}的技术需求",
        description="复合材料构件成型良率低",
    )


def _plan(enterprise: Any) -> Any:
    from kechuang.talent import services

    return services.plan_create(
        actor=None,
        year=2027,
        enterprise=enterprise,
        institution=_institution(enterprise),
        topic="技术和项目对接",
    )


def _call(enterprise: Any) -> Any:
    """A call for proposals organised by the enterprise's county."""
    from kechuang.projects import services

    return services.call_create(
        actor=None,
        title=f"{enterprise.name}所在县重点研发计划征集",
        programme="省重点研发计划",
        level="provincial",
        kind="enterprise_rd",
        opens_on=date(2026, 3, 1),
        deadline=date(2026, 4, 30),
        region=enterprise.region.parent,
    )


def _proposal(enterprise: Any) -> Any:
    from kechuang.projects import services

    return services.proposal_create(
        actor=None,
        on=date(2026, 3, 10),
        enterprise=enterprise,
        call=_call(enterprise),
        title=f"{enterprise.name}研发项目",
        budget=Decimal("1000000"),
        requested_funds=Decimal("300000"),
    )


def _application(enterprise: Any) -> Any:
    from kechuang.projects import services

    return services.application_create(
        actor=None,
        year=2026,
        programme="industry_leading",
        person=f"{enterprise.name[:4]}领军人才",
        enterprise=enterprise,
        status_on=date(2026, 3, 1),
    )


def _entry(enterprise: Any) -> Any:
    from kechuang.projects import services

    return services.entry_create(
        actor=None,
        year=2026,
        competition="省创新创业大赛",
        level="provincial",
        enterprise=enterprise,
        project=f"{enterprise.name}参赛项目",
    )


def _introduced(enterprise: Any) -> Any:
    from kechuang.projects import services

    return services.talent_create(
        actor=None,
        name=f"{enterprise.name[:4]}博士",
        category="博士",
        enterprise=enterprise,
        introduced_on=date(2026, 5, 1),
    )


def _document(enterprise: Any) -> Any:
    from kechuang.projects import services

    return services.document_create(
        actor=None,
        title=f"{enterprise.name}所在县科技成就奖评选表彰办法",
        drafted_on=date(2026, 6, 1),
        region=enterprise.region.parent,
    )


def _commissioner(enterprise: Any) -> Any:
    from kechuang.rural import services

    return services.commissioner_create(
        actor=None,
        name=f"{enterprise.name[:4]}特派员",
        unit="县农业农村局",
        region=enterprise.region.parent,
        phone="13912345678",
    )


def _notice(enterprise: Any) -> Any:
    from kechuang.rural import services

    return services.notice_issue(
        actor=None,
        title=f"关于调整{enterprise.name[:4]}科技特派员名单的通知",
        issued_on=date(2026, 3, 1),
        region=enterprise.region.parent,
        added=[_commissioner(enterprise)],
    )


def _key_village(enterprise: Any) -> Any:
    from kechuang.accounts.choices import RegionLevel
    from kechuang.rural import services

    from ..factories import RegionFactory

    town = enterprise.region
    village = RegionFactory(
        code=f"{town.code}{enterprise.pk % 1000:03d}",
        name=f"{enterprise.name[:4]}村",
        level=RegionLevel.VILLAGE,
        parent=town,
    )
    return services.key_village_create(actor=None, village=village)


def _assignment(enterprise: Any) -> Any:
    from kechuang.rural import services

    commissioner = _notice(enterprise).changes.get().commissioner  # on the roster
    return services.assignment_create(
        actor=None, year=2026, commissioner=commissioner, area=enterprise.region
    )


def _team(enterprise: Any) -> Any:
    from kechuang.rural import services

    captain = _notice(enterprise).changes.get().commissioner  # on the roster
    return services.team_create(
        actor=None, year=2026, town=enterprise.region, name=f"第{captain.pk}服务队", captain=captain
    )


def _serving(enterprise: Any) -> Any:
    """A commissioner on the roster, assigned to the enterprise's town in 2026."""
    from kechuang.rural import services

    commissioner = _notice(enterprise).changes.get().commissioner
    services.assignment_create(
        actor=None, year=2026, commissioner=commissioner, area=enterprise.region
    )
    return commissioner


def _service(enterprise: Any) -> Any:
    from kechuang.accounts.choices import RegionLevel
    from kechuang.rural import services

    from ..factories import RegionFactory

    town = enterprise.region
    village = RegionFactory(
        code=f"{town.code}{500 + enterprise.pk % 400:03d}",
        name=f"{enterprise.name[:4]}服务村",
        level=RegionLevel.VILLAGE,
        parent=town,
    )
    return services.service_create(
        actor=None,
        commissioner=_serving(enterprise),
        served_on=date(2026, 4, 1),
        village=village,
        served_name=f"{enterprise.name}种植户",
        content="技术指导",
    )


def _training(enterprise: Any) -> Any:
    from kechuang.rural import services

    return services.training_create(
        actor=None,
        commissioner=_serving(enterprise),
        held_on=date(2026, 5, 1),
        town=enterprise.region,
        topic=f"{enterprise.name}技术培训",
        growers=20,
    )


def _achievement(enterprise: Any) -> Any:
    from kechuang.rural import services

    return services.achievement_create(
        actor=None,
        commissioner=_commissioner(enterprise),
        achieved_on=date(2026, 6, 1),
        kind="demo_base",
        title=f"{enterprise.name}示范基地",
    )


def _donation(enterprise: Any) -> Any:
    from kechuang.rural import services

    return services.donation_create(
        actor=None,
        donated_on=date(2026, 5, 18),
        town=enterprise.region,
        donor=f"{enterprise.name[:4]}队长",
        items=f"{enterprise.name}捐赠图书",
    )


def _appraisal(enterprise: Any) -> Any:
    from kechuang.rural import services

    return services.appraisal_create(
        actor=None,
        appraised_on=date(2026, 8, 26),
        place="县城",
        enterprise=enterprise,
        achievements=f"{enterprise.name}关键技术研究",
        experts="钱研究，省农业科学院，研究员",
        region=enterprise.region.parent,
    )


def _rule(enterprise: Any) -> Any:
    from decimal import Decimal

    from kechuang.rural import services

    return services.rule_create(
        actor=None,
        year=2000 + enterprise.pk % 90,
        item="trainings",
        points=Decimal("3"),
        region=enterprise.region.parent,
    )


def _announcement(enterprise: Any) -> Any:
    """A notice to this one enterprise, published by a staff member of its county."""
    from kechuang.accounts.choices import Role
    from kechuang.accounts.models import User
    from kechuang.announcements import services

    from ..factories import UserFactory

    county = enterprise.region.parent
    staff = User.objects.filter(groups__name=Role.STAFF, region=county).first()
    staff = staff or UserFactory(roles=[Role.STAFF], region=county)
    notice, _delivery = services.announcement_publish(
        actor=staff,
        title=f"{enterprise.name}的通知",
        body="请按时提交材料。",
        audience="list",
        enterprises=[enterprise],
    )
    return notice


def _bureau_person(enterprise: Any, role: str) -> Any:
    """A staff member or leader of the enterprise's county."""
    from kechuang.accounts.models import User

    from ..factories import UserFactory

    county = enterprise.region.parent
    found = User.objects.filter(groups__name=role, region=county).first()
    return found or UserFactory(roles=[role], region=county)


def _question(enterprise: Any) -> Any:
    from kechuang.support import services

    return services.question_create(
        actor=None,
        year=2000 + enterprise.pk % 90,
        region=enterprise.region.parent,
        order=1,
        topic="rd",
        text=f"{enterprise.name}是否计划削减研发投入",
        kind="yes_no",
        flag_answers="是",
        flag_label="计划削减研发投入",
    )


def _visit(enterprise: Any) -> Any:
    from kechuang.support import services

    return services.visit_create(
        actor=None,
        visited_on=date(2026, 4, 8),
        enterprise=enterprise,
        kind="survey",
        visitors=[_bureau_person(enterprise, "staff")],
        summary="了解研发计划",
    )


def _flag(enterprise: Any) -> Any:
    from kechuang.support.models import Flag

    visit = _visit(enterprise)
    return Flag.objects.create(
        visit=visit,
        enterprise=enterprise,
        label=f"{enterprise.name}考虑外迁",
        answer="是",
        raised_on=visit.visited_on,
    )


def _liaison(enterprise: Any) -> Any:
    from kechuang.support import services

    return services.liaison_create(
        actor=None,
        leader=_bureau_person(enterprise, "leader"),
        enterprise=enterprise,
        since=date(2026, 1, 1),
    )


def _enterprise_plan(enterprise: Any) -> Any:
    from kechuang.support import services

    return services.plan_create(
        actor=None,
        enterprise=enterprise,
        year=2026,
        owner=_bureau_person(enterprise, "staff"),
        review_on=date(2026, 9, 30),
    )


def _measure(enterprise: Any) -> Any:
    from kechuang.support import services

    return services.measure_create(
        actor=None,
        plan=_enterprise_plan(enterprise),
        source="other",
        measure=f"{enterprise.name}申报高企辅导",
        owner="县科技局",
        due_on=date(2026, 9, 30),
    )


def _policy(enterprise: Any) -> Any:
    from kechuang.policies import services

    return services.policy_create(
        actor=None,
        title=f"{enterprise.name[:6]}适用的研发补助政策",
        issuer="县科技局",
        level="county",
        issued_on=date(2026, 1, 1),
        conditions=[{"fact": "above_scale", "op": "=", "value": True}],
        region=enterprise.region.parent,
    )


def _push(enterprise: Any) -> Any:
    from kechuang.policies import services

    return services.push_create(
        actor=None,
        policy=_policy(enterprise),
        enterprise=enterprise,
        pushed_on=date(2026, 5, 6),
        channel="phone",
    )


def _dissemination(enterprise: Any) -> Any:
    from kechuang.policies import services

    return services.dissemination_create(
        actor=None,
        published_on=date(2026, 3, 2),
        outlet="wechat",
        title=f"{enterprise.name[:6]}政策解读",
        region=enterprise.region.parent,
    )


# One line per declared model: a row of it belonging to ``enterprise``.
SAMPLES = {
    "enterprises.enterprise": _enterprise,
    "cultivation.assessment": _assessment,
    "cultivation.smeregistration": _sme_registration,
    "cultivation.pipelineevent": _pipeline_event,
    "enterprises.qualification": _certificate,
    "rdstats.surveycampaign": _campaign,
    "rdstats.surveyform": _survey_form,
    "example.nomination": _nomination,  # docs/dev/add-a-work-line.md
    "platforms.platform": _platform,
    "talent.institution": _institution,
    "talent.expert": _expert,
    "talent.cooperation": _cooperation,
    "talent.trip": _trip,
    "talent.techneed": _need,
    "talent.cooperationplan": _plan,
    "announcements.announcement": _announcement,
    "projects.call": _call,
    "projects.proposal": _proposal,
    "projects.talentapplication": _application,
    "projects.competitionentry": _entry,
    "projects.introducedtalent": _introduced,
    "projects.bureaudocument": _document,
    "rural.commissioner": _commissioner,
    "rural.rosternotice": _notice,
    "rural.keyvillage": _key_village,
    "rural.assignment": _assignment,
    "rural.serviceteam": _team,
    "rural.servicerecord": _service,
    "rural.training": _training,
    "rural.achievement": _achievement,
    "rural.donation": _donation,
    "rural.appraisal": _appraisal,
    "rural.pointsrule": _rule,
    "support.surveyquestion": _question,
    "support.visit": _visit,
    "support.flag": _flag,
    "support.liaison": _liaison,
    "support.enterpriseplan": _enterprise_plan,
    "support.planmeasure": _measure,
    "policies.policy": _policy,
    "policies.push": _push,
    "policies.dissemination": _dissemination,
}

BUSINESS_ROLES = {"staff", "leader", "enterprise", "commissioner"}


def _declared() -> list[type[ModelPages]]:
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 — import every urls.py, so every pages.py
    return [DECLARED[key] for key in sorted(DECLARED)]


def _page_params() -> list[Any]:
    return [
        pytest.param(pages, page, id=f"{pages.key()}-{page}")
        for pages in _declared()
        for page in pages.pages
    ]


def _url(pages: type[ModelPages], page: str, obj: Any = None) -> str:
    kwargs = pages.url_kwargs(obj) if obj is not None else {}
    if page in ("detail", "edit"):
        kwargs["pk"] = obj.pk
    return reverse(pages.view_name(page), kwargs=kwargs)


def _owner_id(pages: type[ModelPages], obj: Any) -> int:
    value = obj
    for part in (pages.owner or "pk").split("__"):
        value = getattr(value, part)
    return int(value)


def test_every_declared_model_has_a_sample():
    assert {pages.key() for pages in _declared()} == set(SAMPLES)


def test_declared_pages_are_for_business_roles_only():
    for pages in _declared():
        for page in pages.pages:
            rule = pages.roles(page)
            assert rule.read | rule.write <= BUSINESS_ROLES, (pages.key(), page)
            assert not rule.public and not rule.any_user


@pytest.mark.parametrize(("pages", "page"), _page_params())
def test_each_page_answers_its_roles_and_refuses_the_others(
    client, personas, registry, pages, page
):
    own = SAMPLES[pages.key()](registry.a)
    rule = rule_for(pages.view_name(page))
    assert rule is not None, "the declaration's policy must be in the app's access.py"
    for label, user in personas.all().items():
        client.force_login(user)
        response = client.get(_url(pages, page, own))
        allowed = rule.allows(user_roles(user), "GET")
        if not allowed:
            assert response.status_code == 403, (label, response.status_code)
            continue
        mine = user in (personas.staff_a, personas.leader, personas.enterprise_a)
        nested = bool(pages.url_kwargs(own))  # under a parent the user may not see: 404
        if (page in ("detail", "edit") or nested) and not mine:
            assert response.status_code == 404, (label, response.status_code)
            continue
        assert response.status_code == 200, (label, response.status_code)
        if page == "list" and mine:
            assert pages.row_text(own) in response.content.decode(), label
    client.logout()
    assert client.get(_url(pages, page, own)).status_code == 302  # to the login page


@pytest.mark.parametrize("pages", _declared(), ids=lambda p: p.key())
def test_an_enterprise_user_never_sees_another_enterprise_rows(client, personas, registry, pages):
    own = SAMPLES[pages.key()](registry.a)
    foreign = SAMPLES[pages.key()](registry.b)
    client.force_login(personas.enterprise_a)
    roles = user_roles(personas.enterprise_a)
    for page in pages.pages:
        rule = rule_for(pages.view_name(page))
        if not rule.allows(roles, "GET"):
            continue
        if page in ("detail", "edit"):
            assert client.get(_url(pages, page, foreign)).status_code == 404, page
            assert client.get(_url(pages, page, own)).status_code == 200, page
        elif page == "list":
            body = client.get(_url(pages, page, own)).content.decode()
            assert pages.row_text(own) in body and pages.row_text(foreign) not in body
    if pages.serializer is not None:
        api = reverse(f"api:{pages.api_basename()}-list")
        response = client.get(api)
        if response.status_code == 200:
            ids = {row["id"] for row in response.json()["results"]}
            assert own.pk in ids and foreign.pk not in ids
            detail = reverse(f"api:{pages.api_basename()}-detail", args=[foreign.pk])
            assert client.get(detail).status_code == 404


@pytest.mark.parametrize(
    "pages", [p for p in _declared() if "export" in p.pages], ids=lambda p: p.key()
)
def test_export_is_exactly_the_filtered_visible_rows(client, personas, registry, pages):
    own = SAMPLES[pages.key()](registry.a)
    SAMPLES[pages.key()](registry.b)
    client.force_login(personas.staff_a)
    listed = client.get(_url(pages, "list", own))
    response = client.get(_url(pages, "export", own))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [r for r in sheet.iter_rows(min_row=2, values_only=True) if any(r)]
    assert len(rows) == listed.context["table"].paginator.count
    text = "\n".join(str(v) for row in rows for v in row if v is not None)
    assert "CANARY-B" not in text  # county B's rows are not county A's staff's


@pytest.mark.parametrize(
    "pages", [p for p in _declared() if "edit" in p.pages], ids=lambda p: p.key()
)
def test_edit_saves_through_the_service_with_locking_and_audit(client, personas, registry, pages):
    from auditlog.models import LogEntry

    own = SAMPLES[pages.key()](registry.a)
    client.force_login(personas.staff_a)
    page = client.get(_url(pages, "edit", own))
    data = _post_data(page.context["form"])
    version = own.version
    response = client.post(_url(pages, "edit", own), data)
    assert response.status_code == 302, page.context["form"].errors
    own.refresh_from_db()
    assert own.version == version + 1
    entry = LogEntry.objects.get_for_object(own).order_by("-pk").first()
    assert entry is not None and entry.actor == personas.staff_a
    stale = client.post(_url(pages, "edit", own), {**data, "version": version})
    assert stale.status_code == 200
    assert stale.context["form"].non_field_errors(), "a stale version must be refused"


@pytest.mark.parametrize("pages", _declared(), ids=lambda p: p.key())
def test_list_queries_do_not_grow_with_the_page_size(client, personas, regions, pages):
    small, large = pages.page_sizes[:2]
    made = small + 15  # more than one small page, less than one large page
    assert made < large
    rows = [SAMPLES[pages.key()](EnterpriseFactory(region=regions.town_a)) for _ in range(made)]
    client.force_login(personas.staff_a)
    counts = []
    for size in (small, large):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(_url(pages, "list", rows[0]), {"per_page": size})
        assert response.status_code == 200
        assert len(response.context["table"].page.object_list) == min(size, made)
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert counts[0] <= pages.query_budget, counts


def _post_data(form: Any) -> dict[str, Any]:
    """What a browser would send back for the form as shown (no field changed except that a
    text field gets a visible edit, so the save is a real change)."""
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        value = form[name].value()
        widget = field.widget.__class__.__name__
        if widget == "CheckboxInput":
            if value:
                data[name] = "on"
            continue
        if value is None:
            continue
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        data[name] = value
    for name, field in form.fields.items():
        if field.__class__.__name__ == "CharField" and name in ("address", "note", "title"):
            data[name] = f"{data.get(name) or ''}（已核）"[: field.max_length or 100]
            break
    return data
