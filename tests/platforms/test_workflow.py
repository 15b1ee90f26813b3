"""Innovation platforms (issue #16): the dated status history, level-ups on the same platform,
the facts an approval must carry, evaluations, and who may act on which platform."""

from __future__ import annotations

import re
from datetime import date

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError

from kechuang.core.states import INITIAL, Workflow, check_facts
from kechuang.platforms import services
from kechuang.platforms.choices import DEFAULT_KINDS, PlatformLevel, PlatformStatus
from kechuang.platforms.models import Platform, PlatformEvent, PlatformKind

pytestmark = pytest.mark.django_db

S = PlatformStatus
L = PlatformLevel


@pytest.fixture
def maker_space(personas, registry):
    kind = PlatformKind.objects.get(name="众创空间")
    return services.platform_create(
        actor=personas.staff_a,
        on=date(2025, 2, 10),
        status=S.PLANNING,
        name="哈威众创空间",
        kind=kind,
        host_enterprise=registry.a,
        region=registry.a.region,
    )


def _approve(actor, platform, on, level, number="鲁科字〔2025〕12号", issuer="省科技厅"):
    return services.platform_advance(
        actor=actor,
        platform=platform,
        to=S.APPROVED,
        on=on,
        level=level,
        document_number=number,
        issuer=issuer,
    )


def test_the_dictionary_starts_with_the_issues_types():
    assert list(PlatformKind.objects.values_list("name", flat=True)) == list(DEFAULT_KINDS)


def test_from_planning_to_a_national_approval_with_the_history_kept(maker_space, personas):
    staff = personas.staff_a
    p = services.platform_advance(
        actor=staff, platform=maker_space, to=S.APPLYING, on=date(2025, 3, 1), level=L.MUNICIPAL
    )
    assert (p.status, p.sought_level, p.level) == (S.APPLYING, L.MUNICIPAL, "")
    p = _approve(staff, p, date(2025, 6, 1), L.MUNICIPAL, issuer="市科技局")
    assert (p.status, p.level, p.sought_level) == (S.APPROVED, L.MUNICIPAL, "")
    # a level-up is a new application on the same platform
    p = services.platform_advance(
        actor=staff, platform=p, to=S.APPLYING, on=date(2026, 3, 1), level=L.NATIONAL
    )
    assert (p.level, p.sought_level) == (L.MUNICIPAL, L.NATIONAL)  # the list shows both
    for state, on in ((S.RECOMMENDED_PROVINCE, date(2026, 4, 1)), (S.PUBLICISED, date(2026, 7, 1))):
        p = services.platform_advance(actor=staff, platform=p, to=state, on=on)
    p = _approve(staff, p, date(2026, 8, 5), L.NATIONAL, "国科火字〔2026〕88号", "科技部")
    assert (p.status, p.level, p.sought_level) == (S.APPROVED, L.NATIONAL, "")
    history = list(p.events.values_list("state", "occurred_on", "level", "document_number"))
    assert history == [
        (S.PLANNING, date(2025, 2, 10), "", ""),
        (S.APPLYING, date(2025, 3, 1), L.MUNICIPAL, ""),
        (S.APPROVED, date(2025, 6, 1), L.MUNICIPAL, "鲁科字〔2025〕12号"),
        (S.APPLYING, date(2026, 3, 1), L.NATIONAL, ""),
        (S.RECOMMENDED_PROVINCE, date(2026, 4, 1), "", ""),
        (S.PUBLICISED, date(2026, 7, 1), "", ""),
        (S.APPROVED, date(2026, 8, 5), L.NATIONAL, "国科火字〔2026〕88号"),
    ]
    # every change names its user in the audit log
    assert LogEntry.objects.get_for_objects(PlatformEvent.objects.all()).count() == 7


def test_an_approval_without_its_document_number_writes_nothing(maker_space, personas):
    staff = personas.staff_a
    p = services.platform_advance(
        actor=staff, platform=maker_space, to=S.APPLYING, on=date(2025, 3, 1), level=L.MUNICIPAL
    )
    with pytest.raises(ValidationError) as refused:
        _approve(staff, p, date(2025, 6, 1), L.MUNICIPAL, number="  ", issuer="")
    assert refused.value.message_dict == {
        "document_number": ["获批须填写批准文号。"],
        "issuer": ["获批须填写发文单位。"],
    }
    p.refresh_from_db()
    assert p.status == S.APPLYING and p.events.count() == 2


