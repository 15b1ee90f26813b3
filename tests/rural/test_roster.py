"""Commissioners (issue #19, first part): the roster changed by dated notices in one act,
assignments within the county, key villages and their coverage as a figure."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kechuang.accounts.choices import RegionLevel
from kechuang.core import figures
from kechuang.core.periods import Period
from kechuang.rural import services
from kechuang.rural.models import Commissioner, RosterChange, RosterNotice

from ..factories import RegionFactory

pytestmark = pytest.mark.django_db


def _person(region, name):
    return services.commissioner_create(actor=None, name=name, unit="县农科所", region=region)


def _village(town, n, name):
    return RegionFactory(
        code=f"{town.code}{n:03d}", name=name, level=RegionLevel.VILLAGE, parent=town
    )


def test_a_notice_adds_and_removes_in_one_act_and_keeps_the_history(personas, regions):
    a, b, c = (_person(regions.county_a, n) for n in ("张农", "李果", "王牧"))
    staff = personas.staff_a
    services.notice_issue(
        actor=staff,
        title="关于调整甲县精准扶贫科技特派员名单的通知",
        issued_on=date(2025, 3, 1),
        added=[a, b],
    )
    second = services.notice_issue(
        actor=staff, title="第二次调整", issued_on=date(2026, 3, 1), added=[c], removed=[a]
    )
    on = dict(Commissioner.objects.values_list("name", "on_roster"))
    assert on == {"张农": False, "李果": True, "王牧": True}
    assert services.on_roster(a, date(2025, 6, 1)) and not services.on_roster(a, date(2026, 6, 1))
    assert sorted(second.changes.values_list("commissioner__name", "action")) == [
        ("张农", "remove"),
        ("王牧", "add"),
    ]
    before = (RosterNotice.objects.count(), RosterChange.objects.count())
    for added, removed, field, words in (
        ([b], [], "added", "已在名单中"),
        ([], [a], "removed", "不在名单中"),
        ([], [], "added", "至少"),
        ([a], [a], "removed", "不能同时"),
    ):
        with pytest.raises(ValidationError) as caught:
            services.notice_issue(
                actor=staff, title="错", issued_on=date(2026, 4, 1), added=added, removed=removed
            )
        assert words in " ".join(caught.value.message_dict[field])
    other = _person(regions.county_b, "乙县特派员")
    with pytest.raises(ValidationError, match="不是本区划选派"):
        services.notice_issue(actor=staff, title="错", issued_on=date(2026, 4, 1), added=[other])
    with pytest.raises(PermissionDenied):
        services.notice_issue(
            actor=personas.staff_b,
            title="越权",
            issued_on=date(2026, 4, 1),
            region=regions.county_a,
            added=[a],
        )
    assert (RosterNotice.objects.count(), RosterChange.objects.count()) == before


def test_assignments_stay_in_the_county_and_on_the_roster(personas, regions):
    person = _person(regions.county_a, "张农")
    with pytest.raises(ValidationError, match="不在特派员名单中"):
        services.assignment_create(
            actor=personas.staff_a, year=2026, commissioner=person, area=regions.town_a
        )
    services.notice_issue(
        actor=None,
        title="名单",
        issued_on=date(2026, 1, 5),
        region=regions.county_a,
        added=[person],
    )
    person.refresh_from_db()
    with pytest.raises(ValidationError, match="选派的县"):
        services.assignment_create(actor=None, year=2026, commissioner=person, area=regions.town_b)
    with pytest.raises(PermissionDenied):
        services.assignment_create(
            actor=personas.staff_a, year=2026, commissioner=person, area=regions.town_b
        )
    made = services.assignment_create(
        actor=personas.staff_a, year=2026, commissioner=person, area=regions.town_a
    )
    assert made.area == regions.town_a


def test_coverage_lists_every_key_village_and_is_a_figure(client, personas, regions):
    town = regions.town_a
    east, west, north = (
        _village(town, n, name) for n, name in ((1, "东村"), (2, "西村"), (3, "北村"))
    )
    for village in (east, west, north):
        services.key_village_create(actor=personas.staff_a, village=village)
    with pytest.raises(ValidationError, match="村（社区）一级"):
        services.key_village_create(actor=None, village=town)
    person = _person(regions.county_a, "张农")
    services.notice_issue(
        actor=None,
        title="名单",
        issued_on=date(2025, 1, 5),
        region=regions.county_a,
        added=[person],
    )
    person.refresh_from_db()
    services.assignment_create(actor=None, year=2026, commissioner=person, area=east)
    services.assignment_create(actor=None, year=2026, commissioner=person, area=town)  # a town
    services.assignment_create(actor=None, year=2025, commissioner=person, area=west)  # last year
    covered = figures.compute(
        "rural.key_villages_covered",
        user=personas.staff_a,
        region=regions.county_a,
        period=Period.year_of(2026),
    )
    assert (covered.value, covered.facts["share"], covered.facts["base"]) == (1, 33.3, 3)
    uncovered = figures.compute(
        "rural.key_villages_uncovered",
        user=None,
        region=regions.county_a,
        period=Period.year_of(2026),
    )
    assert sorted(r.village.name for r in uncovered.records) == ["北村", "西村"]
    client.force_login(personas.staff_a)
    page = client.get("/rural/coverage/", {"year": 2026}).content.decode()
    assert "2026年重点村 3 个，科技特派员已覆盖 1 个（33.3%）" in page
    assert page.index("西村") < page.index("东村")  # uncovered first
    assert page.count("未覆盖") >= 2
    client.force_login(personas.staff_b)
    assert "东村" not in client.get("/rural/coverage/").content.decode()


def test_the_roster_list_leads_to_coverage(client, personas, regions):
    _person(regions.county_a, "张农")
    client.force_login(personas.staff_a)
    page = client.get("/rural/").content.decode()
    assert "张农" in page and 'data-testid="coverage-link"' in page


def test_a_service_team_has_a_captain_and_members_from_the_roster(personas, regions):
    captain, member, off = (_person(regions.county_a, n) for n in ("张队长", "李队员", "王未在册"))
    services.notice_issue(
        actor=None,
        title="名单",
        issued_on=date(2026, 1, 5),
        region=regions.county_a,
        added=[captain, member],
    )
    captain.refresh_from_db()
    member.refresh_from_db()
    with pytest.raises(ValidationError, match="王未在册不在特派员名单中"):
        services.team_create(
            actor=personas.staff_a,
            year=2026,
            town=regions.town_a,
            name="服务队",
            captain=captain,
            members=[off],
        )
    with pytest.raises(PermissionDenied):
        services.team_create(
            actor=personas.staff_a, year=2026, town=regions.town_b, name="服务队", captain=captain
        )
    team = services.team_create(
        actor=personas.staff_a,
        year=2026,
        town=regions.town_a,
        name="科技特派员服务队",
        captain=captain,
        members=[member],
    )
    assert (str(team), team.captain, list(team.members.all())) == (
        "甲一镇科技特派员服务队",
        captain,
        [member],
    )


def test_the_roster_list_filters_on_the_roster_by_yes_or_no(client, personas, regions):
    on, off = _person(regions.county_a, "在册人"), _person(regions.county_a, "未在册人")
    services.notice_issue(
        actor=None, title="名单", issued_on=date(2026, 1, 5), region=regions.county_a, added=[on]
    )
    client.force_login(personas.staff_a)

    def names(value):
        return [c.name for c in client.get("/rural/", {"on_roster": value}).context["table"].data]

    assert names("1") == ["在册人"] and names("0") == [off.name]
