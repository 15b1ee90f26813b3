"""Reads of enterprise service: last visits (the line's own and the cultivation pipeline's
on-site steps, one answer), the leader's page, the need-loop funnel."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Max
from django.utils.translation import gettext as _

from .models import EnterprisePlan, Flag, Liaison, Visit


def last_visits(enterprise_ids: list[int], *, before: date | None = None) -> dict[int, date]:
    """Each enterprise's latest visit: a visit record, or the cultivation pipeline's on-site
    guidance or verification it attended (the same kind of visit, recorded by that line).
    Read in chunks, so a province's liaison list stays within the database's limits."""
    from kechuang.cultivation.hte.models import Activity, ActivityKind

    found: dict[int, date] = {}
    for start in range(0, len(enterprise_ids), CHUNK):
        chunk = enterprise_ids[start : start + CHUNK]
        visits = Visit.objects.filter(enterprise_id__in=chunk)
        activities = Activity.objects.filter(
            enterprises__in=chunk,
            kind__in=(ActivityKind.GUIDANCE, ActivityKind.VERIFICATION),
        )
        if before is not None:
            visits = visits.filter(visited_on__lte=before)
            activities = activities.filter(held_on__lte=before)
        for eid, day in (
            visits.order_by().values_list("enterprise_id").annotate(last=Max("visited_on"))
        ):
            found[eid] = day
        for eid, day in (
            activities.order_by().values_list("enterprises").annotate(last=Max("held_on"))
        ):
            if eid is not None and (eid not in found or day > found[eid]):
                found[eid] = day
    return found


CHUNK = 5000


@dataclass
class LiaisonRow:
    liaison: Liaison
    last_visit: date | None
    due_on: date
    overdue: bool
    open_needs: int = 0
    overdue_needs: int = 0
    closed_needs: int = 0
    gaps: list[str] = field(default_factory=list)
    verdict: str = ""
    flags: list[str] = field(default_factory=list)
    plan: EnterprisePlan | None = None


def leader_rows(*, user: Any, leader: Any, today: date) -> list[LiaisonRow]:
    """A leader's enterprises with their last visit, when the next is due, open needs, the
    HTE gap report's gaps and open flags — a fixed number of queries, whatever the count."""
    from kechuang.cultivation.assessments.models import Assessment
    from kechuang.talent.models import NEED_OPEN, NeedStatus, TechNeed, is_overdue

    liaisons = list(
        Liaison.objects.visible_to(user)
        .filter(leader=leader)
        .select_related("enterprise", "leader")
        .order_by("enterprise__name", "pk")
    )
    ids = [x.enterprise_id for x in liaisons]
    last = last_visits(ids)
    needs: dict[int, Counter[str]] = defaultdict(Counter)
    for eid, status, deadline in TechNeed.objects.filter(enterprise_id__in=ids).values_list(
        "enterprise_id", "status", "deadline"
    ):
        if status in NEED_OPEN:
            needs[eid]["open"] += 1
        if status == NeedStatus.CLOSED:
            needs[eid]["closed"] += 1
        if is_overdue(status, deadline, today):
            needs[eid]["overdue"] += 1
    gaps: dict[int, tuple[str, list[str]]] = {}
    for a in Assessment.objects.filter(enterprise_id__in=ids, rule="hte", is_latest=True).order_by(
        "enterprise_id", "-year"
    ):
        if a.enterprise_id not in gaps:
            gaps[a.enterprise_id] = (
                a.get_verdict_display(),
                [g.get("explanation", "") for g in a.gaps],
            )
    flags: dict[int, list[str]] = defaultdict(list)
    for eid, label in Flag.objects.filter(enterprise_id__in=ids, resolved_on=None).values_list(
        "enterprise_id", "label"
    ):
        flags[eid].append(label)
    plans = {
        p.enterprise_id: p
        for p in EnterprisePlan.objects.filter(enterprise_id__in=ids, year=today.year)
    }
    rows = []
    for x in liaisons:
        seen = last.get(x.enterprise_id)
        due = x.due_on(seen)
        verdict, gap_list = gaps.get(x.enterprise_id, ("", []))
        rows.append(
            LiaisonRow(
                liaison=x,
                last_visit=seen,
                due_on=due,
                overdue=due < today,
                open_needs=needs[x.enterprise_id]["open"],
                overdue_needs=needs[x.enterprise_id]["overdue"],
                closed_needs=needs[x.enterprise_id]["closed"],
                gaps=gap_list,
                verdict=verdict,
                flags=flags.get(x.enterprise_id, []),
                plan=plans.get(x.enterprise_id),
            )
        )
    return rows


def leaders(*, user: Any, year: int, today: date) -> list[dict[str, Any]]:
    """The leaders with liaison enterprises the user sees: how many, visited this year, due."""
    liaisons = list(
        Liaison.objects.visible_to(user).select_related("leader").order_by("leader_id", "pk")
    )
    ids = list({x.enterprise_id for x in liaisons})
    last = last_visits(ids)
    visits = Counter(
        dict(
            Visit.objects.visible_to(user)
            .filter(visited_on__year=year)
            .order_by()
            .values_list("visitors")
            .annotate(n=Count("pk", distinct=True))
        )
    )
    by_leader: dict[int, dict[str, Any]] = {}
    for x in liaisons:
        row = by_leader.setdefault(
            x.leader_id, {"leader": x.leader, "enterprises": 0, "overdue": 0, "visits": 0}
        )
        row["enterprises"] += 1
        if x.due_on(last.get(x.enterprise_id)) < today:
            row["overdue"] += 1
    for leader_id, row in by_leader.items():
        row["visits"] = visits.get(leader_id, 0)
    return sorted(by_leader.values(), key=lambda r: (-r["enterprises"], r["leader"].username))


def visits_per_leader(*, user: Any, region: Any, start: date, end: date) -> list[dict[str, Any]]:
    """Visits per leader in a period (the dashboard's bars)."""
    rows = (
        Visit.objects.visible_in(user, region)
        .filter(
            visited_on__gte=start,
            visited_on__lte=end,
            visitors__groups__name="leader",
        )
        .values("visitors", "visitors__full_name", "visitors__username")
        .annotate(n=Count("pk", distinct=True))
        .order_by("-n", "visitors__username")
    )
    return [
        {
            "leader_id": r["visitors"],
            "name": r["visitors__full_name"] or r["visitors__username"],
            "visits": r["n"],
        }
        for r in rows
    ]


def funnel(*, user: Any, region: Any, period: Any) -> dict[str, Any]:
    """The need loop in a period: the needs raised in it (``support.needs_received``), and of
    them how many reached each stage (by the dated history). Late needs and ratings are the
    figures' too (``support.needs_overdue``, ``support.needs_closed``)."""
    from kechuang.core import figures
    from kechuang.talent.models import NEED_STAGES, NeedEvent, NeedStatus

    received = figures.compute("support.needs_received", user=user, region=region, period=period)
    needs: Any = received.records  # the figure's own records (needs_received always has them)
    reached = dict(
        NeedEvent.objects.filter(need__in=needs.values("pk"))
        .order_by()
        .values_list("state")
        .annotate(n=Count("need", distinct=True))
    )
    stages: list[dict[str, Any]] = [{"key": "", "label": _("进入需求池"), "count": received.value}]
    stages += [
        {"key": stage.value, "label": stage.label, "count": reached.get(stage.value, 0)}
        for stage in NEED_STAGES
        if stage != NeedStatus.SUBMITTED  # every need entered the pool; staff's at "accepted"
    ]
    return {"total": received.value, "stages": stages}
