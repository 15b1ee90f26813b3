"""Which enterprises meet a policy's conditions, which are one condition short (with that
condition named in the gap report's words), and what the policy is worth to each where a
rule estimates it. Facts are read in bulk: a fixed number of queries per set of enterprises."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q

from .choices import BenefitRule
from .conditions import check, describe

QUALIFIED, NEARLY = "qualified", "nearly"
CHUNK = 2000
WAN = Decimal(10000)


def facts_for(enterprises: Iterable[Any], day: date) -> dict[int, dict[str, Any]]:
    """Each enterprise's facts on ``day``: registry flags, qualifications held, the latest
    eligibility verdicts and its latest annual figures (money in 万元, shares in %)."""
    from kechuang.cultivation.assessments.models import Assessment, Verdict
    from kechuang.enterprises.models import AnnualFigures, Qualification

    rows = list(enterprises)
    facts: dict[int, dict[str, Any]] = {}
    for e in rows:
        age = None
        if e.registered_on is not None:
            age = (day - e.registered_on).days // 365
        facts[e.pk] = {
            "above_scale": e.is_above_scale,
            "in_rd_statistics": e.in_rd_statistics,
            "key_cultivated": e.is_key_cultivated,
            "hte": False,
            "tech_sme": False,
            "hte_pass": False,
            "techsme_pass": False,
            "employees": None,
            "revenue": None,
            "rd_expense": None,
            "rd_ratio": None,
            "st_share": None,
            "profit": None,
            "age": age,
            "industry": e.industry_code,
        }
    ids = [e.pk for e in rows]
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        for eid, kind in (
            Qualification.objects.filter(enterprise_id__in=chunk)
            .filter(
                Q(kind="hte", valid_until__gte=day, issued_on__lte=day)
                # a tech-SME's registration of this year, or last year's before this year's batches
                | Q(kind="tech_sme", year__gte=day.year - 1, year__lte=day.year)
            )
            .values_list("enterprise_id", "kind")
        ):
            facts[eid]["hte" if kind == "hte" else "tech_sme"] = True
        for eid, rule in Assessment.objects.filter(
            enterprise_id__in=chunk, is_latest=True, verdict=Verdict.PASS, year__lte=day.year
        ).values_list("enterprise_id", "rule"):
            facts[eid]["hte_pass" if rule == "hte" else "techsme_pass"] = True
        seen: set[int] = set()
        for f in (
            AnnualFigures.objects.filter(enterprise_id__in=chunk, year__lt=day.year + 1)
            .order_by("enterprise_id", "-year")
            .only(
                "enterprise_id",
                "year",
                "sales_revenue",
                "rd_expense",
                "employees",
                "st_staff",
                "profit",
            )
        ):
            if f.enterprise_id in seen:
                continue
            seen.add(f.enterprise_id)
            mine = facts[f.enterprise_id]
            mine["employees"] = f.employees
            mine["revenue"] = f.sales_revenue / WAN if f.sales_revenue is not None else None
            mine["rd_expense"] = f.rd_expense / WAN if f.rd_expense is not None else None
            mine["profit"] = f.profit
            mine["rd_expense_yuan"] = f.rd_expense
            mine["figures_year"] = f.year
            if f.sales_revenue and f.rd_expense is not None:
                mine["rd_ratio"] = 100 * f.rd_expense / f.sales_revenue
            if f.employees and f.st_staff is not None:
                mine["st_share"] = Decimal(100 * f.st_staff) / f.employees
    return facts


@dataclass
class Match:
    enterprise: Any
    kind: str  # qualified | nearly
    gaps: list[str] = field(default_factory=list)
    benefit: Decimal | None = None  # yuan
    benefit_note: str = ""
    told: bool = False

    @property
    def reason(self) -> str:
        return "；".join(self.gaps)


def benefit(policy: Any, facts: dict[str, Any], day: date) -> tuple[Decimal | None, str]:
    """The estimated benefit in yuan, and how it was reckoned."""
    from kechuang.rules.deduction import rate_for

    rule = policy.benefit_rule
    if rule == BenefitRule.FIXED:
        return policy.benefit_amount, "按政策定额"
    if rule == BenefitRule.RD_DEDUCTION:
        expense = facts.get("rd_expense_yuan")
        if not expense:
            return None, "未填报研发费用"
        industry = str(facts.get("industry") or "")
        kind = (
            "manufacturing"
            if industry[:2].isdigit() and 13 <= int(industry[:2]) <= 43
            else ("tech_sme" if facts.get("tech_sme") else "general")
        )
        year = facts.get("figures_year") or day.year - 1
        rate, source = rate_for(year, kind)
        tax = Decimal("0.15") if facts.get("hte") else Decimal("0.25")
        amount = (expense * rate * tax).quantize(Decimal("0.01"))
        return amount, (
            f"{year}年研发费用{expense / WAN:.2f}万元×加计扣除比例{rate * 100:.0f}%"
            f"×所得税率{tax * 100:.0f}%（{source}）"
        )
    if rule == BenefitRule.HTE_RATE:
        profit = facts.get("profit")
        if profit is None or profit <= 0:
            return None, "利润总额未填报或不为正"
        amount = (profit * Decimal("0.10")).quantize(Decimal("0.01"))
        return amount, f"利润总额{profit / WAN:.2f}万元×（25%−15%）"
    return None, ""


def match(
    policy: Any,
    enterprises: Iterable[Any],
    day: date,
    *,
    facts: dict[int, dict[str, Any]] | None = None,
) -> list[Match]:
    """The enterprises that meet every condition, and those that miss exactly one (with it
    named); the rest are left out. A policy without conditions matches no one (say who)."""
    conditions = policy.conditions or []
    rows = list(enterprises)
    if not conditions:
        return []
    known = facts if facts is not None else facts_for(rows, day)
    found: list[Match] = []
    for e in rows:
        mine = known.get(e.pk, {})
        gaps = [g for g in (check(c, mine) for c in conditions) if g]
        if len(gaps) > 1:
            continue
        amount, note = benefit(policy, mine, day)
        found.append(Match(e, NEARLY if gaps else QUALIFIED, gaps, amount, note))
    found.sort(key=lambda m: (m.kind != QUALIFIED, -(m.benefit or 0), m.enterprise.name))
    return found


def condition_words(policy: Any) -> list[str]:
    return [describe(c) for c in policy.conditions or []]
