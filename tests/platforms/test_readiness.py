"""Level-up readiness (issue #16): conditions per type, target level and year; a platform's
yearly values with evidence; the exact gap in the eligibility engine's wording; the host
enterprise fills and submits, staff review; who may change the shared conditions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kechuang.platforms import readiness, services
from kechuang.platforms.choices import PlatformLevel, PlatformStatus
from kechuang.platforms.models import Criterion, PlatformKind, PlatformYear, ValuesStatus

pytestmark = pytest.mark.django_db

YEAR = 2026
L = PlatformLevel


def _incubator(actor, enterprise, name="哈威科技企业孵化器", level=L.MUNICIPAL):
    return services.platform_create(
        actor=actor,
        on=date(2024, 5, 1),
        status=PlatformStatus.APPROVED,
        level=level,
        document_number="市科字〔2024〕1号",
        issuer="市科技局",
        name=name,
        kind=PlatformKind.objects.get(name="科技企业孵化器"),
        host_enterprise=enterprise,
        region=enterprise.region,
    )


def _conditions(year=YEAR, level=L.PROVINCIAL):
    kind = PlatformKind.objects.get(name="科技企业孵化器")
    made = []
    for order, (key, label, unit, minimum) in enumerate(
        [
            ("area", "孵化场地面积", "平方米", "3000"),
            ("incubatees", "在孵企业", "家", "30"),
            ("graduates", "累计毕业企业", "家", "10"),
        ]
    ):
        made.append(
            services.criterion_save(
                actor=None,
                kind=kind,
                level=level,
                year=year,
                key=key,
                label=label,
                unit=unit,
                minimum=Decimal(minimum),
                order=order,
            )
        )
    return made


@pytest.fixture
def incubator(personas, registry):
    return _incubator(personas.staff_a, registry.a)


def test_one_incubatee_short_says_exactly_that(incubator):
    _conditions()
    services.values_save(
        actor=None,
        platform=incubator,
        year=YEAR,
        values={"area": "3200", "incubatees": "29", "graduates": "12"},
    )
    result = readiness.of(incubator, YEAR)
    assert result.target == L.PROVINCIAL and result.verdict == readiness.GAP
    assert [line.text for line in result.gaps] == ["还差1家在孵企业"]
    assert result.summary == "省级：还差1家在孵企业"
    met = {line.key: line.met for line in result.lines}
    assert met == {"area": True, "incubatees": False, "graduates": True}
    assert "孵化场地面积3200平方米，要求≥3000平方米" in [line.text for line in result.lines]


def test_every_condition_met_is_ready_and_a_missing_value_is_named(incubator):
    _conditions()
    services.values_save(
        actor=None, platform=incubator, year=YEAR, values={"area": "3000", "incubatees": "30"}
    )
    result = readiness.of(incubator, YEAR)
    assert result.verdict == readiness.MISSING
    assert [line.text for line in result.lines if line.met is None] == ["未填报累计毕业企业"]
    assert result.summary == "省级：1项未填报"
    services.values_save(
        actor=None,
        platform=incubator,
        year=YEAR,
        values={"area": "3000", "incubatees": "30", "graduates": "10"},
        version=PlatformYear.objects.get(platform=incubator, year=YEAR).version,
    )
    assert readiness.of(incubator, YEAR).verdict == readiness.READY
    assert readiness.of(incubator, YEAR).summary == "满足省级全部条件"


def test_conditions_carry_over_to_later_years_and_the_level_sought_is_checked(personas, incubator):
    _conditions(year=YEAR - 1)
    _conditions(year=YEAR - 1, level=L.NATIONAL)
    result = readiness.of(incubator, YEAR)
    assert (result.target, result.criteria_year) == (L.PROVINCIAL, YEAR - 1)
    # a provincial platform seeking national level is checked against the national conditions
    services.platform_advance(
        actor=personas.staff_a,
        platform=incubator,
        to="applying",
        on=date(2026, 3, 1),
        level="national",
    )
    incubator.refresh_from_db()
    assert readiness.of(incubator, YEAR).target == L.NATIONAL
    # no conditions set for a type: said so, not "ready"
    assert readiness.check([], {})[0] == readiness.NO_CRITERIA


def test_the_registry_check_costs_two_queries_whatever_the_number(personas, registry):
    _conditions()
    platforms = [_incubator(personas.staff_a, registry.a, name=f"孵化器{i}") for i in range(12)]
    with CaptureQueriesContext(connection) as few:
        readiness.for_platforms(platforms[:2], YEAR)
    with CaptureQueriesContext(connection) as many:
        found = readiness.for_platforms(platforms, YEAR)
    assert len(few) == len(many) == 2
    assert {r.verdict for r in found.values()} == {readiness.MISSING}


def test_bad_values_are_refused_in_chinese_and_nothing_is_written(incubator):
    _conditions()
    with pytest.raises(ValidationError) as caught:
        services.values_save(
            actor=None, platform=incubator, year=YEAR, values={"area": "很多", "incubatees": "-3"}
        )
    messages = caught.value.message_dict
    assert messages["area"] == ["“孵化场地面积”须填写不小于0的数字，收到“很多”。"]
    assert "在孵企业" in messages["incubatees"][0]
    assert not PlatformYear.objects.exists()


def test_the_host_enterprise_fills_submits_and_staff_review(client, personas, registry, incubator):
    _conditions()
    url = reverse("platforms:readiness", args=[incubator.pk]) + f"?year={YEAR}"
    client.force_login(personas.enterprise_a)
    page = client.get(url)
    assert page.status_code == 200 and "values-form" in page.content.decode()
    sent = client.post(
        url, {"year": YEAR, "area": "3100", "incubatees": "29", "graduates": "11", "submit": "1"}
    )
    assert sent.status_code == 302
    row = PlatformYear.objects.get(platform=incubator, year=YEAR)
    assert row.status == ValuesStatus.SUBMITTED and row.values["incubatees"] == "29"
    body = client.get(url).content.decode()
    assert "还差1家在孵企业" in body and "values-form" not in body  # submitted: locked
    # evidence on the year's record, downloadable within scope
    upload = SimpleUploadedFile("场地证明.pdf", b"%PDF-1.4 evidence", "application/pdf")
    from kechuang.core import attachments

    attachments.attachment_add(actor=personas.enterprise_a, obj=row, upload=upload, kind="evidence")
    assert [a.name for a in attachments.attachments_of(personas.enterprise_a, row)] == [
        "场地证明.pdf"
    ]
    assert list(attachments.attachments_of(personas.enterprise_b, row)) == []
    # the enterprise may not review; staff return it with a reason, then it is open again
    review = reverse("platforms:readiness_review", args=[incubator.pk])
    assert client.post(review, {"year": YEAR, "decision": "accept"}).status_code == 403
    client.force_login(personas.staff_a)
    client.post(review, {"year": YEAR, "decision": "return", "review_note": ""})
    row.refresh_from_db()
    assert row.status == ValuesStatus.SUBMITTED  # a return needs its reason
    client.post(review, {"year": YEAR, "decision": "return", "review_note": "在孵企业名单不全"})
    row.refresh_from_db()
    assert (row.status, row.review_note, row.reviewed_by) == (
        ValuesStatus.RETURNED,
        "在孵企业名单不全",
        personas.staff_a,
    )
    client.force_login(personas.enterprise_a)
    assert "values-form" in client.get(url).content.decode()


def test_no_one_reaches_another_enterprises_or_countys_checklist(client, personas, registry):
    _conditions()
    theirs = _incubator(None, registry.b, name="乙方孵化器")
    url = reverse("platforms:readiness", args=[theirs.pk])
    for user in (personas.enterprise_a, personas.staff_a):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, {"area": "1"}).status_code == 404
    with pytest.raises(PermissionDenied):
        services.values_save(actor=personas.enterprise_a, platform=theirs, year=YEAR, values={})
    assert not PlatformYear.objects.exists()


def test_the_readiness_list_shows_the_gap_and_filters_by_verdict(client, personas, registry):
    _conditions()
    short = _incubator(personas.staff_a, registry.a, name="差一家孵化器")
    ready = _incubator(personas.staff_a, registry.a, name="已达标孵化器")
    services.values_save(
        actor=None,
        platform=short,
        year=YEAR,
        values={"area": 5000, "incubatees": 29, "graduates": 10},
    )
    services.values_save(
        actor=None,
        platform=ready,
        year=YEAR,
        values={"area": 5000, "incubatees": 30, "graduates": 10},
    )
    _incubator(None, registry.b, name="CANARY-B 孵化器")
    client.force_login(personas.staff_a)
    url = reverse("platforms:readiness_list")
    body = client.get(url, {"year": YEAR}).content.decode()
    assert "差一家孵化器" in body and "还差1家在孵企业" in body and "CANARY-B" not in body
    gaps = client.get(url, {"year": YEAR, "verdict": "gap"}).content.decode()
    assert "差一家孵化器" in gaps and "已达标孵化器" not in gaps
    export = client.get(url, {"year": YEAR, "verdict": "ready", "export": "xlsx"})
    import io

    import openpyxl

    rows = list(
        openpyxl.load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True)
    )
    assert [r[0] for r in rows[1:]] == ["已达标孵化器"] and rows[1][4] == "满足全部条件"


def test_shared_conditions_are_changed_by_a_city_or_a_lone_county(
    client, personas, regions, registry
):
    from kechuang.accounts.choices import Role

    from ..factories import UserFactory

    kind = PlatformKind.objects.get(name="众创空间")
    data = {
        "kind": kind.pk,
        "level": "provincial",
        "year": YEAR,
        "key": "stations",
        "label": "工位",
        "unit": "个",
        "minimum": "100",
        "order": "1",
        "source": "",
    }
    client.force_login(personas.staff_a)  # a county among two: reads, may not write
    assert client.get(reverse("platforms:criterion_list")).status_code == 200
    assert client.post(reverse("platforms:criterion_add"), data).status_code == 403
    assert not Criterion.objects.exists()
    assert "新增平台类型" not in client.get(reverse("platforms:kind_list")).content.decode()
    city = UserFactory(username="city-staff", roles=[Role.STAFF], region=regions.city)
    client.force_login(city)
    assert client.post(reverse("platforms:criterion_add"), data).status_code == 302
    assert Criterion.objects.get().label == "工位"
    added = client.post(reverse("platforms:kind_list"), {"name": "技术创新中心", "order": 200})
    assert added.status_code == 302 and PlatformKind.objects.filter(name="技术创新中心").exists()
    copied = client.post(reverse("platforms:criteria_copy"), {"source": YEAR, "target": YEAR + 1})
    assert copied.status_code == 302 and Criterion.objects.filter(year=YEAR + 1).count() == 1
    client.force_login(personas.enterprise_a)
    assert client.get(reverse("platforms:criterion_list")).status_code == 403


def test_on_a_lone_countys_installation_its_staff_keep_the_dictionary(personas, regions):
    assert services.may_edit_reference(personas.staff_a) is False  # two counties here
    personas.staff_b.region = regions.county_a
    personas.staff_b.save()
    personas.enterprise_b.region = regions.county_a
    personas.enterprise_b.save()
    regions.town_b.delete()
    regions.county_b.delete()
    assert services.may_edit_reference(personas.staff_a) is True
    assert services.may_edit_reference(personas.leader) is False  # staff only


def test_the_registry_list_says_each_rows_gap_and_filters_by_industry(
    client, personas, registry, incubator
):
    _conditions(year=date.today().year)
    services.values_save(
        actor=None,
        platform=incubator,
        year=date.today().year,
        values={"area": "3200", "incubatees": "29", "graduates": "12"},
    )
    registry.a.industry_code = "3411"
    registry.a.save()
    client.force_login(personas.staff_a)
    body = client.get(reverse("platforms:platform_list")).content.decode()
    assert "省级：还差1家在孵企业" in body
    url = reverse("platforms:platform_list")
    assert "哈威科技企业孵化器" in client.get(url, {"industry": "34"}).content.decode()
    assert "哈威科技企业孵化器" not in client.get(url, {"industry": "27"}).content.decode()


def test_the_gap_column_leaves_the_row_numbers_alone(client, personas, registry):
    for i in range(3):
        _incubator(personas.staff_a, registry.a, name=f"孵化器{i}")
    client.force_login(personas.staff_a)
    body = client.get(reverse("platforms:platform_list")).content.decode()
    import re

    serials = re.findall(r'<td class="serial">(\d+)</td>', body)
    assert serials == ["1", "2", "3"]


def test_an_enterprise_finds_its_platforms_in_the_list(client, personas, registry, incubator):
    _incubator(None, registry.b, name="CANARY-B 孵化器")
    client.force_login(personas.enterprise_a)
    body = client.get(reverse("platforms:platform_list")).content.decode()
    assert "哈威科技企业孵化器" in body and "CANARY-B" not in body
    assert 'data-testid="readiness-link"' not in body  # the bureau's pages are not offered
    detail = client.get(incubator.get_absolute_url()).content.decode()
    assert reverse("platforms:readiness", args=[incubator.pk]) in detail


def test_the_list_searches_platform_host_enterprise_and_institution_names(
    client, personas, registry, regions, incubator
):
    services.platform_create(
        actor=personas.staff_a,
        on=date(2025, 1, 1),
        status=PlatformStatus.PLANNING,
        name="甘薯研究院",
        kind=PlatformKind.objects.get(name="产业研究院"),
        host_institution="甲县农科所",
        region=regions.town_a,
    )
    _incubator(None, registry.b, name="乙方孵化器")  # its host's name holds 乙方: not county A's
    client.force_login(personas.staff_a)
    url = reverse("platforms:platform_list")

    def names(q):
        return sorted(r.name for r in client.get(url, {"q": q}).context["table"].data)

    assert names("哈威机械") == ["哈威科技企业孵化器"]  # by the host enterprise's name
    assert names("农科所") == ["甘薯研究院"]  # by the institution
    assert names("甘薯") == ["甘薯研究院"]  # by its own name
    assert names("乙方") == []  # another county's host is no match here
    registry.a.name = "新名字机械有限公司"  # a host renamed: found by its new name
    registry.a.save()
    assert names("新名字") == ["哈威科技企业孵化器"] and names("哈威机械") == []