def test_illegal_moves_earlier_dates_and_lower_levels_are_refused(maker_space, personas):
    staff = personas.staff_a
    with pytest.raises(ValidationError) as refused:
        _approve(staff, maker_space, date(2025, 6, 1), L.MUNICIPAL)
    assert "不能从“谋划中”变为“已批准”" in str(refused.value)
    with pytest.raises(ValidationError) as refused:
        services.platform_advance(
            actor=staff, platform=maker_space, to=S.NEGOTIATING, on=date(2025, 1, 1)
        )
    assert "不能早于上一状态的日期" in str(refused.value)
    p = services.platform_advance(
        actor=staff, platform=maker_space, to=S.APPLYING, on=date(2025, 3, 1), level=L.PROVINCIAL
    )
    p = _approve(staff, p, date(2025, 6, 1), L.PROVINCIAL)
    with pytest.raises(ValidationError) as refused:
        services.platform_advance(
            actor=staff, platform=p, to=S.APPLYING, on=date(2026, 3, 1), level=L.MUNICIPAL
        )
    assert refused.value.message_dict == {"level": ["申报级别须高于现有级别（省级）。"]}
    with pytest.raises(ValidationError) as refused:
        services.platform_advance(actor=staff, platform=p, to=S.APPLYING, on=date(2026, 3, 1))
    assert refused.value.message_dict == {"level": ["请填写申报级别。"]}


def test_revocation_and_evaluations(maker_space, personas):
    staff = personas.staff_a
    with pytest.raises(ValidationError) as refused:
        services.platform_evaluate(
            actor=staff, platform=maker_space, year=2025, grade="excellent", on=date(2026, 3, 1)
        )
    assert "只有已获批的平台" in str(refused.value)
    p = services.platform_advance(
        actor=staff, platform=maker_space, to=S.APPLYING, on=date(2025, 3, 1), level=L.MUNICIPAL
    )
    p = _approve(staff, p, date(2025, 6, 1), L.MUNICIPAL, issuer="市科技局")
    services.platform_evaluate(
        actor=staff, platform=p, year=2025, grade="qualified", on=date(2026, 3, 1)
    )
    with pytest.raises(ValidationError) as refused:
        services.platform_evaluate(
            actor=staff, platform=p, year=2025, grade="excellent", on=date(2026, 3, 2)
        )
    assert "2025年度的考核结果已登记" in str(refused.value)
    p = services.platform_advance(actor=staff, platform=p, to=S.REVOKED, on=date(2026, 5, 1))
    assert (p.status, p.level) == (S.REVOKED, "")
    assert list(p.evaluations.values_list("year", "grade")) == [(2025, "qualified")]


def test_a_platform_needs_a_host(personas, regions):
    with pytest.raises(ValidationError) as refused:
        services.platform_create(
            actor=personas.staff_a,
            on=date(2025, 1, 5),
            status=S.PLANNING,
            name="无依托平台",
            kind=PlatformKind.objects.first(),
            region=regions.town_a,
        )
    assert "请选择依托企业，或填写依托单位" in str(refused.value)
    assert not Platform.objects.exists()
    created = services.platform_create(
        actor=personas.staff_a,
        on=date(2025, 1, 5),
        status=S.APPROVED,
        level=L.PROVINCIAL,
        document_number="鲁科字〔2019〕3号",
        issuer="省科技厅",
        name="甲县农业科技园区",
        kind=PlatformKind.objects.get(name="农业科技园区"),
        host_institution="甲县农业农村局",
        region=regions.town_a,
    )
    assert (created.status, created.level) == (S.APPROVED, L.PROVINCIAL)  # recorded as approved


def test_scope_staff_elsewhere_and_other_enterprises_are_refused(maker_space, personas):
    with pytest.raises(PermissionDenied):
        services.platform_advance(
            actor=personas.staff_b, platform=maker_space, to=S.NEGOTIATING, on=date(2025, 3, 1)
        )
    with pytest.raises(PermissionDenied):
        services.platform_update(
            actor=personas.enterprise_b, platform=maker_space, version=1, address="乙地"
        )
    assert list(Platform.objects.visible_to(personas.enterprise_b)) == []
    assert list(Platform.objects.visible_to(personas.staff_b)) == []
    # its host enterprise may change its own fields, not the name
    assert list(Platform.objects.visible_to(personas.enterprise_a)) == [maker_space]
    updated = services.platform_update(
        actor=personas.enterprise_a, platform=maker_space, version=1, address="甲镇创业路1号"
    )
    assert updated.address == "甲镇创业路1号" and updated.version == 2
    with pytest.raises(PermissionDenied) as refused:
        services.platform_update(
            actor=personas.enterprise_a, platform=updated, version=2, name="改名"
        )
    assert "平台名称" in str(refused.value)


def test_the_state_block_checks_required_facts():
    from django.db import models

    class Colour(models.TextChoices):
        RED = "red", "红"

    workflow = Workflow(
        key="test.colours",
        choices=Colour,
        moves={INITIAL: frozenset({Colour.RED})},
        event_model=PlatformEvent,
        subject="platform",
        requires={Colour.RED: {"shade": "请填写色号。"}},
    )
    check_facts(workflow, Colour.RED, {"shade": "朱红"})
    with pytest.raises(ValidationError) as refused:
        check_facts(workflow, Colour.RED, {"shade": ""})
    assert refused.value.message_dict == {"shade": ["请填写色号。"]}


