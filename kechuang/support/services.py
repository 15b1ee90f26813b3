"""Every write of enterprise service: scoped, validated, locked, audited (auditlog names the
user of the page, the API token or the import)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kechuang.core.locking import create_validated, save_versioned
from kechuang.core.scoping import check_enterprise_in_scope, check_staff_in_region, user_roles

from .choices import AnswerKind, FlagWhen, MeasureSource, PlanStatus
from .models import (
    LIAISON_FIELDS,
    MEASURE_FIELDS,
    PLAN_FIELDS,
    QUESTION_FIELDS,
    VISIT_FIELDS,
    EnterprisePlan,
    Flag,
    Liaison,
    PlanMeasure,
    SurveyQuestion,
    Visit,
)

VISITORS = frozenset({"staff", "leader"})


def _bureau(actor: Any) -> None:
    """Staff write (a leader who visits is named among the visitors; leaders read)."""
    if actor is None or "staff" in user_roles(actor):
        return
    raise PermissionDenied(_("只有科技局工作人员可以办理。"))


# --- the questionnaire -----------------------------------------------------------------------


def question_create(*, actor: Any, **fields: Any) -> SurveyQuestion:
    values = QUESTION_FIELDS.pick(fields)
    if values.get("region") is None and actor is not None:
        values["region"] = actor.region
    check_staff_in_region(actor, values.get("region"))
    return create_validated(SurveyQuestion, values)


def question_update(
    *, actor: Any, question: SurveyQuestion, version: int | None, **fields: Any
) -> SurveyQuestion:
    changes = QUESTION_FIELDS.pick(fields)
    check_staff_in_region(actor, question.region)
    if "region" in changes:
        check_staff_in_region(actor, changes["region"])
    return save_versioned(question, expected_version=version, changes=changes)


def questions_for(enterprise: Any, year: int) -> list[SurveyQuestion]:
    """The year's active questions that apply to the enterprise's region (its county's, its
    city's and its province's), in order."""
    code = enterprise.region.code
    return [
        q
        for q in SurveyQuestion.objects.filter(year=year, active=True)
        .select_related("region")
        .order_by("order", "pk")
        if code.startswith(q.region.code)
    ]


MAX_ANSWER = 300  # as the page's text answer


def check_answers(questions: list[SurveyQuestion], answers: dict[str, Any]) -> dict[str, Any]:
    """The answers keyed by question id, each checked against its question; a wrong one is
    refused naming the question and the value."""
    clean: dict[str, Any] = {}
    if not isinstance(answers or {}, dict):
        raise ValidationError(_("问卷答案须按“题目编号: 答案”填写。"))
    known = {str(q.pk): q for q in questions}
    for key, value in (answers or {}).items():
        if value in (None, ""):
            continue
        question = known.get(str(key))
        if question is None:
            raise ValidationError(
                _(
                    "问卷题目（编号%(k)s）不是该企业走访当年适用的题目，请按走访日期所在年度的问卷填写。"
                )
                % {"k": key}
            )
        text = str(value).strip()
        if len(text) > MAX_ANSWER:
            raise ValidationError(
                _("第%(n)s题“%(q)s”的答案超过%(m)s个字符。")
                % {"n": question.order, "q": question.text, "m": MAX_ANSWER}
            )
        if question.kind in (AnswerKind.YES_NO, AnswerKind.CHOICE) and text not in question.choices:
            raise ValidationError(
                _("第%(n)s题“%(q)s”的答案“%(a)s”不是选项之一（%(o)s）。")
                % {
                    "n": question.order,
                    "q": question.text,
                    "a": text,
                    "o": "、".join(question.choices),
                }
            )
        if question.kind == AnswerKind.NUMBER:
            try:
                float(text)
            except ValueError:
                raise ValidationError(
                    _("第%(n)s题“%(q)s”须填写数值（填写的是“%(a)s”）。")
                    % {"n": question.order, "q": question.text, "a": text}
                ) from None
        clean[str(question.pk)] = text
    return clean


def _hte_expiring(enterprise: Any, year: int) -> bool:
    from kechuang.enterprises.models import Qualification

    return Qualification.objects.filter(
        enterprise=enterprise,
        kind="hte",
        valid_until__gte=date(year, 1, 1),
        valid_until__lte=date(year + 1, 12, 31),
    ).exists()


def _raise_flags(visit: Visit, questions: list[SurveyQuestion]) -> None:
    """The visit's open flags, from its answers (a resolved flag stays as it was)."""
    kept = set(visit.flags.exclude(resolved_on=None).values_list("question_id", flat=True))
    visit.flags.filter(resolved_on=None).delete()
    expiring: bool | None = None
    for question in questions:
        answer = visit.answers.get(str(question.pk))
        if question.pk in kept or not question.flag_label or not question.raises(answer):
            continue
        if question.flag_when == FlagWhen.HTE_EXPIRING:
            if expiring is None:
                expiring = _hte_expiring(visit.enterprise, visit.visited_on.year)
            if not expiring:
                continue
        Flag.objects.create(
            visit=visit,
            enterprise=visit.enterprise,
            question=question,
            label=question.flag_label,
            answer=str(answer),
            raised_on=visit.visited_on,
        )


