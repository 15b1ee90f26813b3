"""Talent and university–industry cooperation (issue #17, first part): the directory, the
cooperation ladder through the state-change block, diagnostic 1 and problem 一, and the
BM25 matcher over jieba's segments."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from kechuang.core import figures
from kechuang.core.periods import Period
from kechuang.reports.compose import Composer
from kechuang.talent import matching, services
from kechuang.talent.choices import CooperationStatus
from kechuang.talent.models import Cooperation, CooperationEvent, Expert

pytestmark = pytest.mark.django_db

C = CooperationStatus


@pytest.fixture
def university(regions):
    return services.institution_create(
        actor=None, name="山东大学", kind="university", location="山东济南", region=regions.county_a
    )


@pytest.fixture
def experts(university):
    rows = [
        (
            "王材料",
            "复合材料、成型工艺",
            "碳纤维复合材料 热压成型 模具设计",
            "研究复合材料构件的成型工艺与装备",
        ),
        ("李果树", "果树栽培", "苹果 矮化砧木 病虫害防治", "省果树研究所研究员，从事果树育种"),
        ("张智能", "人工智能、机器视觉", "深度学习 缺陷检测 工业相机", "机器视觉检测与智能装备"),
        ("赵机械", "机械设计", "矿山机械 安全监测 液压", "矿山安全装备研发"),
    ]
    return {
        name: services.expert_create(
            actor=None,
            name=name,
            title="教授",
            institution=university,
            fields=fields,
            keywords=keywords,
            profile=profile,
        )
        for name, fields, keywords, profile in rows
    }


def _cooperation(actor, enterprise, institution, project, on, status=C.CONTACT, **kw):
    return services.cooperation_create(
        actor=actor,
        on=on,
        status=status,
        enterprise=enterprise,
        institution=institution,
        project=project,
        **kw,
    )


def test_a_composite_forming_need_ranks_the_composite_expert_first(experts):
    found = matching.rank("复合材料 成型", Expert.objects.all())
    assert found[0].expert_id == experts["王材料"].pk
    assert set(found[0].words) >= {"复合材料", "成型"}
    assert experts["李果树"].pk not in {m.expert_id for m in found}  # no shared word: not listed
    vision = matching.rank("产品表面缺陷的机器视觉检测", Expert.objects.all())
    assert vision[0].expert_id == experts["张智能"].pk and "视觉" in vision[0].words
    assert matching.rank("的了吗", Expert.objects.all()) == []  # no words that say anything


def test_the_index_follows_a_changed_expert(experts):
    assert matching.rank("苹果 砧木", Expert.objects.all())[0].expert_id == experts["李果树"].pk
    expert = experts["赵机械"]
    services.expert_update(
        actor=None, expert=expert, version=expert.version, keywords="苹果 砧木 矮化 苹果"
    )
    top = matching.rank("苹果 矮化 砧木", Expert.objects.all())
    assert {m.expert_id for m in top[:2]} == {experts["李果树"].pk, expert.pk}


def test_the_ladder_climbs_skips_and_keeps_its_highest_rung(personas, registry, university):
    staff = personas.staff_a
    coop = _cooperation(staff, registry.a, university, "碳纤维构件成型", date(2025, 3, 1))

    def move(to, on, **facts):
        services.cooperation_advance(actor=staff, cooperation=coop, to=to, on=on, **facts)

    move(C.PRELIMINARY, date(2025, 4, 2))
    with pytest.raises(ValidationError) as caught:  # a contract names its amount
        move(C.CONTRACT, date(2025, 5, 1))
    assert "合同金额" in str(caught.value)
    with pytest.raises(ValidationError):  # no way back down the ladder
        move(C.INTENTION, date(2025, 5, 1))
    move(C.CONTRACT, date(2025, 6, 1), amount=Decimal("500000"))
    move(C.DROPPED, date(2025, 9, 1))
    coop.refresh_from_db()
    assert (coop.status, coop.top, coop.amount) == ("dropped", "contract", Decimal("500000.00"))
    states = list(coop.events.values_list("state", flat=True))
    assert states == ["contact", "preliminary", "contract", "dropped"]
    assert CooperationEvent.objects.get(cooperation=coop, state="contract").created_by == staff
    from django.test import Client

    client = Client()
    client.force_login(staff)
    events = (
        client.get(coop.get_absolute_url())
        .content.decode()
        .split('data-testid="cooperation-events"')[1]
    )
    assert "<td>50.00</td>" in events and "500000" not in events  # 万元, as the header says


def test_the_services_hold_staff_to_their_region(personas, registry, regions, university):
    with pytest.raises(PermissionDenied):
        _cooperation(personas.staff_b, registry.a, university, "越权", date(2025, 3, 1))
    with pytest.raises(PermissionDenied):
        _cooperation(personas.enterprise_a, registry.a, university, "企业自建", date(2025, 3, 1))
    other = services.institution_create(
        actor=None, name="乙县合作院所", kind="institute", region=regions.county_b
    )
    with pytest.raises(PermissionDenied):  # a counterpart from another county's directory
        _cooperation(personas.staff_a, registry.a, other, "他县院所", date(2025, 3, 1))
    stranger = services.expert_create(actor=None, name="外单位专家", institution=other)
    with pytest.raises((ValidationError, PermissionDenied)):
        _cooperation(
            personas.staff_a,
            registry.a,
            university,
            "错配专家",
            date(2025, 3, 1),
            experts=[stranger],
        )
    assert not Cooperation.objects.exists()


def test_diagnostic_one_and_problem_one_from_the_history(personas, registry, regions, university):
    staff = personas.staff_a
    stuck = [
        _cooperation(staff, registry.a, university, f"框架项目{i}", date(2025, 2, 1), C.FRAMEWORK)
        for i in range(3)
    ]
    deep = _cooperation(staff, registry.a, university, "落地项目", date(2025, 2, 1), C.FRAMEWORK)
    services.cooperation_advance(
        actor=staff, cooperation=deep, to=C.CONTRACT, on=date(2025, 8, 1), amount=Decimal("1000000")
    )
    period = Period.year_of(2025)
    shallow = figures.compute("talent.shallow", user=staff, region=regions.county_a, period=period)
    assert (shallow.value, shallow.facts["share"], shallow.facts["base"]) == (3, 75.0, 4)
    assert sorted(shallow.record_ids()) == sorted(c.pk for c in stuck)
    # on 30 June the contract was not yet signed: four of four were shallow
    half = Period.parse("2025H1")
    early = figures.compute("talent.shallow", user=staff, region=regions.county_a, period=half)
    assert (early.value, early.facts["share"]) == (4, 100.0)
    composer = Composer(user=staff, region=regions.county_a, period=period)
    problems = composer.context()["problems"]
    assert problems[0].startswith("一是企业的自主创新意识不强。")
    assert "甲县登记的4项产学研合作中，3项（占75.0%）最高只达到框架协议及以下阶段" in problems[0]


def test_the_cooperation_page_moves_the_ladder_and_enterprises_see_their_own(
    client, personas, registry, university
):
    coop = _cooperation(personas.staff_a, registry.a, university, "视觉检测合作", date(2025, 3, 1))
    client.force_login(personas.staff_a)
    url = reverse("talent:cooperation_advance", args=[coop.pk])
    client.post(url, {"to": "intention", "on": "2025-04-01", "note": "已面谈"})
    coop.refresh_from_db()
    assert coop.status == "intention"
    page = client.get(coop.get_absolute_url()).content.decode()
    assert "合作意向" in page and "已面谈" in page
    client.force_login(personas.enterprise_a)
    assert client.get(coop.get_absolute_url()).status_code == 200
    assert client.post(url, {"to": "preliminary", "on": "2025-05-01"}).status_code == 403
    client.force_login(personas.enterprise_b)
    assert client.get(coop.get_absolute_url()).status_code == 404


def test_the_expert_list_searches_keywords_word_by_word(client, personas, experts):
    client.force_login(personas.staff_a)
    url = reverse("talent:expert_list")

    def names(**query):
        return sorted(r.name for r in client.get(url, query).context["table"].data)

    assert names(text="热压成型") == ["王材料"]
    assert names(text="矮化砧木") == ["李果树"]
    assert names(field="人工智能") == ["张智能"]
    assert names(q="山东大学") == sorted(experts)
    body = client.get(experts["王材料"].get_absolute_url()).content.decode()
    assert "王材料" in body and "复合材料" in body


def test_the_full_text_index_follows_every_write_and_matches_whole_words(experts, university):
    """The database's own index (FTS5 on SQLite, GIN on PostgreSQL; this test runs on both in
    CI): kept on insert, update, bulk insert and delete; whole words, all of them, never
    query syntax."""
    from kechuang.talent.matching import expert_tokens, segment

    def found(*words):
        return sorted(e.name for e in Expert.words.matching(Expert.objects.all(), words))

    def searched(text):  # as the list's search reads what is typed
        return found(*segment(text))

    assert found("热压", "模具") == ["王材料"]
    assert found("热压", "果树") == []  # every word must be there
    assert found("热") == []  # a whole word, not a piece of one
    assert found('"热压" OR 果树', "NEAR(") == []  # typed syntax is text, not a query
    wang = experts["王材料"]
    wang.keywords = "增材制造 激光熔覆"
    wang.save()
    assert searched("激光熔覆") == ["王材料"] and found("热压") == []
    bulk = Expert(name="钱电池", institution=university, keywords="储能电池 电池管理系统")
    bulk.tokens = " ".join(expert_tokens(bulk))
    Expert.objects.bulk_create([bulk])  # as the import and the generator write
    assert searched("储能电池") == ["钱电池"]
    Expert.objects.filter(name="钱电池").delete()
    assert searched("储能电池") == []
    assert found() == sorted(experts)  # no word: no narrowing


def test_trips_and_visits_write_section_four_in_the_seeds_words(
    client, personas, registry, regions, university, experts
):
    from kechuang.talent.models import Visit

    staff = personas.staff_a
    coop = _cooperation(staff, registry.a, university, "碳纤维构件成型", date(2025, 3, 5))
    one = services.trip_create(
        actor=staff,
        title="赴山东大学对接",
        started_on=date(2025, 3, 5),
        ended_on=date(2025, 3, 5),
        members="张局长、李科长",
    )
    services.visit_add(
        actor=staff,
        trip=one,
        visited_on=date(2025, 3, 5),
        enterprise=registry.a,
        institution=university,
        topic="碳纤维构件成型",
        outcome="preliminary",
        cooperation=coop,
        experts=[experts["王材料"]],
    )
    tour = services.trip_create(
        actor=staff, title="赴企业对接", started_on=date(2025, 5, 20), ended_on=date(2025, 5, 22)
    )
    for day, counterpart, topic in (
        (20, "某智能公司创始人", "人工智能"),
        (21, "某生物科技公司", "细胞培养"),
        (22, "某研究院", "新材料中试"),
    ):
        services.visit_add(
            actor=staff,
            trip=tour,
            visited_on=date(2025, 5, day),
            counterpart=counterpart,
            topic=topic,
        )
    with pytest.raises(ValidationError):  # a visit outside the trip's days
        services.visit_add(
            actor=staff, trip=tour, visited_on=date(2025, 6, 1), counterpart="某单位", topic="越期"
        )
    with pytest.raises(PermissionDenied):  # another county's trip
        services.visit_add(
            actor=personas.staff_b,
            trip=tour,
            visited_on=date(2025, 5, 20),
            counterpart="x",
            topic="y",
        )
    assert Visit.objects.count() == 4
    composer = Composer(user=staff, region=regions.county_a, period=Period.year_of(2025))
    work = {w["heading"]: w["text"] for w in composer.context()["work"]}
    text = next(t for h, t in work.items() if "招才引智" in h)
    assert (
        "3月5日组织哈威机械赴山东大学对接王材料教授合作碳纤维构件成型项目，已达成初步协议" in text
    )
    assert (
        "5月20至22日，县科技局分别赴某智能公司创始人对接人工智能项目，"
        "赴某生物科技公司对接细胞培养项目，赴某研究院对接新材料中试项目" in text
    )
    names = [u for u in composer.uses if u.kind == "name"]
    assert {u.shown for u in names} >= {"哈威机械", "碳纤维构件成型", "人工智能"}
    # the trip's page lists its visits; another county's staff cannot open it
    client.force_login(staff)
    page = client.get(one.get_absolute_url()).content.decode()
    assert "王材料" in page and "初步协议" in page
    client.force_login(personas.staff_b)
    assert client.get(one.get_absolute_url()).status_code == 404


def test_a_need_is_matched_confirmed_and_opens_a_cooperation(
    client, personas, registry, university, experts
):
    from kechuang.talent.models import TechNeed

    client.force_login(personas.enterprise_a)  # the enterprise raises it in the portal
    made = client.post(
        reverse("talent:need_add"),
        {
            "title": "碳纤维壳体成型开裂",
            "description": "复合材料 成型 过程中开裂，需要工艺优化",
            "fields": "",
        },
    )
    assert made.status_code == 302, made.content.decode()[:500]
    need = TechNeed.objects.get()
    assert need.enterprise == registry.a and need.status == "submitted"
    page = client.get(need.get_absolute_url()).content.decode()
    assert 'data-testid="matches"' not in page  # the ranking is the bureau's
    client.force_login(personas.staff_a)
    page = client.get(need.get_absolute_url())
    matches = page.context["matches"]
    assert matches[0][0] == experts["王材料"] and "成型" in matches[0][1].words
    assert "王材料" in page.content.decode()
    done = client.post(
        reverse("talent:need_confirm", args=[need.pk]), {"expert": experts["王材料"].pk}
    )
    assert done.status_code == 302
    cooperation = Cooperation.objects.get()
    assert (cooperation.status, cooperation.need, cooperation.enterprise) == (
        "contact",
        need,
        registry.a,
    )
    assert list(cooperation.experts.all()) == [experts["王材料"]]
    need.refresh_from_db()
    assert need.status == "assigned"
    client.force_login(personas.enterprise_b)
    assert client.get(need.get_absolute_url()).status_code == 404
    client.force_login(personas.enterprise_a)  # the enterprise may not confirm
    denied = client.post(
        reverse("talent:need_confirm", args=[need.pk]), {"expert": experts["李果树"].pk}
    )
    assert denied.status_code == 403 and Cooperation.objects.count() == 1


def test_the_ladder_page_and_the_dashboard_panel(client, personas, registry, university):
    staff = personas.staff_a
    old = _cooperation(staff, registry.a, university, "停滞合作", date(2024, 1, 10), C.FRAMEWORK)
    fresh = _cooperation(staff, registry.a, university, "新合作", date(2026, 11, 1), C.INTENTION)
    done = _cooperation(staff, registry.a, university, "已签合作", date(2024, 1, 1), C.FRAMEWORK)
    services.cooperation_advance(
        actor=staff, cooperation=done, to=C.CONTRACT, on=date(2024, 6, 1), amount=Decimal("1")
    )
    services.cooperation_advance(actor=staff, cooperation=done, to=C.LANDED, on=date(2024, 9, 1))
    client.force_login(staff)
    page = client.get(reverse("talent:ladder"))
    assert [n for _v, _l, n in page.context["rungs"]][:6] == [0, 1, 0, 1, 0, 1]
    stalled = [c for c, _days in page.context["rows"]]
    assert stalled == [old] and fresh not in stalled  # landed ones have arrived, not stalled
    client.force_login(personas.enterprise_a)
    assert client.get(reverse("talent:ladder")).status_code == 403
    from kechuang.talent.report import ladder_panel

    data = ladder_panel(
        user=staff, region=registry.a.region.parent, period=Period.year_of(2024), composer=None
    )
    assert data["chart"]["values"][:6] == [0, 0, 0, 1, 0, 1] and data["stalled"] == 1


def test_planned_cooperations_are_named_in_the_plans(personas, registry, regions, university):
    other = services.institution_create(
        actor=None, name="中国农业大学", kind="university", region=regions.county_a
    )
    for institution in (university, other):
        services.plan_create(
            actor=personas.staff_a, year=2026, enterprise=registry.a, institution=institution
        )
    services.plan_create(actor=None, year=2027, enterprise=registry.a, institution=university)
    with pytest.raises(PermissionDenied):
        services.plan_create(
            actor=personas.staff_b, year=2026, enterprise=registry.a, institution=university
        )
    composer = Composer(user=personas.staff_a, region=regions.county_a, period=Period.year_of(2025))
    plans = "".join(composer.context()["plans"])
    assert "帮助哈威机械与山东大学、中国农业大学等高校院所做好技术和项目对接合作" in plans
    later = Composer(user=personas.staff_a, region=regions.county_a, period=Period.year_of(2026))
    assert "中国农业大学" not in "".join(later.context()["plans"])  # 2027: 山东大学 only


def test_a_word_index_takes_only_plain_identifiers():
    from kechuang.core.fulltext import WordIndex

    with pytest.raises(ValueError, match="identifier"):
        WordIndex("talent_expert; DROP TABLE x", "tokens")
    assert WordIndex("talent_expert", "tokens").name == "talent_expert_tokens_fts"


def test_the_trip_list_filters_by_year_and_dates(client, personas):
    for title, on in (("赴济南对接", date(2024, 4, 10)), ("赴青岛对接", date(2025, 6, 1))):
        services.trip_create(actor=personas.staff_a, title=title, started_on=on, ended_on=on)
    client.force_login(personas.staff_a)
    url = reverse("talent:trip_list")

    def titles(**query):
        return [t.title for t in client.get(url, query).context["table"].data]

    assert titles(year=2025) == ["赴青岛对接"]
    assert titles(started_after="2024-01-01", started_before="2024-12-31") == ["赴济南对接"]
    assert titles() == ["赴青岛对接", "赴济南对接"]
    trip = client.get(url).context["table"].data[1]
    services.visit_add(
        actor=personas.staff_a,
        trip=trip,
        visited_on=trip.started_on,
        counterpart="某公司",
        topic="人工智能",
    )
    counts = {t.title: t.visit_count for t in client.get(url).context["table"].data}
    assert counts == {"赴青岛对接": 0, "赴济南对接": 1}
