"""Project calls and the reserve pool (issue #18): the block's stages, the enterprise's draft,
readiness against a call's conditions in the gap report's wording, bad input refused with
nothing written, the figures and the report's §一(五)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kechuang.core.periods import Period
from kechuang.projects import readiness, services
from kechuang.projects.models import Call, Proposal, ProposalEvent
from kechuang.reports.compose import Composer

from ..enterprises.factories import AnnualFiguresFactory

pytestmark = pytest.mark.django_db


def _call(region, **kw):
    values = {
        "title": "2026年省重点研发计划项目征集",
        "programme": "省重点研发计划",
        "level": "provincial",
        "kind": "enterprise_rd",
        "opens_on": date(2026, 3, 1),
        "deadline": date(2026, 4, 30),
        "region": region,
        **kw,
    }
    return services.call_create(actor=None, **values)


def _proposal(actor, enterprise, call=None, on=date(2026, 3, 10), **kw):
    kind = kw.pop("kind", "")
    values = {
        "title": f"{enterprise.name}智能产线研发",
        "budget": Decimal("2000000"),
        "own_funds": Decimal("1500000"),
        "requested_funds": Decimal("500000"),
        **kw,
    }
    return services.proposal_create(
        actor=actor, on=on, enterprise=enterprise, call=call, kind=kind, **values
    )


def test_bad_input_is_refused_with_what_and_where_and_nothing_is_written(
    personas, registry, regions
):
    with pytest.raises(ValidationError) as caught:
        _call(regions.county_a, opens_on=date(2026, 5, 1), deadline=date(2026, 4, 30))
    assert "截止日期（2026-04-30）不能早于开始日期（2026-05-01）" in str(caught.value)
    assert not Call.objects.exists()
    call = _call(regions.county_a)
    with pytest.raises(ValidationError) as caught:
        _proposal(personas.staff_a, registry.a, call, requested_funds=Decimal("900000"))
    assert "超过总投资（200.00万元）" in str(caught.value.message_dict["requested_funds"])
    with pytest.raises(PermissionDenied, match="不在您的管辖范围内"):
        _proposal(personas.staff_a, registry.b, call)  # an enterprise of another county
    assert not Proposal.objects.exists() and not ProposalEvent.objects.exists()


def test_a_proposal_moves_through_the_pool_by_the_block(personas, registry, regions):
    call = _call(regions.county_a)
    p = _proposal(personas.staff_a, registry.a, call)
    assert (p.status, p.kind) == ("collected", "enterprise_rd")  # the call's kind
    staff = personas.staff_a
    with pytest.raises(ValidationError, match="不能从"):
        services.proposal_advance(actor=staff, proposal=p, to="funded", on=date(2026, 3, 11))
    services.proposal_advance(actor=staff, proposal=p, to="reserved", on=date(2026, 3, 12))
    with pytest.raises(ValidationError, match="辅导人"):
        services.proposal_advance(actor=staff, proposal=p, to="coached", on=date(2026, 3, 20))
    services.proposal_advance(
        actor=staff, proposal=p, to="coached", on=date(2026, 3, 20), coach="省科技厅专家组"
    )
    services.proposal_advance(actor=staff, proposal=p, to="submitted", on=date(2026, 4, 25))
    with pytest.raises(ValidationError) as caught:
        services.proposal_advance(actor=staff, proposal=p, to="funded", on=date(2026, 9, 1))
    assert set(caught.value.message_dict) == {"amount", "document_number"}
    p = services.proposal_advance(
        actor=staff,
        proposal=p,
        to="funded",
        on=date(2026, 9, 1),
        amount=Decimal("500000"),
        document_number="鲁科字〔2026〕9号",
    )
    assert (p.status, p.funded_amount, p.document_number) == (
        "funded",
        Decimal("500000"),
        "鲁科字〔2026〕9号",
    )
    history = list(p.events.order_by("occurred_on").values_list("state", "coach"))
    assert history == [
        ("collected", ""),
        ("reserved", ""),
        ("coached", "省科技厅专家组"),
        ("submitted", ""),
        ("funded", ""),
    ]


def test_an_enterprise_drafts_its_own_and_hands_it_in(personas, registry, regions):
    call = _call(regions.county_a)
    ent = personas.enterprise_a
    draft = services.proposal_create(
        actor=ent,
        on=date(2026, 3, 5),
        enterprise=registry.b,  # ignored: an enterprise drafts for itself
        call=call,
        title="自拟项目",
        budget=Decimal("100000"),
    )
    assert (draft.enterprise, draft.status) == (registry.a, "draft")
    services.proposal_update(actor=ent, proposal=draft, version=draft.version, title="改名项目")
    with pytest.raises(PermissionDenied):
        services.proposal_advance(actor=ent, proposal=draft, to="reserved", on=date(2026, 3, 6))
    handed = services.proposal_advance(
        actor=ent, proposal=draft, to="collected", on=date(2026, 3, 6)
    )
    assert handed.status == "collected"
    with pytest.raises(PermissionDenied, match="不能再修改"):
        services.proposal_update(actor=ent, proposal=handed, version=handed.version, title="再改")
    assert list(Proposal.objects.visible_to(personas.enterprise_b)) == []
    assert list(Proposal.objects.visible_to(ent)) == [handed]


def test_readiness_names_each_gap_in_the_gap_reports_words(personas, registry, regions):
    from kechuang.enterprises.models import AnnualFigures, Qualification
    from kechuang.talent import services as talent

    call = _call(
        regions.county_a,
        requires_hte=True,
        rd_ratio_min=Decimal("3"),
        requires_partner=True,
        platform_level="municipal",
    )
    AnnualFigures.objects.filter(enterprise=registry.a).delete()
    AnnualFiguresFactory(
        enterprise=registry.a,
        year=2025,
        sales_revenue=Decimal("10000000"),
        rd_expense=Decimal("210000"),
    )
    p = _proposal(personas.staff_a, registry.a, call)
    on = date(2026, 3, 15)
    found = readiness.of(p, on)
    assert found.verdict == "gap"
    texts = [line.text for line in found.lines]
    assert texts == [
        "不是有效期内的高新技术企业",
        "没有市级及以上创新平台",
        "2025年研发投入占营业收入2.1%，要求≥3%，还差0.9个百分点",
        "没有合作高校院所",
    ]
    assert found.summary.startswith("不满足：不是有效期内的高新技术企业；")
    # the enterprise gets what it lacked: the verdict follows the registry
    Qualification.objects.create(
        enterprise=registry.a,
        kind="hte",
        issued_on=date(2025, 12, 1),
        valid_until=date(2028, 11, 30),
    )
    AnnualFigures.objects.filter(enterprise=registry.a, year=2025).update(rd_expense=300000)
    university = talent.institution_create(
        actor=None, name="山东大学", kind="university", region=regions.county_a
    )
    services.proposal_update(actor=None, proposal=p, version=p.version, partner=university)
    from kechuang.platforms.models import Platform, PlatformKind

    Platform.objects.create(
        name="哈威企业技术中心",
        # the kinds are seeded by a migration; a transactional test elsewhere may flush them
        kind=PlatformKind.objects.get_or_create(
            name="企业技术中心", defaults={"is_rd_institution": True}
        )[0],
        host_enterprise=registry.a,
        region=registry.a.region,
        level="provincial",
        status="approved",
    )
    p.refresh_from_db()
    again = readiness.of(p, on)
    assert again.verdict == "ready", again.lines
    assert [line.text for line in again.lines][1:3] == [
        "依托省级哈威企业技术中心",
        "2025年研发投入占营业收入3%，要求≥3%",
    ]
    with pytest.raises(ValidationError, match="项目类型"):
        _proposal(None, registry.a, title="无征集无类型")
    loose = _proposal(None, registry.a, title="无征集项目", kind="enterprise_rd")
    assert readiness.of(loose, on).summary == "未对应征集"


def test_the_pool_figures_and_section_five_in_the_seeds_words(personas, registry, regions):
    from kechuang.enterprises.models import Enterprise

    from ..enterprises.factories import EnterpriseFactory

    c = _call(regions.county_a)
    agri = _call(regions.county_a, title="现代农业征集", kind="agri_rd")
    platform = _call(regions.county_a, title="平台征集", kind="platform")
    other = EnterpriseFactory(name="为民制药有限公司", region=regions.town_a)
    staff = personas.staff_a
    first = _proposal(staff, registry.a, c, requested_funds=Decimal("400000"))
    _proposal(staff, other, c)
    _proposal(staff, other, agri, title="甘薯脱毒种苗")
    _proposal(staff, registry.a, platform, title="省级企业技术中心")
    _proposal(staff, registry.a, c, title="去年的项目", on=date(2025, 5, 1))  # another period
    services.proposal_advance(actor=staff, proposal=first, to="reserved", on=date(2026, 3, 12))
    services.proposal_advance(
        actor=staff, proposal=first, to="coached", on=date(2026, 3, 20), coach="专家组"
    )
    services.application_create(
        actor=staff,
        year=2026,
        programme="industry_leading",
        person="张领军",
        enterprise=registry.a,
        status="applied",
        status_on=date(2026, 5, 1),
    )
    services.entry_create(
        actor=staff,
        year=2026,
        competition="省创新创业大赛",
        level="provincial",
        enterprise=other,
        project="智能制药装备",
    )
    services.document_create(
        actor=staff,
        title="甲县高层次人才创新创业大赛管理办法",
        drafted_on=date(2026, 6, 1),
    )
    composer = Composer(staff, regions.county_a, Period.year_of(2026))
    assert composer.fig("projects.pool").value == 4
    assert composer.fig("projects.pool_enterprise_rd").value == 2
    from kechuang.projects.report import projects_work

    text = projects_work(composer)
    assert (
        "县科技局结合省市级科技计划项目征集工作，广泛征集、储备我县企业研发项目2项、"
        "现代农业类重点研发计划项目1项、创新平台1个，重点筛选了哈威机械有限公司智能产线研发等项目"
    ) in text
    assert "组织张领军申报省泰山产业领军人才。" in text
    assert "培育组织为民制药等企业参加省市创新创业大赛。" in text
    assert "起草了甲县高层次人才创新创业大赛管理办法。" in text
    assert Enterprise.objects.count() == 3
    last_year = Composer(staff, regions.county_a, Period.year_of(2025))
    assert last_year.fig("projects.pool").value == 1


def test_deadline_reminders_for_unsubmitted_proposals(personas, registry, regions):
    import time_machine

    from kechuang.core.navigation import todos

    call = _call(regions.county_a, deadline=date(2026, 4, 30))
    with time_machine.travel(date(2026, 4, 10), tick=False):
        draft = services.proposal_create(
            actor=personas.enterprise_a, on=date(2026, 4, 10), call=call, title="企业草稿"
        )
        mine = [t.text for t in todos(personas.enterprise_a)]
        assert any("企业草稿" in t and "2026-04-30截止" in t for t in mine)
        _proposal(personas.staff_a, registry.a, call, on=date(2026, 4, 10))
        staff = [t.text for t in todos(personas.staff_a)]
        assert any("2个储备项目尚未申报" in t for t in staff), staff
        assert todos(personas.enterprise_b) == [] or all(
            "企业草稿" not in t.text for t in todos(personas.enterprise_b)
        )
    assert draft.status == "draft"


def test_the_talent_target_counts_introduced_talents(personas, registry, regions):
    from kechuang.targets.models import Target
    from kechuang.targets.selectors import progress

    target = Target.objects.create(
        year=2026, metric="talent_introduced", value=5, region=regions.county_a
    )
    services.talent_create(
        actor=personas.staff_a,
        name="李博士",
        category="博士",
        enterprise=registry.a,
        introduced_on=date(2026, 4, 1),
    )
    services.talent_create(
        actor=None,
        name="王博士",
        category="博士",
        enterprise=registry.b,
        introduced_on=date(2026, 4, 1),
    )
    assert progress(target).actual == 1  # county A's only
    Target.objects.create(year=2027, metric="talent_introduced", value=10, region=regions.county_a)
    from kechuang.projects.report import talent_plan

    text = talent_plan(Composer(personas.staff_a, regions.county_a, Period.year_of(2026)))
    assert text.endswith("帮助企业引进高层次科研人才10名以上。")


def test_the_pool_list_filters_by_call_and_counts_by_kind_and_stage(
    client, personas, registry, regions
):
    first = _call(regions.county_a)
    second = _call(regions.county_a, title="市科技计划项目征集", level="municipal")
    _proposal(personas.staff_a, registry.a, first)
    _proposal(personas.staff_a, registry.a, second, title="市级项目")
    client.force_login(personas.staff_a)
    page = client.get("/projects/", {"call": second.pk})
    assert [p.title for p in page.context["table"].data] == ["市级项目"]
    assert page.context["pool"]["rows"][0]["cells"] == [1]  # one collected, of the filter
    other = _call(regions.county_b, title="乙县征集")
    assert "乙县征集" not in page.content.decode()  # another county's call is not offered
    refused = client.get("/projects/", {"call": other.pk})  # nor taken when typed in
    assert "call" in refused.context["filter"].errors


def test_the_dashboard_panel_shows_the_pool_funding_and_closing_calls(personas, registry, regions):
    import time_machine

    from kechuang.projects.report import pool_panel

    with time_machine.travel(date(2026, 4, 10), tick=False):
        call = _call(regions.county_a)  # closes 2026-04-30
        p = _proposal(personas.staff_a, registry.a, call, on=date(2026, 3, 10))
        for to, on, extra in (
            ("reserved", date(2026, 3, 11), {}),
            ("submitted", date(2026, 3, 20), {}),
        ):
            p = services.proposal_advance(actor=personas.staff_a, proposal=p, to=to, on=on, **extra)
        _proposal(personas.staff_a, registry.a, call, title="尚未申报")
        data = pool_panel(
            user=personas.staff_a,
            region=regions.county_a,
            period=Period.year_of(2026),
            composer=None,
        )
        services.proposal_advance(
            actor=personas.staff_a,
            proposal=p,
            to="funded",
            on=date(2026, 4, 10),
            amount=Decimal("250000"),
            document_number="鲁科字〔2026〕1号",
        )
        funded = pool_panel(
            user=personas.staff_a,
            region=regions.county_a,
            period=Period.year_of(2026),
            composer=None,
        )
    assert data["pool"]["total"] == 2
    assert [c["waiting"] for c in data["closing"]] == [1]  # the submitted one is not waiting
    assert data["closing"][0]["deadline"] == "2026-04-30"
    assert funded["funded"] == [{"year": 2026, "wan": "25.00"}]


def test_the_portal_offers_only_what_an_enterprise_may_do(client, personas, registry, regions):
    call = _call(regions.county_a)
    draft = services.proposal_create(
        actor=personas.enterprise_a, on=date(2026, 3, 5), call=call, title="企业草稿"
    )
    client.force_login(personas.enterprise_a)
    page = client.get(draft.get_absolute_url())
    assert page.context["edit_url"] and page.context["advance_form"] is not None
    assert [c for c, _label in page.context["advance_form"].fields["to"].choices] == [
        "collected",
        "withdrawn",
    ]
    services.proposal_advance(
        actor=personas.enterprise_a, proposal=draft, to="collected", on=date(2026, 3, 6)
    )
    page = client.get(draft.get_absolute_url())
    assert not page.context["edit_url"] and page.context["advance_form"] is None
    client.force_login(personas.staff_a)
    assert client.get(draft.get_absolute_url()).context["edit_url"]
