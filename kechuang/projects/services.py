"""Every write of the projects line: calls, proposals through the state-change block, talent
applications, competition entries, introduced talents and the bureau's drafts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kechuang.core.locking import create_validated, save_versioned
from kechuang.core.scoping import check_enterprise_in_scope, check_staff_in_region, user_roles
from kechuang.core.states import transition

from .choices import ProposalKind, ProposalStatus
from .models import (
    APPLICATION_FIELDS,
    CALL_FIELDS,
    DOCUMENT_FIELDS,
    ENTRY_FIELDS,
    PROPOSAL_FIELDS,
    PROPOSAL_WORKFLOW,
    TALENT_FIELDS,
    BureauDocument,
    Call,
    CompetitionEntry,
    IntroducedTalent,
    Proposal,
    TalentApplication,
)

S = ProposalStatus


def _own_region(actor: Any, values: dict[str, Any]) -> None:
    if values.get("region") is None and actor is not None:
        values["region"] = actor.region
    check_staff_in_region(actor, values.get("region"))


# --- calls ----------------------------------------------------------------------------------


def call_create(*, actor: Any, **fields: Any) -> Call:
    values = CALL_FIELDS.pick(fields)
    _own_region(actor, values)
    created: Call = create_validated(Call, values)
    return created


def call_update(*, actor: Any, call: Call, version: int | None, **fields: Any) -> Call:
    check_staff_in_region(actor, call.region)
    changes = CALL_FIELDS.pick(fields)
    if "region" in changes:
        check_staff_in_region(actor, changes["region"])
    saved: Call = save_versioned(call, expected_version=version, changes=changes)
    return saved


# --- proposals and the reserve pool ---------------------------------------------------------


def _is_enterprise(actor: Any) -> bool:
    return actor is not None and "enterprise" in user_roles(actor)


def _check_proposal(actor: Any, values: dict[str, Any]) -> None:
    """An enterprise drafts for itself; staff act on their region's enterprises; the call and
    the partner are ones the user sees."""
    from .selectors import calls_for

    call, partner = values.get("call"), values.get("partner")
    if actor is not None:
        if call is not None and not calls_for(actor).filter(pk=call.pk).exists():
            raise PermissionDenied(_("该项目征集不在您的管辖范围内。"))
        if partner is not None and not _partner_visible(actor, partner, values):
            raise PermissionDenied(_("该合作单位不在可选的高校院所名录中。"))
    if call is not None and not values.get("kind"):
        values["kind"] = call.kind


def _partner_visible(actor: Any, partner: Any, values: dict[str, Any]) -> bool:
    """Staff choose from their directory; an enterprise from its county's directory."""
    from kechuang.talent.models import Institution

    if _is_enterprise(actor):
        enterprise = values.get("enterprise")
        return enterprise is not None and enterprise.region.code.startswith(partner.region.code)
    return Institution.objects.visible_to(actor).filter(pk=partner.pk).exists()


@transaction.atomic
def proposal_create(*, actor: Any, on: date, status: str | None = None, **fields: Any) -> Proposal:
    """A new proposal. An enterprise drafts its own (stage "企业填报中"); staff enter one for an
    enterprise of their region as collected (or reserved)."""
    from kechuang.enterprises.models import Enterprise

    values = PROPOSAL_FIELDS.pick(fields)
    if _is_enterprise(actor):
        own = getattr(actor, "enterprise_id", None)
        if own is None:
            raise PermissionDenied(_("您的账号尚未关联企业。"))
        values["enterprise"] = Enterprise.objects.get(pk=own)
        status = S.DRAFT
    else:
        if actor is not None:
            check_staff_in_region(actor)
            if values.get("enterprise") is not None:
                check_enterprise_in_scope(actor, values["enterprise"])
        status = status or S.COLLECTED
    _check_proposal(actor, values)
    if not values.get("kind"):
        raise ValidationError({"kind": _("请选择项目类型，或选择对应的项目征集。")})
    proposal = Proposal(**values)
    transition(workflow=PROPOSAL_WORKFLOW, actor=actor, obj=proposal, to=status, on=on)
    return proposal


def proposal_update(
    *, actor: Any, proposal: Proposal, version: int | None, **fields: Any
) -> Proposal:
    """An enterprise edits its own draft only; staff edit any proposal of their region."""
    if PROPOSAL_FIELDS.refused(fields, actor):
        raise PermissionDenied(_("企业用户不能修改项目所属的企业。"))
    if _is_enterprise(actor):
        if proposal.enterprise_id != getattr(actor, "enterprise_id", None):
            raise PermissionDenied(_("无权修改该项目。"))
        if proposal.status != S.DRAFT:
            raise PermissionDenied(_("项目已提交科技局，不能再修改；如需修改请联系科技局。"))
    elif actor is not None:
        check_staff_in_region(actor)
        check_enterprise_in_scope(actor, proposal.enterprise)
    changes = PROPOSAL_FIELDS.pick(fields)
    if "enterprise" in changes and actor is not None and not _is_enterprise(actor):
        check_enterprise_in_scope(actor, changes["enterprise"])
    _check_proposal(actor, {"enterprise": proposal.enterprise, **changes})
    saved: Proposal = save_versioned(proposal, expected_version=version, changes=changes)
    return saved


