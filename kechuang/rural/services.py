"""Every write of the rural line's roster: commissioners, roster notices (one act adding and
removing), key villages and assignments."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kechuang.core.locking import create_validated, save_versioned
from kechuang.core.scoping import check_staff_in_region

from .choices import RosterAction
from .models import (
    ACHIEVEMENT_FIELDS,
    APPRAISAL_FIELDS,
    ASSIGNMENT_FIELDS,
    COMMISSIONER_FIELDS,
    DONATION_FIELDS,
    KEY_VILLAGE_FIELDS,
    NOTICE_FIELDS,
    RULE_FIELDS,
    SERVICE_FIELDS,
    TEAM_FIELDS,
    TRAINING_FIELDS,
    Achievement,
    Appraisal,
    Assignment,
    Commissioner,
    Donation,
    KeyVillage,
    PointsRule,
    RosterChange,
    RosterNotice,
    ServiceRecord,
    ServiceTeam,
    Training,
)


def _check_account(account: Any, region: Any) -> None:
    """The login linked to a commissioner is a commissioner's account of that county."""
    if account is None:
        return
    if not account.has_role("commissioner"):
        raise ValidationError({"user": _("账号“%(u)s”不是科技特派员账号。") % {"u": account}})
    home = getattr(account, "region", None)
    if region is not None and (home is None or not home.code.startswith(region.code)):
        raise ValidationError({"user": _("账号“%(u)s”不属于该县（区）。") % {"u": account}})


def commissioner_create(*, actor: Any, **fields: Any) -> Commissioner:
    values = COMMISSIONER_FIELDS.pick(fields)
    if values.get("region") is None and actor is not None:
        values["region"] = actor.region
    check_staff_in_region(actor, values.get("region"))
    _check_account(values.get("user"), values.get("region"))
    created: Commissioner = create_validated(Commissioner, values)
    return created


def commissioner_update(
    *, actor: Any, commissioner: Commissioner, version: int | None, **fields: Any
) -> Commissioner:
    check_staff_in_region(actor, commissioner.region)
    changes = COMMISSIONER_FIELDS.pick(fields)
    if "region" in changes:
        check_staff_in_region(actor, changes["region"])
    if changes.get("user") is not None:
        _check_account(changes["user"], changes.get("region", commissioner.region))
    saved: Commissioner = save_versioned(commissioner, expected_version=version, changes=changes)
    return saved


@transaction.atomic
def notice_issue(
    *,
    actor: Any,
    added: list[Commissioner] | None = None,
    removed: list[Commissioner] | None = None,
    **fields: Any,
) -> RosterNotice:
    """A roster notice: the commissioners it adds and removes, in one act. Adding one already
    on the roster, removing one not on it, or naming one twice is refused, and nothing is
    written."""
    fresh = Commissioner.objects.select_for_update().in_bulk(
        [c.pk for c in [*(added or []), *(removed or [])]]
    )  # the roster as stored now, not as the caller last read it
    added = [fresh[c.pk] for c in added or []]
    removed = [fresh[c.pk] for c in removed or []]
    values = NOTICE_FIELDS.pick(fields)
    if values.get("region") is None and actor is not None:
        values["region"] = actor.region
    check_staff_in_region(actor, values.get("region"))
    if not added and not removed:
        raise ValidationError({"added": _("通知须至少增补或调出一名特派员。")})
    both = {c.pk for c in added} & {c.pk for c in removed}
    if both:
        names = "、".join(c.name for c in added if c.pk in both)
        raise ValidationError({"removed": _("%(n)s不能同时增补和调出。") % {"n": names}})
    region = values.get("region")
    for commissioner in added + removed:
        if region is not None and not commissioner.region.code.startswith(region.code):
            raise ValidationError(
                {"added": _("%(n)s不是本区划选派的特派员。") % {"n": commissioner.name}}
            )
    already = [c.name for c in added if c.on_roster]
    if already:
        raise ValidationError({"added": _("%(n)s已在名单中。") % {"n": "、".join(already)}})
    absent = [c.name for c in removed if not c.on_roster]
    if absent:
        raise ValidationError({"removed": _("%(n)s不在名单中。") % {"n": "、".join(absent)}})
    notice: RosterNotice = create_validated(RosterNotice, values)
    RosterChange.objects.bulk_create(
        [RosterChange(notice=notice, commissioner=c, action=RosterAction.ADD) for c in added]
        + [RosterChange(notice=notice, commissioner=c, action=RosterAction.REMOVE) for c in removed]
    )
    for commissioner, on in [(c, True) for c in added] + [(c, False) for c in removed]:
        save_versioned(commissioner, expected_version=None, changes={"on_roster": on})
    return notice


