"""Registry services: validation rules, scope, optimistic locking, enterprise-user limits."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from kechuang.core.locking import EditConflict
from kechuang.enterprises import services
from kechuang.enterprises.choices import IpClass, ip_class_for
from kechuang.enterprises.models import AnnualFigures, Enterprise

from .factories import make_uscc

pytestmark = pytest.mark.django_db


def test_create_normalises_the_uscc_and_sets_pinyin(personas, regions):
    code = make_uscc("990101", 77)
    enterprise = services.enterprise_create(
        actor=personas.staff_a,
        uscc=" " + code.lower() + " ",
        name="哈威机械有限公司",
        region=regions.town_a,
        industry_code="C3411",
    )
    assert enterprise.uscc == code and enterprise.industry_code == "3411"
    assert enterprise.name_initials == "hwjxyxgs" and enterprise.name_pinyin.startswith("hawei")


def test_a_bad_uscc_says_which_check_failed(personas, regions):
    code = make_uscc("990101", 78)
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    with pytest.raises(ValidationError) as info:
        services.enterprise_create(
            actor=personas.staff_a, uscc=wrong, name="X", region=regions.town_a
        )
    assert "第18位校验码错误" in info.value.message_dict["uscc"][0]


def test_org_code_warning_needs_confirmation(personas, regions):
    from kechuang.rules import uscc

    first17 = "91990101" + "MA5G1234" + "4"  # GB 11714 check should be 3
    code = first17 + uscc.check_character(first17)
    with pytest.raises(ValidationError) as info:
        services.enterprise_create(
            actor=personas.staff_a, uscc=code, name="老企业", region=regions.town_a
        )
    assert "已确认代码告警" in info.value.message_dict["uscc"][0]
    enterprise = services.enterprise_create(
        actor=personas.staff_a,
        uscc=code,
        name="老企业",
        region=regions.town_a,
        uscc_warning_confirmed=True,
    )
    assert enterprise.pk


def test_staff_cannot_register_outside_their_region(personas, regions):
    with pytest.raises(PermissionDenied):
        services.enterprise_create(
            actor=personas.staff_a,
            uscc=make_uscc("990102", 1),
            name="外县企业",
            region=regions.town_b,
        )


def test_unknown_industry_code_is_rejected(personas, regions):
    with pytest.raises(ValidationError) as info:
        services.enterprise_create(
            actor=personas.staff_a,
            uscc=make_uscc("990101", 2),
            name="X",
            region=regions.town_a,
            industry_code="9999",
        )
    assert "GB/T 4754" in info.value.message_dict["industry_code"][0]


def test_stale_version_is_refused_and_nothing_is_overwritten(personas, registry):
    a = registry.a
    first = services.enterprise_update(
        actor=personas.staff_a, enterprise=a, version=1, address="新地址一"
    )
    assert first.version == 2
    with pytest.raises(EditConflict) as info:
        services.enterprise_update(
            actor=personas.staff_a, enterprise=a, version=1, address="新地址二"
        )
    assert "已被他人修改" in str(info.value)
    a.refresh_from_db()
    assert a.address == "新地址一" and a.version == 2


@pytest.mark.parametrize(
    "fields,field",
    [
        ({"employees": 10, "st_staff": 11}, "st_staff"),
        ({"employees": 10, "rd_staff": 11}, "rd_staff"),
        ({"employees": 10, "bachelor_plus_staff": 11}, "bachelor_plus_staff"),
        ({"rd_expense": Decimal(100), "rd_expense_domestic": Decimal(101)}, "rd_expense_domestic"),
        ({"total_revenue": Decimal(100), "high_tech_revenue": Decimal(101)}, "high_tech_revenue"),
        ({"sales_revenue": Decimal(-1)}, "sales_revenue"),
    ],
)
def test_figure_rules_are_field_errors(personas, registry, fields, field):
    with pytest.raises(ValidationError) as info:
        services.annual_figures_upsert(
            actor=personas.staff_a, enterprise=registry.a, year=2020, **fields
        )
    assert field in info.value.message_dict


def test_negative_profit_is_allowed(personas, registry):
    figures = services.annual_figures_upsert(
        actor=personas.staff_a, enterprise=registry.a, year=2020, profit=Decimal("-50000.00")
    )
    assert figures.profit == Decimal("-50000.00")


def test_one_row_per_enterprise_and_year_in_the_database(registry):
    with pytest.raises(IntegrityError), transaction.atomic():
        AnnualFigures.objects.create(enterprise=registry.a, year=2024)


def test_database_rejects_more_st_staff_than_employees(registry):
    with pytest.raises(IntegrityError), transaction.atomic():
        AnnualFigures.objects.create(enterprise=registry.a, year=2019, employees=5, st_staff=6)


def test_upsert_updates_the_existing_year(personas, registry):
    figures = services.annual_figures_upsert(
        actor=personas.staff_a, enterprise=registry.a, year=2024, version=1, employees=120
    )
    assert figures.employees == 120 and figures.version == 2
    assert AnnualFigures.objects.filter(enterprise=registry.a).count() == 1


def test_enterprise_user_edits_only_its_own_enterprise(personas, registry):
    with pytest.raises(PermissionDenied):
        services.enterprise_update(
            actor=personas.enterprise_a, enterprise=registry.b, version=None, address="x"
        )
    with pytest.raises(PermissionDenied):
        services.annual_figures_upsert(
            actor=personas.enterprise_a, enterprise=registry.b, year=2023, employees=1
        )


def test_enterprise_user_cannot_change_bureau_fields(personas, registry):
    with pytest.raises(ValidationError):
        services.enterprise_update(
            actor=personas.enterprise_a, enterprise=registry.a, version=None, is_key_cultivated=True
        )
    updated = services.enterprise_update(
        actor=personas.enterprise_a, enterprise=registry.a, version=None, address="企业自填地址"
    )
    assert updated.address == "企业自填地址" and not updated.is_key_cultivated


def test_enterprise_user_cannot_create_enterprises(personas, regions):
    with pytest.raises(PermissionDenied):
        services.enterprise_create(
            actor=personas.enterprise_a,
            uscc=make_uscc("990101", 9),
            name="X",
            region=regions.town_a,
        )


@pytest.mark.parametrize(
    "kind,expected",
    [
        ("invention", IpClass.CLASS_I),
        ("ic_layout", IpClass.CLASS_I),
        ("plant_variety", IpClass.CLASS_I),
        ("utility_model", IpClass.CLASS_II),
        ("software_copyright", IpClass.CLASS_II),
        ("design_patent", IpClass.CLASS_II),
        ("trademark", IpClass.NONE),
    ],
)
def test_ip_class_follows_the_guideline(kind, expected):
    assert ip_class_for(kind) == expected


def test_granted_ip_needs_a_grant_date_not_before_application(personas, registry):
    from datetime import date

    with pytest.raises(ValidationError):
        services.ip_create(
            actor=personas.staff_a,
            enterprise=registry.a,
            kind="invention",
            number="ZL1",
            title="x",
            status="granted",
        )
    with pytest.raises(ValidationError):
        services.ip_create(
            actor=personas.staff_a,
            enterprise=registry.a,
            kind="invention",
            number="ZL2",
            title="x",
            status="granted",
            applied_on=date(2024, 5, 1),
            granted_on=date(2024, 1, 1),
        )


def test_enterprise_account_is_linked_and_scoped(personas, registry):
    user = services.enterprise_user_create(
        actor=personas.staff_a,
        enterprise=registry.a,
        username="hawei-contact",
        password="Ok#Pass20261",
    )
    assert user.enterprise_id == registry.a.pk and user.role_names == {"enterprise"}
    assert list(Enterprise.objects.visible_to(user)) == [registry.a]