def _check_visitors(actor: Any, enterprise: Any, visitors: list[Any]) -> None:
    for person in visitors:
        if not VISITORS & user_roles(person):
            raise ValidationError(
                {"visitors": _("走访人员“%(u)s”不是科技局工作人员或局领导。") % {"u": person}}
            )
        home = getattr(person, "region", None)
        if home is None or not enterprise.region.code.startswith(home.code):
            raise ValidationError(
                {"visitors": _("走访人员“%(u)s”不负责该企业所在区划。") % {"u": person}}
            )


def _needs_from(actor: Any, visit: Visit, lines: str) -> None:
    """Needs raised during the visit: one per line, into the one pool (source: visit)."""
    from kechuang.talent.models import NeedSource
    from kechuang.talent.services import need_create

    for line in [x.strip() for x in (lines or "").splitlines() if x.strip()]:
        need = need_create(
            actor=actor,
            on=visit.visited_on,
            source=NeedSource.VISIT,
            enterprise=visit.enterprise,
            title=line[:200],
            description=line,
        )
        visit.needs.add(need)


@transaction.atomic
def visit_create(
    *, actor: Any, answers: dict[str, Any] | None = None, new_needs: str = "", **fields: Any
) -> Visit:
    values = VISIT_FIELDS.pick(fields)
    _bureau(actor)
    enterprise = values.get("enterprise")
    check_enterprise_in_scope(actor, enterprise)
    visitors = list(values.pop("visitors", None) or ([actor] if actor is not None else []))
    if enterprise is not None:
        _check_visitors(actor, enterprise, visitors)
    on = values.get("visited_on")
    questions = questions_for(enterprise, on.year) if enterprise is not None and on else []
    values["answers"] = check_answers(questions, answers or {})
    visit = create_validated(Visit, values)
    visit.visitors.set(visitors)
    _raise_flags(visit, questions)
    _needs_from(actor, visit, new_needs)
    return visit


@transaction.atomic
def visit_update(
    *,
    actor: Any,
    visit: Visit,
    version: int | None,
    answers: dict[str, Any] | None = None,
    new_needs: str = "",
    **fields: Any,
) -> Visit:
    changes = VISIT_FIELDS.pick(fields)
    _bureau(actor)
    check_enterprise_in_scope(actor, visit.enterprise)
    visitors = changes.pop("visitors", None)
    enterprise = changes.get("enterprise", visit.enterprise)
    check_enterprise_in_scope(actor, enterprise)
    on = changes.get("visited_on", visit.visited_on)
    questions = questions_for(enterprise, on.year)
    if answers is not None:
        changes["answers"] = check_answers(questions, answers)
    if visitors is not None:
        _check_visitors(actor, enterprise, list(visitors))
    saved = save_versioned(visit, expected_version=version, changes=changes)
    if visitors is not None:
        saved.visitors.set(visitors)
    _raise_flags(saved, questions)
    _needs_from(actor, saved, new_needs)
    return saved


def flag_resolve(
    *, actor: Any, flag: Flag, version: int | None, resolved_on: date, resolution: str
) -> Flag:
    _bureau(actor)
    check_enterprise_in_scope(actor, flag.enterprise)
    return save_versioned(
        flag,
        expected_version=version,
        changes={"resolved_on": resolved_on, "resolution": resolution},
    )


# --- leadership liaison ----------------------------------------------------------------------


def liaison_create(*, actor: Any, **fields: Any) -> Liaison:
    values = LIAISON_FIELDS.pick(fields)
    _bureau(actor)
    check_enterprise_in_scope(actor, values.get("enterprise"))
    _check_leader(values.get("leader"), values.get("enterprise"))
    return create_validated(Liaison, values)


def liaison_update(*, actor: Any, liaison: Liaison, version: int | None, **fields: Any) -> Liaison:
    changes = LIAISON_FIELDS.pick(fields)
    _bureau(actor)
    check_enterprise_in_scope(actor, liaison.enterprise)
    if "enterprise" in changes:
        check_enterprise_in_scope(actor, changes["enterprise"])
    _check_leader(
        changes.get("leader", liaison.leader), changes.get("enterprise", liaison.enterprise)
    )
    return save_versioned(liaison, expected_version=version, changes=changes)