def notice_update(
    *, actor: Any, notice: RosterNotice, version: int | None, **fields: Any
) -> RosterNotice:
    """The notice's words (title, number, note); who it added or removed is history."""
    check_staff_in_region(actor, notice.region)
    changes = {k: v for k, v in NOTICE_FIELDS.pick(fields).items() if k != "region"}
    saved: RosterNotice = save_versioned(notice, expected_version=version, changes=changes)
    return saved


def on_roster(commissioner: Commissioner, on: date) -> bool:
    """Whether the commissioner was on the roster on day ``on`` (the latest notice before)."""
    last = (
        RosterChange.objects.filter(commissioner=commissioner, notice__issued_on__lte=on)
        .order_by("-notice__issued_on", "-pk")
        .values_list("action", flat=True)
        .first()
    )
    return last == RosterAction.ADD


def on_roster_in(commissioner: Commissioner, year: int) -> bool:
    """Whether the commissioner was on the roster at some time in ``year``: on it when the
    year began, or added during it."""
    if on_roster(commissioner, date(year - 1, 12, 31)):
        return True
    return RosterChange.objects.filter(
        commissioner=commissioner, notice__issued_on__year=year, action=RosterAction.ADD
    ).exists()


def key_village_create(*, actor: Any, **fields: Any) -> KeyVillage:
    values = KEY_VILLAGE_FIELDS.pick(fields)
    check_staff_in_region(actor, values.get("village"))
    created: KeyVillage = create_validated(KeyVillage, values)
    return created


def key_village_update(
    *, actor: Any, key_village: KeyVillage, version: int | None, **fields: Any
) -> KeyVillage:
    check_staff_in_region(actor, key_village.village)
    changes = KEY_VILLAGE_FIELDS.pick(fields)
    if "village" in changes:
        check_staff_in_region(actor, changes["village"])
    saved: KeyVillage = save_versioned(key_village, expected_version=version, changes=changes)
    return saved


def assignment_create(*, actor: Any, **fields: Any) -> Assignment:
    """A commissioner on the roster, to a town or village of the county that sent them."""
    values = ASSIGNMENT_FIELDS.pick(fields)
    check_staff_in_region(actor, values.get("area"))
    commissioner = values.get("commissioner")
    year = values.get("year")
    if commissioner is not None and year is not None and not on_roster_in(commissioner, year):
        raise ValidationError(
            {
                "commissioner": _("%(n)s %(y)d年不在特派员名单中，请先以名单调整通知增补。")
                % {"n": commissioner.name, "y": year}
            }
        )
    created: Assignment = create_validated(Assignment, values)
    return created


def assignment_update(
    *, actor: Any, assignment: Assignment, version: int | None, **fields: Any
) -> Assignment:
    check_staff_in_region(actor, assignment.area)
    changes = ASSIGNMENT_FIELDS.pick(fields)
    if "area" in changes:
        check_staff_in_region(actor, changes["area"])
    saved: Assignment = save_versioned(assignment, expected_version=version, changes=changes)
    return saved


def _check_team(values: dict[str, Any], members: list[Commissioner]) -> None:
    """The captain and members on the roster, sent by the county the town belongs to."""
    town = values.get("town")
    people = [p for p in [values.get("captain"), *members] if p is not None]
    year = values.get("year")
    off = [
        p.name for p in people if not (on_roster_in(p, year) if year is not None else p.on_roster)
    ]
    if off:
        raise ValidationError(
            {"members": _("%(n)s不在特派员名单中。") % {"n": "、".join(dict.fromkeys(off))}}
        )
    if town is not None:
        away = [p.name for p in people if not town.code.startswith(p.region.code)]
        if away:
            raise ValidationError(
                {"members": _("%(n)s不是该乡镇所在县选派的特派员。") % {"n": "、".join(away)}}
            )


@transaction.atomic
def team_create(*, actor: Any, members: list[Commissioner] | None = None, **fields: Any) -> Any:
    values = TEAM_FIELDS.pick(fields)
    values.pop("members", None)
    members = list(members or fields.get("members") or [])
    check_staff_in_region(actor, values.get("town"))
    _check_team(values, members)
    team = create_validated(ServiceTeam, values)
    team.members.set(members)
    return team


