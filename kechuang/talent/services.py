"""Every write of the talent line: the directory (institutions, experts) and the ladder."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kechuang.core.locking import save_versioned
from kechuang.core.scoping import check_enterprise_in_scope, user_roles
from kechuang.core.states import transition

from .choices import CooperationStatus
from .models import (
    COOPERATION_FIELDS,
    COOPERATION_WORKFLOW,
    EXPERT_FIELDS,
    INSTITUTION_FIELDS,
    Cooperation,
    Expert,
    Institution,
    higher,
)


def _check_region(actor: Any, region: Any) -> None:
    """Staff keep the directory of their own region (a county, or a city's for the city)."""
    if actor is None:
        return
    home = getattr(actor, "region", None)
    if "staff" not in user_roles(actor) or home is None or region is None:
        raise PermissionDenied(_("只有科技局业务人员可以维护专家库。"))
    if not region.code.startswith(home.code):
        raise PermissionDenied(_("该区划不在您的管辖范围内。"))


def institution_create(*, actor: Any, **fields: Any) -> Institution:
    values = INSTITUTION_FIELDS.pick(fields)
    if values.get("region") is None and actor is not None:
        values["region"] = actor.region
    _check_region(actor, values.get("region"))
    institution = Institution(**values)
    institution.full_clean()
    institution.save()
    return institution


def institution_update(
    *, actor: Any, institution: Institution, version: int | None, **fields: Any
) -> Institution:
    _check_region(actor, institution.region)
    changes = INSTITUTION_FIELDS.pick(fields)
    if "region" in changes:
        _check_region(actor, changes["region"])
    saved: Institution = save_versioned(institution, expected_version=version, changes=changes)
    return saved


def expert_create(*, actor: Any, **fields: Any) -> Expert:
    values = EXPERT_FIELDS.pick(fields)
    _check_region(actor, getattr(values.get("institution"), "region", None))
    expert = Expert(**values)
    expert.full_clean()
    expert.save()
    return expert


def expert_update(*, actor: Any, expert: Expert, version: int | None, **fields: Any) -> Expert:
    _check_region(actor, expert.institution.region)
    changes = EXPERT_FIELDS.pick(fields)
    if "institution" in changes:
        _check_region(actor, changes["institution"].region)
    saved: Expert = save_versioned(expert, expected_version=version, changes=changes)
    return saved


# --- the cooperation ladder -----------------------------------------------------------------


def _check_cooperation(actor: Any, fields: dict[str, Any]) -> None:
    """The enterprise within the staff member's region; the counterpart and experts from a
    directory the user sees; the experts of that counterpart."""
    if actor is None:
        return
    if "staff" not in user_roles(actor):
        raise PermissionDenied(_("只有科技局业务人员可以登记产学研合作。"))
    if fields.get("enterprise") is not None:
        check_enterprise_in_scope(actor, fields["enterprise"])
    institution = fields.get("institution")
    if (
        institution is not None
        and not Institution.objects.visible_to(actor).filter(pk=institution.pk).exists()
    ):
        raise PermissionDenied(_("该合作单位不在您可见的专家库中。"))
    for expert in fields.get("experts") or []:
        if institution is not None and expert.institution_id != institution.pk:
            raise ValidationError(
                {
                    "experts": _("专家“%(e)s”不属于合作单位“%(i)s”。")
                    % {"e": expert.name, "i": institution}
                }
            )


@transaction.atomic
def cooperation_create(
    *,
    actor: Any,
    on: date,
    status: str = CooperationStatus.CONTACT,
    amount: Decimal | None = None,
    note_event: str = "",
    **fields: Any,
) -> Cooperation:
    """A new cooperation entering the ladder on ``on`` at ``status`` (an existing agreement is
    recorded at the rung it stands on)."""
    values = COOPERATION_FIELDS.pick(fields)
    experts = values.pop("experts", None) or []
    _check_cooperation(actor, {**values, "experts": experts})
    cooperation = Cooperation(**values)
    cooperation_advance(
        actor=actor, cooperation=cooperation, to=status, on=on, amount=amount, note=note_event
    )
    if experts:
        cooperation.experts.set(experts)
    return cooperation


def cooperation_update(
    *, actor: Any, cooperation: Cooperation, version: int | None, **fields: Any
) -> Cooperation:
    changes = COOPERATION_FIELDS.pick(fields)
    experts = changes.pop("experts", None)
    merged = {"enterprise": cooperation.enterprise, "institution": cooperation.institution}
    _check_cooperation(actor, {**merged, **changes, "experts": experts or []})
    with transaction.atomic():
        saved: Cooperation = save_versioned(cooperation, expected_version=version, changes=changes)
        if experts is not None:
            saved.experts.set(experts)
    return saved


@transaction.atomic
def cooperation_advance(
    *,
    actor: Any,
    cooperation: Cooperation,
    to: str,
    on: date,
    note: str = "",
    amount: Decimal | None = None,
) -> Cooperation:
    """The next rung (or dropped). A project contract carries its amount; the highest rung
    reached is kept for the ladder and diagnostic 1."""
    if cooperation.pk is not None:
        _check_cooperation(actor, {"enterprise": cooperation.enterprise})
        cooperation.refresh_from_db()
    record: dict[str, Any] = {"top": higher(cooperation.top or "", to)}
    if to == CooperationStatus.CONTRACT:
        record["amount"] = amount
    transition(
        workflow=COOPERATION_WORKFLOW,
        actor=actor,
        obj=cooperation,
        to=to,
        on=on,
        note=note,
        record=record,
        amount=amount,
    )
    cooperation.refresh_from_db()  # transition saved a locked copy of a stored one
    return cooperation


# --- matching trips and their visits --------------------------------------------------------


def trip_create(*, actor: Any, **fields: Any) -> Any:
    from .models import TRIP_FIELDS, Trip

    values = TRIP_FIELDS.pick(fields)
    if values.get("region") is None and actor is not None:
        values["region"] = actor.region
    _check_region(actor, values.get("region"))
    trip = Trip(**values)
    trip.full_clean()
    trip.save()
    return trip


def trip_update(*, actor: Any, trip: Any, version: int | None, **fields: Any) -> Any:
    from .models import TRIP_FIELDS

    _check_region(actor, trip.region)
    changes = TRIP_FIELDS.pick(fields)
    if "region" in changes:
        _check_region(actor, changes["region"])
    return save_versioned(trip, expected_version=version, changes=changes)


VISIT_FIELDS = (
    "visited_on",
    "enterprise",
    "institution",
    "counterpart",
    "topic",
    "outcome",
    "cooperation",
    "note",
)


@transaction.atomic
def visit_add(*, actor: Any, trip: Any, experts: list[Any] | None = None, **fields: Any) -> Any:
    """A visit of ``trip`` on one of its days: the enterprise within the staff member's
    region, the counterpart and experts from the directory the user sees."""
    from .models import Visit

    _check_region(actor, trip.region)
    values = {k: v for k, v in fields.items() if k in VISIT_FIELDS}
    on = values.get("visited_on")
    if on is not None and not (trip.started_on <= on <= trip.ended_on):
        raise ValidationError(
            {
                "visited_on": _("对接日期须在活动的起止日期（%(a)s至%(b)s）之内。")
                % {"a": f"{trip.started_on:%Y-%m-%d}", "b": f"{trip.ended_on:%Y-%m-%d}"}
            }
        )
    if not values.get("institution") and not str(values.get("counterpart") or "").strip():
        raise ValidationError(
            {"institution": _("请选择对接单位，或填写专家库以外的对接单位或人员。")}
        )
    if experts and not values.get("institution"):
        raise ValidationError({"experts": _("选择对接专家时须同时选择对接单位。")})
    _check_cooperation(
        actor,
        {
            "enterprise": values.get("enterprise"),
            "institution": values.get("institution"),
            "experts": experts or [],
        },
    )
    visit = Visit(trip=trip, **values)
    visit.full_clean()
    visit.save()
    if experts:
        visit.experts.set(experts)
    return visit


# --- technical needs and their matches -------------------------------------------------------


def need_create(*, actor: Any, on: date | None = None, source: str = "", **fields: Any) -> Any:
    """An enterprise user raises its own enterprise's need (待受理, for the bureau to accept);
    staff enter one of their region's, from a visit or a call, already accepted (已受理)."""
    from django.utils import timezone

    from .models import NEED_FIELDS, NEED_WORKFLOW, NeedSource, NeedStatus, TechNeed

    values = NEED_FIELDS.pick(fields)
    roles = user_roles(actor) if actor is not None else frozenset()
    if "enterprise" in roles:
        from kechuang.enterprises.models import Enterprise

        own = getattr(actor, "enterprise_id", None)
        if own is None:
            raise PermissionDenied(_("您的账号尚未关联企业。"))
        values["enterprise"] = Enterprise.objects.get(pk=own)
        source = NeedSource.PORTAL
    elif actor is not None:
        if "staff" not in roles:
            raise PermissionDenied(_("只有企业用户或科技局业务人员可以登记技术需求。"))
        check_enterprise_in_scope(actor, values.get("enterprise"))
    source = source or NeedSource.STAFF
    first = NeedStatus.SUBMITTED if source == NeedSource.PORTAL else NeedStatus.ACCEPTED
    day = on or timezone.localdate()
    need = TechNeed(**values, source=source, raised_on=day)
    with transaction.atomic():
        transition(
            workflow=NEED_WORKFLOW,
            actor=actor,
            obj=need,
            to=first,
            on=day,
            note=str(NeedSource(source).label),
        )
    return need


def need_update(*, actor: Any, need: Any, version: int | None, **fields: Any) -> Any:
    from .models import NEED_FIELDS

    refused = NEED_FIELDS.refused(fields, actor)
    if refused:
        raise PermissionDenied(_("企业用户不能修改需求所属的企业。"))
    roles = user_roles(actor) if actor is not None else frozenset()
    if "enterprise" in roles and need.enterprise_id != getattr(actor, "enterprise_id", None):
        raise PermissionDenied(_("无权修改该需求。"))
    if actor is not None and "staff" in roles:
        check_enterprise_in_scope(actor, need.enterprise)
    changes = NEED_FIELDS.pick(fields)
    if "enterprise" in changes and actor is not None and "staff" in roles:
        check_enterprise_in_scope(actor, changes["enterprise"])
    return save_versioned(need, expected_version=version, changes=changes)


# the enterprise's own moves: rate the answer (办结), or send it back to handling
ENTERPRISE_MOVES = frozenset({"closed", "handling"})


def need_moves(actor: Any, need: Any) -> list[str]:
    """The states ``actor`` may move ``need`` to (the state-change block's choices)."""
    from .models import NEED_WORKFLOW, NeedStatus

    allowed = [s.value for s in NeedStatus if NEED_WORKFLOW.can(need.status, s.value)]
    roles = user_roles(actor) if actor is not None else frozenset({"staff"})
    if "staff" in roles:
        return allowed
    if "enterprise" in roles and need.enterprise_id == getattr(actor, "enterprise_id", None):
        return [s for s in allowed if s in ENTERPRISE_MOVES]
    return []


@transaction.atomic
def need_advance(
    *,
    actor: Any,
    need: Any,
    to: str,
    on: date,
    note: str = "",
    assignee: str = "",
    expert: Expert | None = None,
    deadline: date | None = None,
    answer: str = "",
    satisfaction: int | None = None,
    comment: str = "",
) -> Any:
    """One step of the need loop through the state-change block: the move is checked, the
    facts a step needs are required (交办: assignee and deadline; 反馈: the answer; 办结: the
    rating), and the need carries the current facts for its lists."""
    from .models import NEED_WORKFLOW, NeedStatus

    roles = user_roles(actor) if actor is not None else frozenset()
    if actor is not None and "staff" in roles:
        check_enterprise_in_scope(actor, need.enterprise)
    if (
        actor is not None
        and to not in need_moves(actor, need)
        and NEED_WORKFLOW.can(need.status, to)
    ):
        raise PermissionDenied(_("您不能办理该环节。"))
    if to == NeedStatus.DECLINED and not note.strip():
        raise ValidationError({"note": _("不予受理须说明理由。")})
    if expert is not None and not assignee:
        assignee = str(_("专家：%(n)s（%(i)s）") % {"n": expert.name, "i": expert.institution})
    record: dict[str, Any] = {}
    facts: dict[str, Any] = {}
    if to == NeedStatus.ASSIGNED:
        if deadline is not None and deadline < on:
            raise ValidationError({"deadline": _("办理时限不能早于交办日期。")})
        record = {"assignee": assignee, "deadline": deadline, "expert": expert}
        facts = {"assignee": assignee, "deadline": deadline}
    elif to == NeedStatus.ANSWERED:
        record, facts = {"answer": answer}, {"answer": answer}
    elif to == NeedStatus.CLOSED:
        record = {"satisfaction": satisfaction, "comment": comment}
        facts = {"satisfaction": satisfaction}
        note = note or comment
    transition(
        workflow=NEED_WORKFLOW,
        actor=actor,
        obj=need,
        to=to,
        on=on,
        note=note,
        record={**record, "version": need.version + 1},
        **facts,
    )
    need.refresh_from_db()
    return need


@transaction.atomic
def need_confirm(*, actor: Any, need: Any, expert: Expert, on: date) -> Cooperation:
    """Staff confirm a match: the need is assigned (交办) to the expert, and a cooperation opens
    at "contact" between the need's enterprise and the expert's institution, keeping the link
    to the need (a need that becomes a cooperation keeps its history)."""
    from datetime import timedelta

    from .models import NEED_WORKFLOW, NeedStatus

    if actor is not None and "staff" not in user_roles(actor):
        raise PermissionDenied(_("只有科技局业务人员可以确认匹配。"))
    if need.status == NeedStatus.SUBMITTED:
        need_advance(actor=actor, need=need, to=NeedStatus.ACCEPTED, on=on)
    if NEED_WORKFLOW.can(need.status, NeedStatus.ASSIGNED):
        need_advance(
            actor=actor,
            need=need,
            to=NeedStatus.ASSIGNED,
            on=on,
            expert=expert,
            deadline=on + timedelta(days=ASSIGN_DAYS),
            note=str(_("匹配专家")),
        )
    cooperation = cooperation_create(
        actor=actor,
        on=on,
        status=CooperationStatus.CONTACT,
        enterprise=need.enterprise,
        institution=expert.institution,
        experts=[expert],
        project=need.title,
        note=_("由技术需求匹配确认"),
    )
    Cooperation.objects.filter(pk=cooperation.pk).update(need=need)
    cooperation.refresh_from_db()
    return cooperation


ASSIGN_DAYS = 30  # a matched expert's default time limit


def plan_create(*, actor: Any, **fields: Any) -> Any:
    from .models import PLAN_FIELDS, CooperationPlan

    values = PLAN_FIELDS.pick(fields)
    _check_cooperation(
        actor, {"enterprise": values.get("enterprise"), "institution": values.get("institution")}
    )
    plan = CooperationPlan(**values)
    plan.full_clean()
    plan.save()
    return plan


def plan_update(*, actor: Any, plan: Any, version: int | None, **fields: Any) -> Any:
    from .models import PLAN_FIELDS

    changes = PLAN_FIELDS.pick(fields)
    merged = {"enterprise": plan.enterprise, "institution": plan.institution, **changes}
    _check_cooperation(
        actor, {"enterprise": merged["enterprise"], "institution": merged["institution"]}
    )
    return save_versioned(plan, expected_version=version, changes=changes)
