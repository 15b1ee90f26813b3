"""Every write to the platform registry: create, update, advance the status, evaluate."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kechuang.core.locking import save_versioned
from kechuang.core.scoping import check_enterprise_in_scope, user_roles
from kechuang.core.states import transition

from .choices import DEFAULT_KINDS, PlatformStatus
from .models import (
    PLATFORM_FIELDS,
    PLATFORM_WORKFLOW,
    Platform,
    PlatformEvaluation,
    PlatformKind,
    above,
)


def default_kinds() -> dict[str, PlatformKind]:
    """The dictionary's first entries, added where missing (the data migration adds them; a
    database emptied since — a restore, a test that flushes — gets them back), by name."""
    for order, name in enumerate(DEFAULT_KINDS, start=1):
        PlatformKind.objects.get_or_create(name=name, defaults={"order": order * 10})
    return {kind.name: kind for kind in PlatformKind.objects.all()}


def _check_scope(actor: Any, platform: Platform) -> None:
    """The services' own guard (pages and the API read ``visible_to`` already): staff within
    their region, an enterprise user only the platforms its enterprise hosts."""
    if actor is None:
        return  # the system (imports name their user through the audit context)
    roles = user_roles(actor)
    home = getattr(actor, "region", None)
    in_region = (
        bool(roles & Platform.scope.region_roles)
        and home is not None
        and platform.region.code.startswith(home.code)
    )
    hosted = "enterprise" in roles and platform.host_enterprise_id is not None
    hosted = hosted and platform.host_enterprise_id == getattr(actor, "enterprise_id", None)
    if not (in_region or hosted):
        raise PermissionDenied(_("无权操作该平台。"))


def _check_placing(actor: Any, fields: dict[str, Any]) -> None:
    """The town and host enterprise a create or an edit sets lie within the actor's region
    (the API's fields accept any id: this is where they are held to the user's scope)."""
    if actor is None or "enterprise" in user_roles(actor):
        return  # the system; an enterprise user may not set these fields at all (refused above)
    home = getattr(actor, "region", None)
    region = fields.get("region")
    if region is not None and (home is None or not region.code.startswith(home.code)):
        raise PermissionDenied(_("该乡镇（街道）不在您的管辖范围内。"))
    if fields.get("host_enterprise") is not None:
        check_enterprise_in_scope(actor, fields["host_enterprise"])


@transaction.atomic
def platform_create(*, actor: Any, on: date, status: str, **fields: Any) -> Platform:
    """A new platform entering its first state on ``on`` (an already approved platform enters
    as approved, with its level, document number and issuer)."""
    facts = {k: fields.pop(k) for k in ("level", "document_number", "issuer") if k in fields}
    platform = Platform(**PLATFORM_FIELDS.pick(fields))
    _check_scope(actor, platform)
    _check_placing(actor, fields)
    platform_advance(actor=actor, platform=platform, to=status, on=on, **facts)
    return platform


def platform_update(
    *, actor: Any, platform: Platform, version: int | None, **fields: Any
) -> Platform:
    _check_scope(actor, platform)
    refused = PLATFORM_FIELDS.refused(fields, actor)
    if refused:
        labels = "、".join(
            str(getattr(Platform._meta.get_field(n), "verbose_name", n)) for n in refused
        )
        raise PermissionDenied(_("企业用户不能修改这些项目：%(f)s") % {"f": labels})
    changes = PLATFORM_FIELDS.pick(fields)
    _check_placing(actor, changes)
    saved: Platform = save_versioned(platform, expected_version=version, changes=changes)
    return saved


@transaction.atomic
def platform_advance(
    *,
    actor: Any,
    platform: Platform,
    to: str,
    on: date,
    note: str = "",
    level: str = "",
    document_number: str = "",
    issuer: str = "",
) -> Platform:
    """Move to the next state. An application names the level it seeks (above the current
    one); an approval its level, document number and issuer, and the platform then holds that
    level. A refused move or a missing fact is explained in Chinese; nothing is written."""
    _check_scope(actor, platform)
    record: dict[str, Any] = {}
    if to == PlatformStatus.APPLYING and level:
        if platform.level and not above(level, platform.level):
            raise ValidationError(
                {
                    "level": _("申报级别须高于现有级别（%(l)s）。")
                    % {"l": platform.get_level_display()}
                }
            )
        record["sought_level"] = level
    if to == PlatformStatus.APPROVED and level:
        record["level"] = level
        record["sought_level"] = ""
    if to in (PlatformStatus.REJECTED, PlatformStatus.REVOKED):
        record["sought_level"] = ""
    if to == PlatformStatus.REVOKED:
        record["level"] = ""
    transition(
        workflow=PLATFORM_WORKFLOW,
        actor=actor,
        obj=platform,
        to=to,
        on=on,
        note=note,
        record=record,
        level=level,
        document_number=document_number.strip(),
        issuer=issuer.strip(),
    )
    platform.refresh_from_db()
    return platform


def platform_evaluate(
    *, actor: Any, platform: Platform, year: int, grade: str, on: date, document_number: str = ""
) -> PlatformEvaluation:
    """An annual evaluation of an approved platform, once per year."""
    _check_scope(actor, platform)
    if not platform.level:
        raise ValidationError({"grade": _("只有已获批的平台才能登记年度考核结果。")})
    if PlatformEvaluation.objects.filter(platform=platform, year=year).exists():
        raise ValidationError({"year": _("%(y)s年度的考核结果已登记。") % {"y": year}})
    evaluation = PlatformEvaluation(
        platform=platform,
        year=year,
        grade=grade,
        evaluated_on=on,
        document_number=document_number.strip(),
    )
    evaluation.full_clean()
    evaluation.save()
    return evaluation
