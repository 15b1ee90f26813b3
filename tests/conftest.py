"""Personas and regions shared by the whole suite (style.md rule 9)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from kechuang.accounts.choices import RegionLevel, Role
from kechuang.accounts.models import Region, User

from .factories import PASSWORD, RegionFactory, UserFactory


@pytest.fixture(autouse=True)
def _fresh_page_cache():
    """Each test starts with an empty process cache. The dashboard's key is the user, region,
    period and the newest audit id; a rolled-back test leaves SQLite to hand the same ids to
    the next test, so a dashboard cached by one test could answer another's."""
    from django.core.cache import caches

    caches["default"].clear()


@dataclass
class Regions:
    province: Region
    city: Region
    county_a: Region
    county_b: Region
    town_a: Region
    town_b: Region


@pytest.fixture
def regions(db) -> Regions:
    province = RegionFactory(code="99", name="测试省", level=RegionLevel.PROVINCE)
    city = RegionFactory(code="9901", name="测试市", level=RegionLevel.CITY, parent=province)
    county_a = RegionFactory(code="990101", name="甲县", level=RegionLevel.COUNTY, parent=city)
    county_b = RegionFactory(code="990102", name="乙县", level=RegionLevel.COUNTY, parent=city)
    town_a = RegionFactory(code="990101101", name="甲一镇", level=RegionLevel.TOWN, parent=county_a)
    town_b = RegionFactory(code="990102101", name="乙一镇", level=RegionLevel.TOWN, parent=county_b)
    return Regions(province, city, county_a, county_b, town_a, town_b)


@dataclass
class Personas:
    admin: User
    security: User
    auditor: User
    staff_a: User
    staff_b: User
    leader: User
    enterprise_a: User
    enterprise_b: User
    commissioner: User

    def all(self) -> dict[str, User]:
        return dict(self.__dict__)


@pytest.fixture
def personas(regions) -> Personas:
    a, b = regions.county_a, regions.county_b
    return Personas(
        admin=UserFactory(username="p-admin", roles=[Role.BUREAU_ADMIN], region=a),
        security=UserFactory(username="p-security", roles=[Role.SECURITY_ADMIN], region=a),
        auditor=UserFactory(username="p-auditor", roles=[Role.AUDITOR], region=a),
        staff_a=UserFactory(username="p-staff-a", roles=[Role.STAFF], region=a),
        staff_b=UserFactory(username="p-staff-b", roles=[Role.STAFF], region=b),
        leader=UserFactory(username="p-leader", roles=[Role.LEADER], region=a),
        enterprise_a=UserFactory(username="p-ent-a", roles=[Role.ENTERPRISE], region=a),
        enterprise_b=UserFactory(username="p-ent-b", roles=[Role.ENTERPRISE], region=b),
        commissioner=UserFactory(
            username="p-commissioner", roles=[Role.COMMISSIONER], region=regions.town_a
        ),
    )


@pytest.fixture
def password() -> str:
    return PASSWORD


def login_post(client, username: str, password: str, **extra):
    return client.post(
        "/accounts/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=extra.pop("REMOTE_ADDR", "10.1.2.3"),
        **extra,
    )


@dataclass
class Registry:
    a: object
    b: object


@pytest.fixture
def registry(personas, regions):
    """Enterprise A (county A, linked to p-ent-a) and B (county B, linked to p-ent-b).

    B carries canary strings and unusual figures so leaks are easy to spot (security.md §5.5).
    """
    from decimal import Decimal

    from kechuang.enterprises.models import EnterpriseMember

    from .enterprises.factories import AnnualFiguresFactory, EnterpriseFactory, IpFactory

    a = EnterpriseFactory(
        name="哈威机械有限公司", region=regions.town_a, contact_phone="13800000001"
    )
    b = EnterpriseFactory(
        name="CANARY-B-7f3a 乙方制药有限公司",
        region=regions.town_b,
        contact_phone="13987654321",
        address="CANARY-B-ADDRESS",
    )
    AnnualFiguresFactory(enterprise=a, year=2024)
    AnnualFiguresFactory(enterprise=b, year=2024, sales_revenue=Decimal("987654321.12"))
    IpFactory(enterprise=b, title="CANARY-B-PATENT", number="ZL-CANARY-B")
    EnterpriseMember.objects.create(user=personas.enterprise_a, enterprise=a)
    EnterpriseMember.objects.create(user=personas.enterprise_b, enterprise=b)
    for user in (personas.enterprise_a, personas.enterprise_b):
        user.__dict__.pop("enterprise_id", None)
    return Registry(a, b)
