"""Writes of the R&D survey: open a campaign, save / submit a form, review, remind, sync.

Every status change is a :class:`SurveyEvent` (style.md rule 5); the form's ``status`` mirrors
the latest one for queries. Enterprise users act only on their own form (the views and API reach
forms through ``visible_to``); only staff review.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from auditlog.context import set_actor
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.accounts.models import User
from kechuang.core.http import link
from kechuang.core.locking import EditConflict
from kechuang.core.scoping import check_enterprise_in_scope, region_q, user_roles
from kechuang.core.services import notify
from kechuang.core.states import StateEvent, check_move, event_for
from kechuang.dataio.engine import create_audited
from kechuang.enterprises.models import AnnualFigures, Enterprise

from . import validation
from .models import (
    EDITABLE,
    NOT_SUBMITTED,
    RD_WORKFLOW,
    VALUE_FIELDS,
    SurveyCampaign,
    SurveyEvent,
    SurveyForm,
    SurveyProject,
    SurveyStatus,
)

PROJECT_FIELDS = (
    "name",
    "source",
    "started_on",
    "ended_on",
    "stage",
    "staff",
    "person_months",
    "expenditure",
    "in_house",
    "commissioned",
)


def _is_staff(actor: Any) -> bool:
    return actor is None or "staff" in user_roles(actor)


def _actor(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def labels() -> dict[str, str]:
    return {f: str(getattr(SurveyForm._meta.get_field(f), "verbose_name", f)) for f in VALUE_FIELDS}


def _prefill(enterprise_ids: list[int], year: int) -> dict[int, dict[str, Any]]:
    rows = AnnualFigures.objects.filter(enterprise_id__in=enterprise_ids, year=year).values(
        "enterprise_id", "sales_revenue", "total_cost"
    )
    return {
        r["enterprise_id"]: {"operating_revenue": r["sales_revenue"], "total_cost": r["total_cost"]}
        for r in rows
    }


def default_enterprises(*, region: Any) -> Any:
    """Everyone flagged in the statistics system (纳统) within the region."""
    return Enterprise.objects.filter(region_q("region", region.code), in_rd_statistics=True)


def _add_forms(
    *, actor: Any, campaign: SurveyCampaign, enterprises: Iterable[Enterprise]
) -> list[SurveyForm]:
    have = set(campaign.forms.values_list("enterprise_id", flat=True))
    chosen = {e.pk: e for e in enterprises if e.pk not in have}
    for enterprise in chosen.values():
        if not enterprise.region.code.startswith(campaign.region.code):
            raise ValidationError(
                {"enterprises": _("%(e)s不在本次调查的地区内。") % {"e": enterprise.name}}
            )
    prefill = _prefill(list(chosen), campaign.year)
    cid, additional = f"rd-campaign-{campaign.pk}", {"campaign": campaign.pk}
    forms = create_audited(
        [
            SurveyForm(campaign=campaign, enterprise_id=pk, **prefill.get(pk, {}))
            for pk in sorted(chosen)
        ],
        _actor(actor),
        cid=cid,
        additional=additional,
    )
    create_audited(
        [
            SurveyEvent(
                form=f,
                state=SurveyStatus.PENDING,
                occurred_on=timezone.localdate(),
                created_by=_actor(actor),
                note=_("发起填报"),
            )
            for f in forms
        ],
        _actor(actor),
        cid=cid,
        additional=additional,
    )
    transaction.on_commit(lambda: _notify_opened(campaign, [f.enterprise_id for f in forms]))
    return forms


def _enterprise_users(enterprise_ids: Sequence[int]) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True, enterprise_link__enterprise_id__in=list(enterprise_ids)
        ).select_related("enterprise_link")
    )


def notify_form_users(*, forms: dict[int, int], key: str, title: str, body: str = "") -> int:
    """Notify each enterprise's users about its form (``forms``: enterprise id → form id);
    ``key`` contains ``{form}``. Returns how many notifications were new."""
    sent = 0
    for user in _enterprise_users(list(forms)):
        form_id = forms[user.enterprise_link.enterprise_id]  # type: ignore[attr-defined]
        sent += notify(
            users=[user],
            key=key.format(form=form_id),
            title=title,
            body=body,
            url=link("rdstats:form_detail", form_id),
        )
    return sent


def _notify_opened(campaign: SurveyCampaign, enterprise_ids: list[int]) -> None:
    notify_form_users(
        forms=dict(
            SurveyForm.objects.filter(
                campaign=campaign, enterprise_id__in=enterprise_ids
            ).values_list("enterprise_id", "pk")
        ),
        key="rd-open:{form}",
        title=_("请填报%(y)s年度企业研发投入统计表") % {"y": campaign.year},
        body=_("截止日期：%(d)s。%(i)s") % {"d": campaign.deadline, "i": campaign.instructions},
    )


@transaction.atomic
def campaign_open(
    *,
    actor: Any,
    region: Any,
    year: int,
    deadline: date,
    instructions: str = "",
    threshold: Decimal | None = None,
    gdp: Decimal | None = None,
    include_default: bool = True,
    extra: Iterable[Enterprise] = (),
) -> SurveyCampaign:
    """Open year ``year``'s survey: one form per chosen enterprise, each enterprise notified."""
    if not _is_staff(actor):
        raise PermissionDenied(_("只有科技局工作人员可以发起调查。"))
    if actor is not None and not region.code.startswith(actor.region.code):
        raise PermissionDenied(_("只能在您管辖的地区内发起调查。"))
    if SurveyCampaign.objects.filter(region=region, year=year).exists():
        raise ValidationError(
            {"year": _("%(r)s%(y)s年度的调查已经发起。") % {"r": region.name, "y": year}}
        )
    campaign = SurveyCampaign(
        region=region,
        year=year,
        deadline=deadline,
        instructions=instructions,
        gdp=gdp,
        opened_by=_actor(actor),
    )
    if threshold is not None:
        campaign.threshold = threshold
    campaign.full_clean()
    campaign.save()
    chosen = (
        list(default_enterprises(region=region).select_related("region")) if include_default else []
    )
    chosen += list(extra)
    if not chosen:
        raise ValidationError(
            {"enterprises": _("没有选择任何企业：地区内没有纳统企业，也没有手工添加。")}
        )
    _add_forms(actor=actor, campaign=campaign, enterprises=chosen)
    return campaign


