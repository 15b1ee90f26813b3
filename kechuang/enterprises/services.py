"""Writes on the registry. Views, API, importers, commands and the demo call these only."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kechuang.accounts import services as account_services
from kechuang.accounts.choices import Role
from kechuang.accounts.models import Region, User
from kechuang.core.fields import is_enterprise_user
from kechuang.core.locking import save_versioned
from kechuang.rules import uscc as uscc_rules
from kechuang.utilities import pinyin

from .models import (
    ENTERPRISE_FIELDS,
    FIGURE_FIELDS,
    IP_FIELDS,
    AnnualFigures,
    Enterprise,
    EnterpriseMember,
    IntellectualProperty,
    Qualification,
)

# The field lists live with the models (core.fields.Fields): one list per model.
PROFILE_FIELDS = frozenset(ENTERPRISE_FIELDS)
ENTERPRISE_EDITABLE = ENTERPRISE_FIELDS.own
FIGURE_FIELD_SET = frozenset(FIGURE_FIELDS)
IP_FIELD_SET = frozenset(IP_FIELDS)


def is_enterprise_actor(actor: User | None) -> bool:
    return is_enterprise_user(actor)


def _check_region(actor: User | None, region: Region) -> None:
    if actor is None:
        return
    if actor.region is None or not region.code.startswith(actor.region.code):
        raise PermissionDenied(_("所在乡镇（街道）不在您的管辖范围内。"))


def _check_owns(actor: User | None, enterprise: Enterprise) -> None:
    """Enterprise users act on their own enterprise only; staff within their region."""
    if actor is None:
        return
    if is_enterprise_actor(actor):
        if actor.enterprise_id != enterprise.pk:
            raise PermissionDenied(_("只能维护本企业的数据。"))
        return
    _check_region(actor, enterprise.region)


def _only(fields: dict[str, Any], allowed: frozenset[str]) -> dict[str, Any]:
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(_("不能修改的字段：%(f)s") % {"f": "、".join(sorted(unknown))})
    return fields


def set_search_keys(enterprise: Enterprise) -> None:
    enterprise.name_initials = pinyin.initials(enterprise.name)[:200]
    enterprise.name_pinyin = pinyin.full(enterprise.name)[:600]
    enterprise.name_sort = pinyin.sort_key(enterprise.name)[:800]


def _normalise(fields: dict[str, Any]) -> dict[str, Any]:
    if "uscc" in fields:
        fields = {**fields, "uscc": uscc_rules.normalise(fields["uscc"])}
    return fields


@transaction.atomic
def enterprise_create(*, actor: User | None, **fields: Any) -> Enterprise:
    if is_enterprise_actor(actor):
        raise PermissionDenied(_("企业用户不能新建企业。"))
    _only(fields, PROFILE_FIELDS)
    fields = _normalise(fields)
    enterprise = Enterprise(**fields)
    _check_region(actor, enterprise.region)
    set_search_keys(enterprise)
    enterprise.full_clean()
    enterprise.save()
    return enterprise


@transaction.atomic
def enterprise_update(
    *, actor: User | None, enterprise: Enterprise, version: int | None, **fields: Any
) -> Enterprise:
    _check_owns(actor, enterprise)
    allowed = ENTERPRISE_EDITABLE if is_enterprise_actor(actor) else PROFILE_FIELDS
    _only(fields, allowed)
    fields = _normalise(fields)
    if "region" in fields:
        _check_region(actor, fields["region"])
    if "name" in fields:
        probe = Enterprise(name=fields["name"])
        set_search_keys(probe)
        fields = {
            **fields,
            "name_initials": probe.name_initials,
            "name_pinyin": probe.name_pinyin,
            "name_sort": probe.name_sort,
        }
    return save_versioned(enterprise, expected_version=version, changes=fields)


@transaction.atomic
def annual_figures_upsert(
    *,
    actor: User | None,
    enterprise: Enterprise,
    year: int,
    version: int | None = None,
    **fields: Any,
) -> AnnualFigures:
    """Create the year's figures, or update them if the row exists (locking on ``version``)."""
    _check_owns(actor, enterprise)
    _only(fields, FIGURE_FIELD_SET)
    existing = AnnualFigures.objects.filter(enterprise=enterprise, year=year).first()
    if existing is None:
        figures = AnnualFigures(enterprise=enterprise, year=year, **fields)
        figures.full_clean()
        figures.save()
        return figures
    updated: AnnualFigures = save_versioned(existing, expected_version=version, changes=fields)
    return updated


@transaction.atomic
def ip_create(*, actor: User | None, enterprise: Enterprise, **fields: Any) -> IntellectualProperty:
    _check_owns(actor, enterprise)
    _only(fields, IP_FIELD_SET)
    right = IntellectualProperty(enterprise=enterprise, **fields)
    right.full_clean()
    right.save()
    return right


@transaction.atomic
def ip_update(
    *, actor: User | None, right: IntellectualProperty, version: int | None, **fields: Any
) -> IntellectualProperty:
    _check_owns(actor, right.enterprise)
    _only(fields, IP_FIELD_SET)
    return save_versioned(right, expected_version=version, changes=fields)


@transaction.atomic
def qualification_create(
    *, actor: User | None, enterprise: Enterprise, **fields: Any
) -> Qualification:
    if is_enterprise_actor(actor):
        raise PermissionDenied(_("资质由科技局维护。"))
    _check_owns(actor, enterprise)
    item = Qualification(enterprise=enterprise, **fields)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def enterprise_user_create(
    *,
    actor: User | None,
    enterprise: Enterprise,
    username: str,
    password: str,
    full_name: str = "",
    phone: str = "",
    email: str = "",
    must_change_password: bool = True,
    is_demo: bool = False,
) -> User:
    """An account for an enterprise's contact person, linked to exactly that enterprise.

    Bureau staff may create these (issue #3) although they grant no other role: the account gets
    the enterprise role only, in the enterprise's own town, and the staff member's scope is checked.
    """
    if is_enterprise_actor(actor):
        raise PermissionDenied(_("企业账号由科技局创建。"))
    _check_owns(actor, enterprise)
    user = account_services.user_create(
        actor=None,
        username=username,
        password=password,
        roles=[Role.ENTERPRISE],
        region=enterprise.region,
        full_name=full_name,
        phone=phone,
        email=email,
        must_change_password=must_change_password,
        is_demo=is_demo,
    )
    EnterpriseMember.objects.create(user=user, enterprise=enterprise)
    user.__dict__.pop("enterprise_id", None)
    return user