@transaction.atomic
def proposal_advance(
    *,
    actor: Any,
    proposal: Proposal,
    to: str,
    on: date,
    note: str = "",
    coach: str = "",
    amount: Decimal | None = None,
    document_number: str = "",
) -> Proposal:
    """The next stage. An enterprise may only hand its draft to the bureau (→ collected) or
    withdraw it; coaching names who coached; funding carries its amount and document."""
    if _is_enterprise(actor):
        if proposal.enterprise_id != getattr(actor, "enterprise_id", None):
            raise PermissionDenied(_("无权办理该项目。"))
        if not (proposal.status == S.DRAFT and to in (S.COLLECTED, S.WITHDRAWN)):
            raise PermissionDenied(_("企业用户只能提交或撤回本企业填报中的项目。"))
    elif actor is not None:
        check_staff_in_region(actor)
        check_enterprise_in_scope(actor, proposal.enterprise)
    record: dict[str, Any] = {}
    if to == S.FUNDED:
        record = {"funded_amount": amount, "document_number": document_number.strip()}
    transition(
        workflow=PROPOSAL_WORKFLOW,
        actor=actor,
        obj=proposal,
        to=to,
        on=on,
        note=note,
        record=record,
        coach=coach.strip(),
        amount=amount if to == S.FUNDED else None,
        document_number=document_number.strip() if to == S.FUNDED else "",
    )
    proposal.refresh_from_db()
    return proposal


# --- talent programmes, competitions, introduced talents, the bureau's drafts ---------------


def _with_enterprise(actor: Any, values: dict[str, Any]) -> None:
    check_staff_in_region(actor)
    if values.get("enterprise") is not None:
        check_enterprise_in_scope(actor, values["enterprise"])


def application_create(*, actor: Any, **fields: Any) -> TalentApplication:
    values = APPLICATION_FIELDS.pick(fields)
    if values.get("region") is None:
        enterprise = values.get("enterprise")
        values["region"] = enterprise.region if enterprise is not None else actor.region
    _with_enterprise(actor, values)
    check_staff_in_region(actor, values["region"])
    created: TalentApplication = create_validated(TalentApplication, values)
    return created


def application_update(
    *, actor: Any, application: TalentApplication, version: int | None, **fields: Any
) -> TalentApplication:
    check_staff_in_region(actor, application.region)
    changes = APPLICATION_FIELDS.pick(fields)
    _with_enterprise(actor, changes)
    saved: TalentApplication = save_versioned(
        application, expected_version=version, changes=changes
    )
    return saved


def entry_create(*, actor: Any, **fields: Any) -> CompetitionEntry:
    values = ENTRY_FIELDS.pick(fields)
    _with_enterprise(actor, values)
    created: CompetitionEntry = create_validated(CompetitionEntry, values)
    return created


def entry_update(
    *, actor: Any, entry: CompetitionEntry, version: int | None, **fields: Any
) -> CompetitionEntry:
    _with_enterprise(actor, {"enterprise": entry.enterprise})
    changes = ENTRY_FIELDS.pick(fields)
    _with_enterprise(actor, changes)
    saved: CompetitionEntry = save_versioned(entry, expected_version=version, changes=changes)
    return saved


def talent_create(*, actor: Any, **fields: Any) -> IntroducedTalent:
    values = TALENT_FIELDS.pick(fields)
    _with_enterprise(actor, values)
    created: IntroducedTalent = create_validated(IntroducedTalent, values)
    return created


def talent_update(
    *, actor: Any, talent: IntroducedTalent, version: int | None, **fields: Any
) -> IntroducedTalent:
    _with_enterprise(actor, {"enterprise": talent.enterprise})
    changes = TALENT_FIELDS.pick(fields)
    _with_enterprise(actor, changes)
    saved: IntroducedTalent = save_versioned(talent, expected_version=version, changes=changes)
    return saved


def document_create(*, actor: Any, **fields: Any) -> BureauDocument:
    values = DOCUMENT_FIELDS.pick(fields)
    _own_region(actor, values)
    created: BureauDocument = create_validated(BureauDocument, values)
    return created


def document_update(
    *, actor: Any, document: BureauDocument, version: int | None, **fields: Any
) -> BureauDocument:
    check_staff_in_region(actor, document.region)
    changes = DOCUMENT_FIELDS.pick(fields)
    if "region" in changes:
        check_staff_in_region(actor, changes["region"])
    saved: BureauDocument = save_versioned(document, expected_version=version, changes=changes)
    return saved


@transaction.atomic
def proposal_from_need(*, actor: Any, need: Any, on: date) -> Proposal:
    """A technical need becomes a proposal in the reserve pool (an enterprise R&D project
    titled after the need), keeping the link: the need's loop and history stay as they are."""
    proposal = proposal_create(
        actor=actor,
        on=on,
        enterprise=need.enterprise,
        kind=ProposalKind.ENTERPRISE_RD,
        title=need.title,
        note=str(_("由技术需求转入")),
    )
    Proposal.objects.filter(pk=proposal.pk).update(need=need)
    proposal.refresh_from_db()
    return proposal