def _check_leader(leader: Any, enterprise: Any) -> None:
    if leader is None or enterprise is None:
        return
    home = getattr(leader, "region", None)
    if home is None or not enterprise.region.code.startswith(home.code):
        raise ValidationError({"leader": _("局领导“%(u)s”不负责该企业所在区划。") % {"u": leader}})


# --- one enterprise, one plan ----------------------------------------------------------------


def plan_sources(enterprise: Any, year: int) -> list[dict[str, Any]]:
    """The measures a plan starts from: each gap of the enterprise's latest eligibility
    assessments of the year (in the gap report's words), each open need, each open flag."""
    from kechuang.cultivation.assessments.models import Assessment
    from kechuang.talent.models import NEED_OPEN, TechNeed

    found: list[dict[str, Any]] = []
    assessments = Assessment.objects.filter(
        enterprise=enterprise, year=year, is_latest=True
    ).order_by("rule")
    for assessment in assessments:
        for gap in assessment.gaps:
            found.append(
                {
                    "source": MeasureSource.GAP,
                    "measure": _("%(r)s：%(g)s")
                    % {"r": assessment.get_rule_display(), "g": gap.get("explanation", "")},
                }
            )
    for need in TechNeed.objects.filter(enterprise=enterprise, status__in=NEED_OPEN).order_by("pk"):
        found.append(
            {
                "source": MeasureSource.NEED,
                "measure": _("解决技术需求“%(t)s”（%(s)s）")
                % {"t": need.title, "s": need.get_status_display()},
            }
        )
    for flag in Flag.objects.filter(enterprise=enterprise, resolved_on=None).order_by("pk"):
        found.append(
            {
                "source": MeasureSource.FLAG,
                "measure": _("跟进走访预警：%(l)s") % {"l": flag.label},
            }
        )
    return found


@transaction.atomic
def plan_create(*, actor: Any, assemble: bool = True, **fields: Any) -> EnterprisePlan:
    """A plan, assembled from the enterprise's gaps, open needs and flags (each a measure
    owned by the plan's owner, due by the first review); staff then edit the measures."""
    values = PLAN_FIELDS.pick(fields)
    _bureau(actor)
    check_enterprise_in_scope(actor, values.get("enterprise"))
    if values.get("owner") is None and actor is not None:
        values["owner"] = actor
    if values.get("review_on") is None:
        from django.utils import timezone

        every = values.get("review_every") or 90
        values["review_on"] = timezone.localdate() + timedelta(days=every)
    plan = create_validated(EnterprisePlan, values)
    if assemble:
        owner = plan.owner.display_name
        for item in plan_sources(plan.enterprise, plan.year):
            PlanMeasure.objects.create(
                plan=plan,
                source=item["source"],
                measure=str(item["measure"])[:300],
                owner=owner,
                due_on=plan.review_on,
            )
    return plan


def plan_update(
    *, actor: Any, plan: EnterprisePlan, version: int | None, **fields: Any
) -> EnterprisePlan:
    changes = PLAN_FIELDS.pick(fields)
    _bureau(actor)
    check_enterprise_in_scope(actor, plan.enterprise)
    if "enterprise" in changes:
        check_enterprise_in_scope(actor, changes["enterprise"])
    return save_versioned(plan, expected_version=version, changes=changes)


def plan_review(
    *, actor: Any, plan: EnterprisePlan, on: date, done: bool = False
) -> EnterprisePlan:
    """A review held: the next one is due a period later (or the plan is done)."""
    _bureau(actor)
    check_enterprise_in_scope(actor, plan.enterprise)
    changes: dict[str, Any] = {
        "reviewed_on": on,
        "review_on": on + timedelta(days=plan.review_every),
    }
    if done:
        changes["status"] = PlanStatus.DONE
    return save_versioned(plan, expected_version=plan.version, changes=changes)


def measure_create(*, actor: Any, **fields: Any) -> PlanMeasure:
    values = MEASURE_FIELDS.pick(fields)
    _bureau(actor)
    plan = values.get("plan")
    if plan is not None:
        check_enterprise_in_scope(actor, plan.enterprise)
    return create_validated(PlanMeasure, values)


def measure_update(
    *, actor: Any, record: PlanMeasure, version: int | None, **fields: Any
) -> PlanMeasure:
    changes = MEASURE_FIELDS.pick(fields)
    _bureau(actor)
    check_enterprise_in_scope(actor, record.plan.enterprise)
    if "plan" in changes:
        check_enterprise_in_scope(actor, changes["plan"].enterprise)
    return save_versioned(record, expected_version=version, changes=changes)
