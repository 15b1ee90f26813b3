"""Every write of the policy line: scoped, validated, locked, audited."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from kechuang.core.locking import create_validated, save_versioned
from kechuang.core.scoping import check_enterprise_in_scope, check_staff_in_region, user_roles

from .choices import Response
from .models import DISSEMINATION_FIELDS, POLICY_FIELDS, PUSH_FIELDS, Dissemination, Policy, Push


def _region(actor: Any, values: dict[str, Any]) -> None:
    if values.get("region") is None and actor is not None:
        values["region"] = actor.region
    check_staff_in_region(actor, values.get("region"))


def policy_create(*, actor: Any, **fields: Any) -> Policy:
    values = POLICY_FIELDS.pick(fields)
    _region(actor, values)
    return create_validated(Policy, values)


def policy_update(*, actor: Any, policy: Policy, version: int | None, **fields: Any) -> Policy:
    changes = POLICY_FIELDS.pick(fields)
    check_staff_in_region(actor, policy.region)
    if "region" in changes:
        check_staff_in_region(actor, changes["region"])
    return save_versioned(policy, expected_version=version, changes=changes)


def push_create(*, actor: Any, **fields: Any) -> Push:
    values = PUSH_FIELDS.pick(fields)
    if actor is not None and "staff" not in user_roles(actor):
        raise PermissionDenied(_("只有科技局工作人员可以登记政策推送。"))
    check_enterprise_in_scope(actor, values.get("enterprise"))
    values["pushed_by"] = actor if getattr(actor, "pk", None) else None
    return create_validated(Push, values)


def push_update(*, actor: Any, push: Push, version: int | None, **fields: Any) -> Push:
    """Staff correct a push; an enterprise answers its own (the response only)."""
    roles = user_roles(actor) if actor is not None else frozenset()
    if "enterprise" in roles:
        if push.enterprise_id != getattr(actor, "enterprise_id", None):
            raise PermissionDenied(_("无权修改该推送。"))
        fields = {k: v for k, v in fields.items() if k == "response"}
    elif actor is not None and "staff" not in roles:
        raise PermissionDenied(_("只有科技局工作人员可以修改政策推送。"))
    check_enterprise_in_scope(actor, push.enterprise)
    changes = PUSH_FIELDS.pick(fields)
    if "enterprise" in changes:
        check_enterprise_in_scope(actor, changes["enterprise"])
    return save_versioned(push, expected_version=version, changes=changes)


@transaction.atomic
def push_many(
    *, actor: Any, policy: Policy, enterprises: list[Any], on: date, channel: str, note: str = ""
) -> int:
    """Tell several enterprises of a policy at once (the match page's batch): one ledger row
    each; one already told that day by that channel is not told twice. Returns how many."""
    made = 0
    for enterprise in enterprises:
        if Push.objects.filter(
            policy=policy, enterprise=enterprise, pushed_on=on, channel=channel
        ).exists():
            continue
        push_create(
            actor=actor,
            policy=policy,
            enterprise=enterprise,
            pushed_on=on,
            channel=channel,
            response=Response.PENDING,
            note=note,
        )
        made += 1
    return made


def dissemination_create(*, actor: Any, **fields: Any) -> Dissemination:
    values = DISSEMINATION_FIELDS.pick(fields)
    _region(actor, values)
    return create_validated(Dissemination, values)


def dissemination_update(
    *, actor: Any, dissemination: Dissemination, version: int | None, **fields: Any
) -> Dissemination:
    changes = DISSEMINATION_FIELDS.pick(fields)
    check_staff_in_region(actor, dissemination.region)
    if "region" in changes:
        check_staff_in_region(actor, changes["region"])
    return save_versioned(dissemination, expected_version=version, changes=changes)
