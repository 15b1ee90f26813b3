"""Which enterprises meet a policy's conditions, which are one condition short (with that
condition named in the gap report's words), and what the policy is worth to each where a
rule estimates it. Facts are read in bulk: a fixed number of queries per set of enterprises."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q

from .choices import BenefitRule
from .conditions import check, compiled, describe

QUALIFIED, NEARLY = "qualified", "nearly"
CHUNK = 2000
WAN = Decimal(10000)
# the enterprise's own fields the facts read (load only these for a large set)
FACT_FIELDS = (
    "pk",
    "name",
    "uscc",
    "registered_on",
    "is_above_scale",
    "in_rd_statistics",
    "is_key_cultivated",
    "industry_code",
)


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
        for eid, year, sales, rd, employees, st_staff, profit in (
            AnnualFigures.objects.filter(enterprise_id__in=chunk, year__lt=day.year + 1)
            .order_by("enterprise_id", "-year")
            .values_list(
                "enterprise_id",
                "year",
                "sales_revenue",
                "rd_expense",
                "employees",
                "st_staff",
                "profit",
            )
        ):
            if eid in seen:
                continue  # an older year
            seen.add(eid)
            mine = facts[eid]
            mine["employees"] = employees
            mine["revenue"] = sales / WAN if sales is not None else None
            mine["rd_expense"] = rd / WAN if rd is not None else None
            mine["profit"] = profit
            mine["rd_expense_yuan"] = rd
            mine["figures_year"] = year
            if sales and rd is not None:
                mine["rd_ratio"] = 100 * rd / sales
            if employees and st_staff is not None:
                mine["st_share"] = Decimal(100 * st_staff) / employees
    return facts


@dataclass
class Match:
    enterprise: Any
    kind: str  # qualified | nearly
    missed: list[dict[str, Any]] = field(default_factory=list)  # the condition short of
    facts: dict[str, Any] = field(default_factory=dict)
    benefit: Decimal | None = None  # yuan
    told: bool = False
    # how the benefit was reckoned, in words only when shown (a province's list is long)
    words: Callable[[], str] | None = None

    @property
    def gaps(self) -> list[str]:
        """The conditions short of, in the gap report's words (built when shown)."""
        return [check(c, self.facts) for c in self.missed]

    @property
    def benefit_note(self) -> str:
        return self.words() if self.words is not None else ""

    @property
    def reason(self) -> str:
        return "；".join(self.gaps)


def benefit(
    policy: Any, facts: dict[str, Any], day: date, *, words: bool = True
) -> tuple[Decimal | None, str]:
    """The estimated benefit in yuan, and how it was reckoned (``words=False``: the amount
    only)."""
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
        if not words:
            return amount, ""
        return amount, (
            f"{year}年研发费用{expense / WAN:.2f}万元×加计扣除比例{rate * 100:.0f}%"
            f"×所得税率{tax * 100:.0f}%（{source}）"
        )
    if rule == BenefitRule.HTE_RATE:
        profit = facts.get("profit")
        if profit is None or profit <= 0:
            return None, "利润总额未填报或不为正"
        amount = (profit * Decimal("0.10")).quantize(Decimal("0.01"))
        if not words:
            return amount, ""
        return amount, f"利润总额{profit / WAN:.2f}万元×（25%−15%）"
    return None, ""


def _words_of(policy: Any, facts: dict[str, Any], day: date) -> Callable[[], str]:
    return lambda: benefit(policy, facts, day)[1]


def match(
    policy: Any,
    enterprises: Iterable[Any],
    day: date,
    *,
    facts: dict[int, dict[str, Any]] | None = None,
    estimate: bool = True,
) -> list[Match]:
    """The enterprises that meet every condition, and those that miss exactly one (with it
    named); the rest are left out. A policy without conditions matches no one (say who)."""
    conditions = policy.conditions or []
    rows = list(enterprises)
    if not conditions:
        return []
    known = facts if facts is not None else facts_for(rows, day)
    tests = [(compiled(c), c) for c in conditions]
    found: list[Match] = []
    for e in rows:
        mine = known.get(e.pk, {})
        missed: list[dict[str, Any]] = []
        for test, condition in tests:
            if not test(mine):
                missed.append(condition)
                if len(missed) > 1:
                    break  # two short: not listed
        if len(missed) > 1:
            continue
        kind = NEARLY if missed else QUALIFIED
        if estimate:
            amount, _words = benefit(policy, mine, day, words=False)
            found.append(Match(e, kind, missed, mine, amount, words=_words_of(policy, mine, day)))
        else:
            found.append(Match(e, kind, missed, mine))
    found.sort(key=lambda m: (m.kind != QUALIFIED, -(m.benefit or 0), m.enterprise.name))
    return found


def condition_words(policy: Any) -> list[str]:
    return [describe(c) for c in policy.conditions or []]