@transaction.atomic
def team_update(*, actor: Any, team: Any, version: int | None, **fields: Any) -> Any:
    check_staff_in_region(actor, team.town)
    changes = TEAM_FIELDS.pick(fields)
    members = changes.pop("members", None)
    if "town" in changes:
        check_staff_in_region(actor, changes["town"])
    merged = {
        "town": changes.get("town", team.town),
        "captain": changes.get("captain", team.captain),
        "year": changes.get("year", team.year),
    }
    _check_team(merged, list(members) if members is not None else list(team.members.all()))
    saved = save_versioned(team, expected_version=version, changes=changes)
    if members is not None:
        saved.members.set(members)
    return saved


# --- the commissioners' work: service records, trainings, achievements (portal and staff),
# donations, appraisals and the points table (staff) -------------------------------------------


def _own_commissioner(actor: Any, values: dict[str, Any]) -> Commissioner:
    """A commissioner logs as themself; staff log for a commissioner of their region."""
    from kechuang.core.scoping import user_roles

    if actor is not None and "commissioner" in user_roles(actor):
        mine: Commissioner | None = Commissioner.objects.filter(user=actor).first()
        if mine is None:
            raise PermissionDenied(_("您的账号尚未关联特派员名单，请联系科技局。"))
        values["commissioner"] = mine
        return mine
    commissioner = values.get("commissioner")
    if commissioner is None:
        raise ValidationError({"commissioner": _("请选择特派员。")})
    check_staff_in_region(actor, commissioner.region)
    chosen: Commissioner = commissioner
    return chosen


def served_areas(commissioner: Commissioner, year: int) -> list[Any]:
    """The towns and villages the commissioner was assigned to in ``year``."""
    return [a.area for a in commissioner.assignments.filter(year=year).select_related("area")]


def check_area(commissioner: Commissioner, place: Any, year: int, name: str) -> None:
    """``place`` (a village, or a town) lies in an area assigned for the year: a town covers its
    villages; a village assigned puts its town in reach for a training."""
    if place is None:
        return
    areas = served_areas(commissioner, year)
    inside = any(
        place.code.startswith(area.code) or area.code.startswith(place.code) for area in areas
    )
    if not inside:
        names = "、".join(a.name for a in areas) or _("无")
        raise ValidationError(
            {
                name: _("%(p)s不在%(c)s %(y)d年服务对接的乡镇或村内（对接区域：%(a)s）。")
                % {"p": place.name, "c": commissioner.name, "y": year, "a": names}
            }
        )


def _check_photos(photos: list[Any]) -> None:
    from kechuang.core.attachments import check_image

    for photo in photos:
        check_image(photo)


def _attach_photos(actor: Any, record: Any, photos: list[Any]) -> None:
    from kechuang.core.attachments import attachment_add

    for photo in photos:
        attachment_add(actor=actor, obj=record, upload=photo, kind="photo")


@transaction.atomic
def service_create(*, actor: Any, photos: list[Any] | None = None, **fields: Any) -> Any:
    """A service record; the village in the commissioner's areas of that year; photos are
    images, checked before anything is written."""
    values = SERVICE_FIELDS.pick(fields)
    commissioner = _own_commissioner(actor, values)
    _check_photos(list(photos or []))
    day = values.get("served_on")
    if day is not None:
        check_area(commissioner, values.get("village"), day.year, "village")
    record = create_validated(ServiceRecord, values)
    _attach_photos(actor, record, list(photos or []))
    return record


@transaction.atomic
def service_update(
    *, actor: Any, record: Any, version: int | None, photos: list[Any] | None = None, **fields: Any
) -> Any:
    changes = SERVICE_FIELDS.pick(fields)
    merged = {"commissioner": changes.get("commissioner", record.commissioner)}
    commissioner = _own_commissioner(actor, merged)
    if commissioner.pk != record.commissioner_id and "commissioner" not in changes:
        raise PermissionDenied(_("只能修改自己的服务记录。"))
    changes["commissioner"] = commissioner
    _check_photos(list(photos or []))
    day = changes.get("served_on", record.served_on)
    check_area(commissioner, changes.get("village", record.village), day.year, "village")
    saved = save_versioned(record, expected_version=version, changes=changes)
    _attach_photos(actor, saved, list(photos or []))
    return saved


