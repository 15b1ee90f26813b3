"""Reads of the projects line (always scoped)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from kechuang.core.scoping import user_roles

from .models import Call, Proposal


def calls_for(user: Any) -> QuerySet[Call]:
    """The calls a user may see: the bureau its region's (and those of the regions under
    it); an enterprise the calls of its county and of every region above it (a provincial
    call organised by the county bureau is open to the county's enterprises)."""
    roles = user_roles(user)
    if roles & {"staff", "leader"}:
        found: QuerySet[Call] = Call.objects.visible_to(user)
        return found
    if "enterprise" in roles and getattr(user, "enterprise_id", None):
        from kechuang.enterprises.models import Enterprise

        code = (
            Enterprise.objects.filter(pk=user.enterprise_id)
            .values_list("region__code", flat=True)
            .first()
        )
        if code:
            prefixes = [code[:n] for n in (2, 4, 6, 9, 12) if n <= len(code)]
            return Call.objects.filter(region__code__in=prefixes)
    return Call.objects.none()


def proposals(*, user: Any) -> QuerySet[Proposal]:
    found: QuerySet[Proposal] = Proposal.objects.visible_to(user).select_related(
        "enterprise", "call", "partner"
    )
    return found


def open_calls_q(today: Any) -> Q:
    return Q(opens_on__lte=today, deadline__gte=today)


def pool_table(found: QuerySet[Proposal]) -> dict[str, Any]:
    """The pool by kind × stage for the rows a list's filters select (one grouped query)."""
    from django.db.models import Count

    from .choices import ProposalKind, ProposalStatus

    counts = {
        (row["kind"], row["status"]): row["n"]
        for row in found.order_by().values("kind", "status").annotate(n=Count("pk"))
    }
    stages = [s for s in ProposalStatus if any(k[1] == s for k in counts)]
    rows = []
    for kind in ProposalKind:
        cells = [counts.get((kind.value, s.value), 0) for s in stages]
        if any(cells):
            rows.append(
                {"kind": kind.value, "name": kind.label, "cells": cells, "total": sum(cells)}
            )
    totals = [sum(r["cells"][i] for r in rows) for i in range(len(stages))]
    return {
        "headers": [(s.value, s.label) for s in stages],
        "rows": rows,
        "totals": totals,
        "total": sum(totals),
    }


REMIND_DAYS = 30  # a call's deadline within this many days: its unsubmitted proposals are to-dos


def todos(user: Any) -> list[Any]:
    """Before a call's deadline: an enterprise's own unsubmitted proposals, one to-do each; the
    bureau's, one per call with how many proposals are not yet submitted."""
    from datetime import timedelta

    from django.db.models import Count
    from django.urls import reverse
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from kechuang.core.navigation import Todo

    from .choices import NOT_SUBMITTED

    roles = user_roles(user)
    today = timezone.localdate()
    soon = today + timedelta(days=REMIND_DAYS)
    waiting = Proposal.objects.visible_to(user).filter(
        status__in=NOT_SUBMITTED, call__deadline__lte=soon, call__deadline__gte=today
    )
    if "enterprise" in roles:
        return [
            Todo(
                text=_("申报项目“%(t)s”尚未提交（%(c)s截止）")
                % {"t": p.title, "c": f"{p.call.deadline:%Y-%m-%d}"},
                url=p.get_absolute_url(),
                due=p.call.deadline,
            )
            for p in waiting.select_related("call")
        ]
    if "staff" not in roles:
        return []
    rows = waiting.values("call_id", "call__title", "call__deadline").annotate(n=Count("pk"))
    return [
        Todo(
            text=_("%(c)s：%(n)d个储备项目尚未申报") % {"c": row["call__title"], "n": row["n"]},
            url=reverse("projects:proposal_list") + f"?call={row['call_id']}",
            due=row["call__deadline"],
        )
        for row in rows.order_by("call__deadline")
    ]


def talent_progress(target: Any) -> Any:
    """The target "帮助企业引进高层次科研人才X名以上": talents introduced in its year and region."""
    from kechuang.core.scoping import region_q
    from kechuang.targets.selectors import Progress

    from .models import IntroducedTalent

    actual = IntroducedTalent.objects.filter(
        region_q("enterprise__region", target.region.code), introduced_on__year=target.year
    ).count()
    return Progress(target, actual, actual, "引进人才记录")