@transaction.atomic
def campaign_add_enterprises(
    *, actor: Any, campaign: SurveyCampaign, enterprises: Iterable[Enterprise]
) -> int:
    if not _is_staff(actor):
        raise PermissionDenied(_("只有科技局工作人员可以调整调查名单。"))
    return len(_add_forms(actor=actor, campaign=campaign, enterprises=enterprises))


@transaction.atomic
def campaign_update(*, actor: Any, campaign: SurveyCampaign, **fields: Any) -> SurveyCampaign:
    if not _is_staff(actor):
        raise PermissionDenied(_("只有科技局工作人员可以修改调查。"))
    allowed = {"deadline", "instructions", "threshold", "gdp"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(campaign, name, value)
    campaign.full_clean()
    campaign.save()
    return campaign


# --- one form ---------------------------------------------------------------------------------


def context_for(form: SurveyForm) -> validation.Context:
    from kechuang.cultivation.assessments.selectors import assessed_rd_expense

    year = form.campaign.year
    last = (
        SurveyForm.objects.filter(
            enterprise_id=form.enterprise_id,
            campaign__year=year - 1,
            status=SurveyStatus.ACCEPTED,
        )
        .values_list("exp_total", flat=True)
        .first()
    )
    figures = dict(
        AnnualFigures.objects.filter(
            enterprise_id=form.enterprise_id, year__in=[year, year - 1]
        ).values_list("year", "rd_expense")
    )
    return validation.Context(
        labels=labels(),
        last_year_rd=last if last is not None else figures.get(year - 1),
        registry_rd=figures.get(year),
        assessment_rd=assessed_rd_expense(enterprise_id=form.enterprise_id, year=year),
    )


def values_of(form: SurveyForm) -> dict[str, Any]:
    return {f: getattr(form, f) for f in VALUE_FIELDS}


def projects_of(form: SurveyForm) -> list[dict[str, Any]]:
    return [{f: getattr(p, f) for f in PROJECT_FIELDS} for p in form.projects.all()]


def findings_for(
    form: SurveyForm,
    *,
    submitting: bool = False,
    projects: list[dict[str, Any]] | None = None,
    ctx: validation.Context | None = None,
) -> list[validation.Finding]:
    return validation.check(
        values_of(form),
        projects if projects is not None else projects_of(form),
        ctx or context_for(form),
        submitting=submitting,
    )


def _event(form: SurveyForm, status: str, actor: Any, comment: str = "") -> StateEvent:
    """Move the (locked) form through the state-change block's map, and record the event; the
    caller saves the form with its other changes."""
    check_move(RD_WORKFLOW, form.status, status)
    form.status = status
    event = event_for(RD_WORKFLOW, form, status, timezone.localdate(), _actor(actor), note=comment)
    event.save()
    return event


def _check_editable(actor: Any, form: SurveyForm) -> None:
    if not _is_staff(actor) and getattr(actor, "enterprise_id", None) != form.enterprise_id:
        raise PermissionDenied(_("只能填报本企业的统计表。"))
    if _is_staff(actor) and actor is not None:
        check_enterprise_in_scope(actor, form.enterprise)
    if form.status not in EDITABLE:
        raise ValidationError(
            _("统计表当前状态为“%(s)s”，不能修改。") % {"s": form.get_status_display()}
        )


@transaction.atomic
def form_save(
    *,
    actor: Any,
    form: SurveyForm,
    values: Mapping[str, Any],
    explanations: Mapping[str, str] | None = None,
    projects: list[dict[str, Any]] | None = None,
    expected_version: int | None = None,
) -> tuple[SurveyForm, list[validation.Finding]]:
    """Save typed values as a draft (errors are reported, not refused: it is a draft)."""
    current: SurveyForm = (
        SurveyForm.objects.select_for_update()
        .select_related("campaign", "enterprise__region")
        .get(pk=form.pk)
    )
    if expected_version is not None and current.version != expected_version:
        raise EditConflict(current)
    _check_editable(actor, current)
    for name in VALUE_FIELDS:
        if name in values:
            setattr(current, name, values[name])
    if explanations is not None:
        current.explanations = {
            k: str(v).strip() for k, v in explanations.items() if str(v).strip()
        }
    current.full_clean(exclude=["campaign", "enterprise"])
    if projects is not None:
        _replace_projects(current, projects, actor)
    if current.status == SurveyStatus.PENDING:
        _event(current, SurveyStatus.DRAFT, actor, _("开始填报"))
    current.version += 1
    current.save()
    return current, findings_for(current)


def _replace_projects(form: SurveyForm, projects: list[dict[str, Any]], actor: Any) -> None:
    rows = []
    for number, data in enumerate(projects, start=1):
        project = SurveyProject(form=form, **{k: data.get(k) for k in PROJECT_FIELDS if k in data})
        try:
            project.full_clean(exclude=["form"])
        except ValidationError as exc:
            raise ValidationError(
                {
                    "projects": [
                        _("第%(n)d个项目：%(m)s") % {"n": number, "m": "；".join(exc.messages)}
                    ]
                }
            ) from exc
        rows.append(project)
    form.projects.all().delete()
    if rows:
        create_audited(rows, _actor(actor), cid=f"rd-form-{form.pk}", additional={"form": form.pk})


@transaction.atomic
def form_submit(*, actor: Any, form: SurveyForm, comment: str = "") -> SurveyForm:
    current: SurveyForm = (
        SurveyForm.objects.select_for_update()
        .select_related("campaign", "enterprise__region")
        .get(pk=form.pk)
    )
    _check_editable(actor, current)
    findings = findings_for(current, submitting=True)
    problems = validation.blocking(findings, current.explanations)
    if problems:
        raise ValidationError([p.message for p in problems])
    _event(current, SurveyStatus.SUBMITTED, actor, comment)
    current.submitted_at = timezone.now()
    current.version += 1
    current.save()
    return current


def _review(actor: Any, form: SurveyForm, allowed: set[str]) -> SurveyForm:
    if actor is None or "staff" not in user_roles(actor):
        raise PermissionDenied(_("只有科技局工作人员可以审核。"))
    current: SurveyForm = (
        SurveyForm.objects.select_for_update()
        .select_related("campaign", "enterprise__region")
        .get(pk=form.pk)
    )
    check_enterprise_in_scope(actor, current.enterprise)
    if current.status not in allowed:
        raise ValidationError(
            _("统计表当前状态为“%(s)s”，不能进行此操作。") % {"s": current.get_status_display()}
        )
    return current


@transaction.atomic
def form_accept(*, actor: Any, form: SurveyForm, comment: str = "") -> SurveyForm:
    current = _review(actor, form, {SurveyStatus.SUBMITTED})
    _event(current, SurveyStatus.ACCEPTED, actor, comment)
    current.version += 1
    current.save()
    return current


@transaction.atomic
def form_return(*, actor: Any, form: SurveyForm, comment: str) -> SurveyForm:
    if not comment.strip():
        raise ValidationError({"comment": _("退回时请填写退回意见，告诉企业需要修改什么。")})
    current = _review(actor, form, {SurveyStatus.SUBMITTED, SurveyStatus.ACCEPTED})
    _event(current, SurveyStatus.RETURNED, actor, comment.strip())
    current.version += 1
    current.save()
    campaign, form_id = current.campaign, current.pk
    users = _enterprise_users([current.enterprise_id])
    transaction.on_commit(
        lambda: notify(
            users=users,
            key=f"rd-return:{form_id}:{timezone.now():%Y%m%d%H%M%S}",
            title=_("%(y)s年度研发统计表被退回，请修改后重新提交") % {"y": campaign.year},
            body=comment.strip(),
            url=link("rdstats:form_detail", form_id),
        )
    )
    return current


def campaign_remind(
    *, actor: Any, campaign: SurveyCampaign, today: date, forms: list[int] | None = None
) -> Any:
    """Remind every enterprise that has not (re)submitted, on every channel it has (in-app
    once a day per form, e-mail, SMS); returns the run's Delivery record — who was reached how,
    who could not be and why (issue #14)."""
    from kechuang.core.channels import Message, deliver
    from kechuang.core.services import delivery_record
    from kechuang.enterprises.selectors import enterprise_recipients

    if not _is_staff(actor):
        raise PermissionDenied(_("只有科技局工作人员可以发送提醒。"))
    chosen = SurveyForm.objects.visible_to(actor).filter(
        campaign=campaign, status__in=NOT_SUBMITTED
    )
    if forms is not None:  # the ticked rows of the form list (submitted ones are skipped)
        chosen = chosen.filter(pk__in=forms)
    laggards = dict(chosen.values_list("enterprise_id", "pk"))
    title = _("提醒：%(y)s年度研发统计表尚未提交") % {"y": campaign.year}
    body = _("填报截止日期为%(d)s，请尽快登录科创系统填报并提交。") % {"d": campaign.deadline}

    def message(recipient: Any) -> Message:
        form_id = laggards[recipient.ref]
        return Message(
            key=f"rd-remind:{form_id}:{today:%Y%m%d}",
            title=title,
            body=body,
            url=link("rdstats:form_detail", form_id),
        )

    outcome = deliver(enterprise_recipients(list(laggards)), message)
    return delivery_record(
        actor=actor,
        title=_("%(y)s年度研发统计表催报") % {"y": campaign.year},
        kind="rd-remind",
        outcome=outcome,
        source_url=campaign.get_absolute_url(),
    )


@transaction.atomic
def registry_sync(*, actor: Any, forms: Iterable[SurveyForm]) -> int:
    """Copy accepted forms' R&D expenditure into the registry's yearly figures (audited there;
    the change re-assesses the enterprise like any figure edit). Returns how many changed."""
    if not _is_staff(actor):
        raise PermissionDenied(_("只有科技局工作人员可以更新企业库。"))
    with set_actor(actor):
        return _sync(actor, forms)


def _sync(actor: Any, forms: Iterable[SurveyForm]) -> int:
    from kechuang.enterprises import services as registry

    changed = 0
    for form in forms:
        if form.status != SurveyStatus.ACCEPTED or form.exp_total is None:
            continue
        year = form.campaign.year
        current = AnnualFigures.objects.filter(enterprise_id=form.enterprise_id, year=year).first()
        if current is not None and current.rd_expense == form.exp_total:
            continue
        try:
            registry.annual_figures_upsert(
                actor=actor,
                enterprise=form.enterprise,
                year=year,
                version=None,
                rd_expense=form.exp_total,
            )
        except ValidationError as exc:
            raise ValidationError(
                _("%(e)s：%(m)s") % {"e": form.enterprise.name, "m": "；".join(exc.messages)}
            ) from exc
        changed += 1
    return changed


@transaction.atomic
def forms_after_import(*, form_ids: list[int]) -> dict[str, int]:
    """Imported forms: a draft at least; submitted when nothing blocks (warnings explained)."""
    done = {"submitted": 0, "draft": 0}
    forms = (
        SurveyForm.objects.select_for_update()
        .select_related("campaign", "enterprise__region")
        .filter(pk__in=form_ids, status__in=EDITABLE)
    )
    for form in forms:
        if form.status == SurveyStatus.PENDING:
            _event(form, SurveyStatus.DRAFT, None, _("由Excel导入"))
        problems = validation.blocking(findings_for(form, submitting=True), form.explanations)
        if problems:
            done["draft"] += 1
        else:
            _event(form, SurveyStatus.SUBMITTED, None, _("由Excel导入并通过校验，自动提交"))
            form.submitted_at = timezone.now()
            done["submitted"] += 1
        form.save(update_fields=["status", "submitted_at"])
    return done
