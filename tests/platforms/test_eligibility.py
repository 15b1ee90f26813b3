"""The eligibility engine reads platform records (issue #16): the tech-SME direct route
"provincial-or-higher R&D institution" and the HTE R&D-management evidence, by the level
held on the application date."""

from __future__ import annotations

from datetime import date

import pytest

from kechuang.enterprises.facts import inputs_for
from kechuang.platforms import services
from kechuang.platforms.choices import PlatformLevel, PlatformStatus
from kechuang.platforms.models import PlatformKind
from kechuang.rules import hte, techsme

pytestmark = pytest.mark.django_db

S, L = PlatformStatus, PlatformLevel


def _approved(actor, enterprise, kind, level, on, name=None):
    return services.platform_create(
        actor=actor,
        on=on,
        status=S.APPROVED,
        level=level,
        document_number="鲁科字〔2024〕5号",
        issuer="省科技厅",
        name=name or f"{enterprise.name}{kind}",
        kind=PlatformKind.objects.get(name=kind),
        host_enterprise=enterprise,
        region=enterprise.region,
    )


def test_a_provincial_enterprise_technology_centre_opens_the_direct_route(personas, registry):
    before = inputs_for([registry.a], 2025)[registry.a.pk]["techsme"]
    assert before.provincial_rd_institution is False
    _approved(personas.staff_a, registry.a, "企业技术中心", L.PROVINCIAL, date(2024, 9, 1))
    sme = inputs_for([registry.a], 2025)[registry.a.pk]["techsme"]
    assert sme.provincial_rd_institution is True
    result = techsme.assess(sme)
    assert result.facts["direct_routes"] == ["拥有省部级以上研发机构"]
    # the application date (30 June) is before a later approval: an earlier year does not see it
    earlier = inputs_for([registry.a], 2024)[registry.a.pk]["techsme"]
    assert earlier.provincial_rd_institution is False


def test_a_municipal_centre_or_a_maker_space_is_not_an_rd_institution(personas, registry):
    _approved(personas.staff_a, registry.a, "企业技术中心", L.MUNICIPAL, date(2024, 1, 1))
    _approved(personas.staff_a, registry.a, "众创空间", L.NATIONAL, date(2024, 1, 1))
    inputs = inputs_for([registry.a], 2025)[registry.a.pk]
    assert inputs["techsme"].provincial_rd_institution is False
    # both are the HTE experts' evidence for R&D management items (2) and (3)
    assert len(inputs["hte"].rd_platforms) == 2
    why = hte.score_parts(inputs["hte"], list(inputs["hte"].years), hte.V2016)
    assert "已有平台：" in why["management"][3] and "国家级众创空间" in why["management"][3]


def test_a_revoked_level_no_longer_counts(personas, registry):
    centre = _approved(personas.staff_a, registry.a, "重点实验室", L.PROVINCIAL, date(2023, 1, 1))
    services.platform_advance(
        actor=personas.staff_a, platform=centre, to=S.REVOKED, on=date(2025, 1, 10)
    )
    inputs = inputs_for([registry.a], 2025)[registry.a.pk]
    assert inputs["techsme"].provincial_rd_institution is False
    assert inputs["hte"].rd_platforms == ()
    why = hte.score_parts(inputs["hte"], list(inputs["hte"].years), hte.V2016)
    assert "尚无经认定的研发机构或创新创业平台" in why["management"][3]
    assert inputs_for([registry.a], 2024)[registry.a.pk]["techsme"].provincial_rd_institution


def test_the_kind_flag_is_what_decides(personas, registry):
    kind = PlatformKind.objects.get(name="院士工作站")
    assert kind.is_rd_institution is False
    _approved(personas.staff_a, registry.a, "院士工作站", L.PROVINCIAL, date(2024, 1, 1))
    assert not inputs_for([registry.a], 2025)[registry.a.pk]["techsme"].provincial_rd_institution
    kind.is_rd_institution = True
    kind.save()
    assert inputs_for([registry.a], 2025)[registry.a.pk]["techsme"].provincial_rd_institution
