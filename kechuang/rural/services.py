"""Every write of the rural line's roster: commissioners, roster notices (one act adding and
removing), key villages and assignments."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kechuang.core.locking import create_validated, save_versioned
from kechuang.core.scoping import check_staff_in_region

from .choices import RosterAction
from .models import (
    ASSIGNMENT_FIELDS,
    COMMISSIONER_FIELDS,
    KEY_VILLAGE_FIELDS,
    NOTICE_FIELDS,
    Assignment,
    Commissioner,
    KeyVillage,
    RosterChange,
    RosterNotice,
)


def commissioner_create(*, actor: Any, **fields: Any) -> Commissioner:
    values = COMMISSIONER_FIELDS.pick(fields)
    if values.get("region") is None and actor is not None:
        values["region"] = actor.region
    check_staff_in_region(actor, values.get("region"))
    created: Commissioner = create_validated(Commissioner, values)
    return created


def commissioner_update(
    *, actor: Any, commissioner: Commissioner, version: int | None, **fields: Any
) -> Commissioner:
    check_staff_in_region(actor, commissioner.region)
    changes = COMMISSIONER_FIELDS.pick(fields)
    if "region" in changes:
        check_staff_in_region(actor, changes["region"])
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
    if commissioner is not None and not commissioner.on_roster:
        raise ValidationError(
            {
                "commissioner": _("%(n)s不在特派员名单中，请先以名单调整通知增补。")
                % {"n": commissioner.name}
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
    off = [p.name for p in people if not p.on_roster]
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
    from .models import TEAM_FIELDS, ServiceTeam

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
    from .models import TEAM_FIELDS

    check_staff_in_region(actor, team.town)
    changes = TEAM_FIELDS.pick(fields)
    members = changes.pop("members", None)
    if "town" in changes:
        check_staff_in_region(actor, changes["town"])
    merged = {
        "town": changes.get("town", team.town),
        "captain": changes.get("captain", team.captain),
    }
    _check_team(merged, list(members) if members is not None else list(team.members.all()))
    saved = save_versioned(team, expected_version=version, changes=changes)
    if members is not None:
        saved.members.set(members)
    return saved
