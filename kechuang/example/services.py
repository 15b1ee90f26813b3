"""Every write of a nomination: scoped, validated, locked, audited (auditlog names the user)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from kechuang.core.locking import save_versioned
from kechuang.core.scoping import check_enterprise_in_scope
from kechuang.core.states import transition

from .choices import NominationStatus
from .models import NOMINATION_FIELDS, NOMINATION_WORKFLOW, Nomination


@transaction.atomic
def nomination_create(*, actor: Any, on: date, **fields: Any) -> Nomination:
    """A new nomination, entering its first state ("已推荐") on ``on``."""
    fields = NOMINATION_FIELDS.pick(fields)
    check_enterprise_in_scope(actor, fields["enterprise"])
    nomination = Nomination(**fields)
    transition(
        workflow=NOMINATION_WORKFLOW,
        actor=actor,
        obj=nomination,
        to=NominationStatus.NOMINATED,
        on=on,
    )
    return nomination


def nomination_update(
    *, actor: Any, nomination: Nomination, version: int | None, **fields: Any
) -> Nomination:
    check_enterprise_in_scope(actor, nomination.enterprise)
    changes = NOMINATION_FIELDS.pick(fields)
    if "enterprise" in changes:
        check_enterprise_in_scope(actor, changes["enterprise"])
    return save_versioned(nomination, expected_version=version, changes=changes)


def nomination_advance(
    *, actor: Any, nomination: Nomination, to: str, on: date, note: str = ""
) -> Nomination:
    """Move to the next state; an illegal move or an earlier date is refused in Chinese."""
    check_enterprise_in_scope(actor, nomination.enterprise)
    transition(workflow=NOMINATION_WORKFLOW, actor=actor, obj=nomination, to=to, on=on, note=note)
    nomination.refresh_from_db()
    return nomination
