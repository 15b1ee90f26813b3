"""Read-only questions of the cultivation pool: the ranked pool, latest assessments, common gaps."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Case, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from kechuang.core.figures import enterprises_in
from kechuang.core.periods import EXPIRY_MONTHS, months_after
from kechuang.cultivation.models import Assessment
from kechuang.enterprises.selectors import valid_qualifications

GAP_LABELS = {
    "registered": "注册未满一年",
    "ip_owned": "无知识产权",
    "field": "技术领域",
    "st_staff": "科技人员占比",
    "rd_ratio": "研发费用比例",
    "rd_domestic": "境内研发占比",
    "high_tech_revenue": "高新收入占比",
    "score": "创新能力评分",
    "no_incident": "重大事故",
}


def default_year() -> int:
    return timezone.localdate().year


def settled_holders(today: date) -> QuerySet[Any]:
    """Enterprises whose HTE certificate is valid today and beyond the next six months: holders,
    not candidates, in the pool and in its commonest gaps."""
    return (
        valid_qualifications("hte", today)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gt=months_after(today, EXPIRY_MONTHS)))
        .values("enterprise_id")
    )


def pool(
    *, user: Any, year: int, rule: str = "hte", filters: dict[str, Any] | None = None
) -> QuerySet[Assessment]:
    """Latest assessments ranked by distance: pass, then undetermined, then fewest gaps.

    For the HTE ranking, an enterprise whose certificate is valid today and beyond the next six
    months is a holder, not a candidate: it is left out (``holders`` lists them instead). One
    whose certificate ends within six months stays, marked ``renewal_until`` (issue #12)."""
    filters = filters or {}
    qs: QuerySet[Assessment] = (
        Assessment.objects.visible_to(user)
        .filter(rule=rule, year=year, is_latest=True)
        .select_related("enterprise", "enterprise__region")
        .annotate(
            rank=Case(
                When(verdict="pass", then=Value(0)),
                When(verdict="undetermined", then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
    )
    if rule == "hte":
        today = timezone.localdate()
        valid = valid_qualifications("hte", today)
        settled = settled_holders(today)
        qs = qs.annotate(
            renewal_until=Subquery(
                valid.filter(enterprise=OuterRef("enterprise_id"))
                .order_by("-valid_until")
                .values("valid_until")[:1]
            )
        )
        if filters.get("holders"):
            qs = qs.filter(enterprise__in=settled)
        else:
            qs = qs.exclude(enterprise__in=settled)
    if filters.get("region"):
        from kechuang.core.scoping import region_q

        qs = qs.filter(region_q("enterprise__region", filters["region"].code))
    if filters.get("tech_field"):
        qs = qs.filter(enterprise__tech_field=filters["tech_field"])
    if filters.get("verdict"):
        qs = qs.filter(verdict=filters["verdict"])
    if filters.get("gap"):
        qs = qs.filter(gap_codes__contains=f"|{filters['gap']}|")
    if filters.get("only_gap"):
        qs = qs.filter(gap_codes=f"|{filters['only_gap']}|")
    if filters.get("max_gaps") not in (None, ""):
        qs = qs.filter(gap_count__lte=int(filters["max_gaps"]))
    ranked: QuerySet[Assessment] = qs.order_by(  # type: ignore[misc]
        "rank", "gap_count", "-score_max", "enterprise__name"
    )
    return ranked


def latest_for(*, user: Any, enterprise_id: int, year: int) -> dict[str, Assessment]:
    rows = Assessment.objects.visible_to(user).filter(
        enterprise_id=enterprise_id, year=year, is_latest=True
    )
    return {a.rule: a for a in rows}


def assessed_rd_expense(*, enterprise_id: int, year: int) -> Decimal | None:
    """The year's R&D expense as the latest HTE / tech-SME assessment used it (its snapshot).

    A tech-SME assessment for year Y+1 reads year Y's figures; an HTE assessment reads the three
    years before its application year. The R&D survey cross-checks its figure against this.
    """
    rows = (
        Assessment.objects.filter(enterprise_id=enterprise_id, is_latest=True, year__gt=year)
        .order_by("-created_at", "-pk")
        .values_list("rule", "year", "snapshot")
    )
    for rule, assessed_year, snapshot in rows[:6]:
        if rule == "techsme" and assessed_year == year + 1 and snapshot.get("rd_expense"):
            return Decimal(snapshot["rd_expense"])
        if rule == "hte":
            for figures in snapshot.get("years") or []:
                if figures.get("year") == year and figures.get("rd_expense"):
                    return Decimal(figures["rd_expense"])
    return None


def top_gaps(user: Any, region: Any, period: Any) -> list[dict[str, Any]]:
    """The commonest single criteria missed in the HTE pool (latest assessments of the year)."""
    from django.db.models import Max

    latest = Assessment.objects.filter(rule="hte", is_latest=True)
    # the latest year assessed up to the one after the period (the pool its data feed)
    year = latest.filter(year__lte=period.year + 1).aggregate(y=Max("year"))["y"]
    pool = latest.filter(
        year=year,
        gap_count__gt=0,
        enterprise__in=enterprises_in(user, region).values("pk"),
    ).exclude(enterprise__in=settled_holders(timezone.localdate()))
    counts: dict[str, int] = defaultdict(int)
    for codes in pool.values_list("gap_codes", flat=True).iterator(chunk_size=5000):
        for code in codes.strip("|").split("|"):
            if code in GAP_LABELS:
                counts[code] += 1
    rows: list[dict[str, Any]] = [
        {
            "code": code,
            "label": str(GAP_LABELS[code]),
            "n": n,
            "url": reverse("cultivation:pool") + "?" + urlencode({"gap": code, "year": str(year)}),
        }
        for code, n in counts.items()
        if n
    ]
    return sorted(rows, key=lambda r: -r["n"])[:5]