def test_the_platform_page_records_a_national_approval_through_its_form(
    client, maker_space, personas
):
    from django.urls import reverse

    client.force_login(personas.staff_a)
    url = reverse("platforms:platform_advance", args=[maker_space.pk])
    page = client.get(maker_space.get_absolute_url()).content.decode()
    assert 'data-testid="advance-form"' in page and "谋划中" in page
    client.post(url, {"to": "applying", "on": "2025-03-01", "level": "national"})
    refused = client.post(url, {"to": "approved", "on": "2025-08-05", "level": "national"})
    assert refused.status_code == 302
    maker_space.refresh_from_db()
    assert maker_space.status == S.APPLYING  # no document number: refused, nothing written
    follow = client.get(maker_space.get_absolute_url()).content.decode()
    assert "获批须填写批准文号" in follow
    client.post(
        url,
        {
            "to": "approved",
            "on": "2025-08-05",
            "level": "national",
            "document_number": "国科火字〔2025〕88号",
            "issuer": "科技部",
        },
    )
    maker_space.refresh_from_db()
    assert (maker_space.status, maker_space.level) == (S.APPROVED, L.NATIONAL)
    page = client.get(maker_space.get_absolute_url()).content.decode()
    history = page[
        page.index('data-testid="platform-events"') : page.index(
            "</table>", page.index('data-testid="platform-events"')
        )
    ]
    rows = [re.findall(r"<td[^>]*>(.*?)</td>", row)[:3] for row in history.split("<tr>")[2:]]
    assert rows == [
        ["2025-02-10", "谋划中", "—"],
        ["2025-03-01", "申报中", "国家级"],
        ["2025-08-05", "已批准", "国家级"],
    ]
    assert "国科火字〔2025〕88号" in history
    # another county's staff cannot post to it; its host enterprise sees it, with no form
    client.force_login(personas.staff_b)
    assert client.post(url, {"to": "revoked", "on": "2026-01-01"}).status_code == 404
    client.force_login(personas.enterprise_a)
    page = client.get(maker_space.get_absolute_url())
    assert page.status_code == 200 and 'data-testid="advance-form"' not in page.content.decode()
    assert client.post(url, {"to": "revoked", "on": "2026-01-01"}).status_code == 403


def test_the_list_counts_platforms_by_type_and_level(client, maker_space, personas, regions):
    from kechuang.platforms.selectors import kind_level_table

    staff = personas.staff_a
    p = services.platform_advance(
        actor=staff, platform=maker_space, to=S.APPLYING, on=date(2025, 3, 1), level=L.NATIONAL
    )
    _approve(staff, p, date(2025, 8, 5), L.NATIONAL, "国科火字〔2025〕88号", "科技部")
    services.platform_create(
        actor=staff,
        on=date(2025, 1, 5),
        status=S.NEGOTIATING,
        name="甲县院士工作站",
        kind=PlatformKind.objects.get(name="院士工作站"),
        host_institution="甲县人民医院",
        region=regions.town_a,
    )
    table = kind_level_table(Platform.objects.visible_to(staff))
    assert table["levels"] == ["national", "provincial", "municipal", "county", ""]
    assert [(r["name"], r["cells"], r["total"]) for r in table["rows"]] == [
        ("众创空间", [1, 0, 0, 0, 0], 1),
        ("院士工作站", [0, 0, 0, 0, 1], 1),
    ]
    assert table["totals"] == [1, 0, 0, 0, 1] and table["total"] == 2
    client.force_login(staff)
    page = client.get("/platforms/", {"status": "negotiating"}).content.decode()
    summary = page[page.index('data-testid="kind-level"') :]
    assert "共 1 个" in summary and "院士工作站" in summary and "众创空间</a>" not in summary
    # another county sees none of them
    client.force_login(personas.staff_b)
    assert 'data-testid="kind-level"' not in client.get("/platforms/").content.decode()


def test_staff_cannot_place_or_host_a_platform_in_another_county(maker_space, personas, registry):
    # the API's fields take any id; the service holds them to the user's region
    with pytest.raises(PermissionDenied):
        services.platform_update(
            actor=personas.staff_a, platform=maker_space, version=1, host_enterprise=registry.b
        )
    with pytest.raises(PermissionDenied):
        services.platform_update(
            actor=personas.staff_a, platform=maker_space, version=1, region=registry.b.region
        )
    with pytest.raises(PermissionDenied):
        services.platform_create(
            actor=personas.staff_a,
            on=date(2025, 1, 5),
            status=S.PLANNING,
            name="越界平台",
            kind=PlatformKind.objects.get(name="众创空间"),
            host_enterprise=registry.b,
            region=registry.a.region,
        )
    maker_space.refresh_from_db()
    assert (maker_space.host_enterprise, maker_space.version) == (registry.a, 1)
    assert not Platform.objects.filter(name="越界平台").exists()