@transaction.atomic
def training_create(*, actor: Any, photos: list[Any] | None = None, **fields: Any) -> Any:
    """A training in a town: a commissioner's in one of their towns of the year; the bureau's
    own (no commissioner) in its region."""
    from kechuang.core.scoping import user_roles

    values = TRAINING_FIELDS.pick(fields)
    if values.get("commissioner") is None and "commissioner" not in user_roles(actor):
        check_staff_in_region(actor, values.get("town"))
        commissioner = None
    else:
        commissioner = _own_commissioner(actor, values)
    _check_photos(list(photos or []))
    day = values.get("held_on")
    if commissioner is not None and day is not None:
        check_area(commissioner, values.get("town"), day.year, "town")
    training = create_validated(Training, values)
    _attach_photos(actor, training, list(photos or []))
    return training


@transaction.atomic
def training_update(
    *,
    actor: Any,
    training: Any,
    version: int | None,
    photos: list[Any] | None = None,
    **fields: Any,
) -> Any:
    from kechuang.core.scoping import user_roles

    changes = TRAINING_FIELDS.pick(fields)
    if "commissioner" in user_roles(actor):
        mine = _own_commissioner(actor, {})
        if training.commissioner_id != mine.pk:
            raise PermissionDenied(_("只能修改自己的培训记录。"))
        changes["commissioner"] = mine
    else:
        check_staff_in_region(actor, changes.get("town", training.town))
    commissioner = changes.get("commissioner", training.commissioner)
    _check_photos(list(photos or []))
    if commissioner is not None:
        day = changes.get("held_on", training.held_on)
        check_area(commissioner, changes.get("town", training.town), day.year, "town")
    saved = save_versioned(training, expected_version=version, changes=changes)
    _attach_photos(actor, saved, list(photos or []))
    return saved


def achievement_create(*, actor: Any, **fields: Any) -> Any:
    values = ACHIEVEMENT_FIELDS.pick(fields)
    _own_commissioner(actor, values)
    return create_validated(Achievement, values)


def achievement_update(*, actor: Any, achievement: Any, version: int | None, **fields: Any) -> Any:
    changes = ACHIEVEMENT_FIELDS.pick(fields)
    merged = {"commissioner": changes.get("commissioner", achievement.commissioner)}
    commissioner = _own_commissioner(actor, merged)
    if commissioner.pk != achievement.commissioner_id and "commissioner" not in changes:
        raise PermissionDenied(_("只能修改自己的业绩记录。"))
    changes["commissioner"] = commissioner
    return save_versioned(achievement, expected_version=version, changes=changes)


def donation_create(*, actor: Any, **fields: Any) -> Any:
    values = DONATION_FIELDS.pick(fields)
    check_staff_in_region(actor, values.get("town"))
    return create_validated(Donation, values)


def donation_update(*, actor: Any, donation: Any, version: int | None, **fields: Any) -> Any:
    changes = DONATION_FIELDS.pick(fields)
    check_staff_in_region(actor, donation.town)
    if "town" in changes:
        check_staff_in_region(actor, changes["town"])
    return save_versioned(donation, expected_version=version, changes=changes)


def _check_enterprise(actor: Any, enterprise: Any) -> None:
    if enterprise is not None:
        check_staff_in_region(actor, enterprise.region)


def appraisal_create(*, actor: Any, **fields: Any) -> Any:
    values = APPRAISAL_FIELDS.pick(fields)
    if values.get("region") is None and actor is not None:
        values["region"] = actor.region
    check_staff_in_region(actor, values.get("region"))
    _check_enterprise(actor, values.get("enterprise"))
    return create_validated(Appraisal, values)


def appraisal_update(*, actor: Any, appraisal: Any, version: int | None, **fields: Any) -> Any:
    changes = APPRAISAL_FIELDS.pick(fields)
    check_staff_in_region(actor, appraisal.region)
    for key in ("region",):
        if key in changes:
            check_staff_in_region(actor, changes[key])
    _check_enterprise(actor, changes.get("enterprise"))
    return save_versioned(appraisal, expected_version=version, changes=changes)


def rule_create(*, actor: Any, **fields: Any) -> Any:
    values = RULE_FIELDS.pick(fields)
    if values.get("region") is None and actor is not None:
        values["region"] = actor.region
    check_staff_in_region(actor, values.get("region"))
    return create_validated(PointsRule, values)


def rule_update(*, actor: Any, rule: Any, version: int | None, **fields: Any) -> Any:
    changes = {k: v for k, v in RULE_FIELDS.pick(fields).items() if k != "region"}
    check_staff_in_region(actor, rule.region)
    return save_versioned(rule, expected_version=version, changes=changes)
