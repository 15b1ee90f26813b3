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

from .choices import DEFAULT_KINDS, PlatformStatus, kind_flags
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
        PlatformKind.objects.get_or_create(
            name=name, defaults={"order": order * 10, **kind_flags(name)}
        )
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


# --- the type dictionary and the level-up conditions (shared reference data) ----------------


def may_edit_reference(actor: Any) -> bool:
    """Who may change the type dictionary and the level-up conditions, which every county of
    the installation shares: staff of a city or the province; on an installation holding one
    county (a county's laptop), that county's staff (decision 64)."""
    from kechuang.accounts.choices import RegionLevel
    from kechuang.accounts.models import Region

    if actor is None:
        return True
    if "staff" not in user_roles(actor) or getattr(actor, "region", None) is None:
        return False
    if actor.region.level <= RegionLevel.CITY:
        return True
    return bool(Region.objects.filter(level=RegionLevel.COUNTY).count() <= 1)


def _check_reference(actor: Any) -> None:
    if not may_edit_reference(actor):
        raise PermissionDenied(
            _("平台类型和升级条件由市级或省级科技部门维护；如需增改，请联系上级业务人员。")
        )


def kind_save(
    *, actor: Any, kind: PlatformKind | None, version: int | None, **fields: Any
) -> PlatformKind:
    """Add a type to the dictionary, or change one (its name, order, flags)."""
    from .models import KIND_FIELDS

    _check_reference(actor)
    changes = KIND_FIELDS.pick(fields)
    if kind is None:
        kind = PlatformKind(**changes)
        kind.full_clean()
        kind.save()
        return kind
    saved: PlatformKind = save_versioned(kind, expected_version=version, changes=changes)
    return saved


CRITERION_FIELDS = ("kind", "level", "year", "key", "label", "unit", "minimum", "order", "source")


def criterion_save(*, actor: Any, criterion: Any = None, **fields: Any) -> Any:
    """Add or change one level-up condition."""
    from .models import Criterion

    _check_reference(actor)
    changes = {k: v for k, v in fields.items() if k in CRITERION_FIELDS}
    criterion = criterion or Criterion()
    for name, value in changes.items():
        setattr(criterion, name, value)
    criterion.full_clean()
    criterion.save()
    return criterion


def criterion_delete(*, actor: Any, criterion: Any) -> None:
    _check_reference(actor)
    criterion.delete()


@transaction.atomic
def criteria_copy(*, actor: Any, source: int, target: int) -> int:
    """Carry a year's conditions to another year (those the target year lacks); the count
    copied. Staff then edit the numbers that changed."""
    from .models import Criterion

    _check_reference(actor)
    have = set(Criterion.objects.filter(year=target).values_list("kind_id", "level", "key"))
    made = 0
    for c in Criterion.objects.filter(year=source):
        if (c.kind_id, c.level, c.key) in have:
            continue
        Criterion.objects.create(
            kind_id=c.kind_id,
            level=c.level,
            year=target,
            key=c.key,
            label=c.label,
            unit=c.unit,
            minimum=c.minimum,
            order=c.order,
            source=c.source,
        )
        made += 1
    if not made:
        raise ValidationError(
            _("%(s)s年度没有可复制的升级条件（或%(t)s年度已全部设定）。")
            % {"s": source, "t": target}
        )
    return made


# --- a platform's yearly values, with evidence, and their review -------------------------


def _criteria_keys(platform: Platform, year: int) -> dict[str, Any]:
    from .models import Criterion
    from .readiness import next_level

    found = Criterion.objects.filter(
        kind_id=platform.kind_id, level=next_level(platform), year__lte=year
    )
    latest = found.order_by("-year").values_list("year", flat=True).first()
    return {c.key: c for c in found.filter(year=latest)} if latest else {}


@transaction.atomic
def values_save(
    *,
    actor: Any,
    platform: Platform,
    year: int,
    values: dict[str, Any],
    version: int | None = None,
    submit: bool = False,
) -> Any:
    """The host enterprise (or staff) records the year's values; ``submit`` hands them to
    staff for review. A value must be a number ≥ 0; a submitted or accepted year is changed
    only by staff (or after staff return it)."""
    from .models import PlatformYear, ValuesStatus
    from .readiness import number

    _check_scope(actor, platform)
    known = _criteria_keys(platform, year)
    errors = {}
    clean: dict[str, str] = {}
    for key, raw in values.items():
        if key not in known:
            continue
        if raw in (None, ""):
            continue
        value = number(raw)
        if value is None or value < 0:
            errors[key] = _("“%(l)s”须填写不小于0的数字，收到“%(v)s”。") % {
                "l": known[key].label,
                "v": raw,
            }
        else:
            clean[key] = str(value)
    if errors:
        raise ValidationError(errors)
    row = PlatformYear.objects.filter(platform=platform, year=year).first()
    enterprise = "enterprise" in user_roles(actor) if actor is not None else False
    if (
        row is not None
        and enterprise
        and row.status
        in (
            ValuesStatus.SUBMITTED,
            ValuesStatus.ACCEPTED,
        )
    ):
        raise ValidationError(
            _("%(y)s年度的指标已%(s)s，如需修改请联系科技局退回。")
            % {"y": year, "s": row.get_status_display()}
        )
    status = ValuesStatus.SUBMITTED if submit else ValuesStatus.DRAFT
    if not enterprise and row is not None and row.status == ValuesStatus.ACCEPTED and not submit:
        status = ValuesStatus.ACCEPTED  # staff correcting accepted values keep them accepted
    if row is None:
        row = PlatformYear(platform=platform, year=year, values=clean, status=status)
        row.full_clean()
        row.save()
        return row
    saved = save_versioned(
        row, expected_version=version, changes={"values": clean, "status": status}
    )
    return saved


def values_review(*, actor: Any, row: Any, accept: bool, note: str = "") -> Any:
    """Staff accept the submitted values or return them with a reason."""
    from django.utils import timezone

    from .models import ValuesStatus

    _check_scope(actor, row.platform)
    if "staff" not in user_roles(actor):
        raise PermissionDenied(_("只有科技局业务人员可以审核平台指标。"))
    if row.status != ValuesStatus.SUBMITTED:
        raise ValidationError(
            _("只有已提交的指标可以审核（当前：%(s)s）。") % {"s": row.get_status_display()}
        )
    if not accept and not note.strip():
        raise ValidationError({"review_note": _("退回时请写明原因。")})
    return save_versioned(
        row,
        expected_version=row.version,
        changes={
            "status": ValuesStatus.ACCEPTED if accept else ValuesStatus.RETURNED,
            "review_note": note.strip(),
            "reviewed_by": actor,
            "reviewed_at": timezone.now(),
        },
    )
