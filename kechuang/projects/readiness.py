"""A proposal against its call's conditions, read from the registry, the eligibility
definitions, platforms and cooperations — ready, or the exact gap in the gap report's
wording ("2025年研发投入占营业收入2.1%，要求≥3%，还差0.9个百分点").

``check`` judges plain data; ``for_proposals`` gathers it for any number of proposals in a
fixed number of queries (the pool's page, or a province's pool).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.platforms.choices import LEVEL_RANK, PlatformLevel

from .models import Call, Proposal

READY, GAP, MISSING, FREE, NO_CALL = "ready", "gap", "missing", "free", "no_call"


@dataclass(frozen=True)
class Line:
    label: str  # the condition: 高新技术企业
    met: bool | None  # None: the data to judge it is missing
    text: str


@dataclass
class Readiness:
    verdict: str
    lines: list[Line] = field(default_factory=list)

    @property
    def gaps(self) -> list[Line]:
        return [line for line in self.lines if line.met is not True]

    @property
    def summary(self) -> str:
        if self.verdict == NO_CALL:
            return _("未对应征集")
        if self.verdict == FREE:
            return _("征集未设申报条件")
        if self.verdict == READY:
            return _("申报条件均已满足")
        return _("不满足：") + "；".join(line.text for line in self.gaps)


@dataclass
class Facts:
    """What the conditions read about one enterprise."""

    hte: bool = False
    tech_sme: bool = False
    platforms: list[tuple[str, str]] = field(default_factory=list)  # (level, name)
    rd_expense: Decimal | None = None
    revenue: Decimal | None = None
    partners: list[str] = field(default_factory=list)  # institutions cooperating


def _plain(value: Decimal) -> str:
    text = f"{value.quantize(Decimal('0.1'))}"
    return text[:-2] if text.endswith(".0") else text


def check(call: Call | None, partner: str, facts: Facts, on: date) -> Readiness:
    if call is None:
        return Readiness(NO_CALL)
    lines: list[Line] = []
    if call.requires_hte:
        if facts.hte:
            lines.append(Line(_("高新技术企业"), True, _("有效期内的高新技术企业")))
        else:
            lines.append(Line(_("高新技术企业"), False, _("不是有效期内的高新技术企业")))
    if call.requires_tech_sme:
        year = on.year
        if facts.tech_sme:
            text = _("%(y)s年已入库科技型中小企业") % {"y": year}
            lines.append(Line(_("科技型中小企业"), True, text))
        else:
            text = _("%(y)s年尚未入库科技型中小企业") % {"y": year}
            lines.append(Line(_("科技型中小企业"), False, text))
    if call.platform_level:
        need = LEVEL_RANK[PlatformLevel(call.platform_level)]
        label = PlatformLevel(call.platform_level).label
        held = [
            (level, name)
            for level, name in facts.platforms
            if level and LEVEL_RANK[PlatformLevel(level)] >= need
        ]
        if held:
            level, name = max(held, key=lambda p: LEVEL_RANK[PlatformLevel(p[0])])
            text = _("依托%(l)s%(n)s") % {"l": PlatformLevel(level).label, "n": name}
            lines.append(Line(_("创新平台"), True, text))
        else:
            text = _("没有%(l)s及以上创新平台") % {"l": label}
            lines.append(Line(_("创新平台"), False, text))
    if call.rd_ratio_min is not None:
        year = on.year - 1
        minimum = Decimal(call.rd_ratio_min)
        if facts.rd_expense is None or not facts.revenue:
            text = _("未填报%(y)s年研发投入或营业收入") % {"y": year}
            lines.append(Line(_("研发投入强度"), None, text))
        else:
            ratio = Decimal(facts.rd_expense) * 100 / Decimal(facts.revenue)
            said = _("%(y)s年研发投入占营业收入%(r)s%%，要求≥%(m)s%%") % {
                "y": year,
                "r": _plain(ratio),
                "m": _plain(minimum),
            }
            if ratio >= minimum:
                lines.append(Line(_("研发投入强度"), True, said))
            else:
                short = _("，还差%(d)s个百分点") % {"d": _plain(minimum - ratio)}
                lines.append(Line(_("研发投入强度"), False, said + short))
    if call.requires_partner:
        names = [partner] if partner else []
        names += [n for n in facts.partners if n not in names]
        if names:
            text = _("合作高校院所：%(n)s") % {"n": "、".join(names[:3])}
            lines.append(Line(_("合作高校院所"), True, text))
        else:
            lines.append(Line(_("合作高校院所"), False, _("没有合作高校院所")))
    if not lines:
        return Readiness(FREE)
    if all(line.met is True for line in lines):
        return Readiness(READY, lines)
    if any(line.met is False for line in lines):
        return Readiness(GAP, lines)
    return Readiness(MISSING, lines)


def facts_for(ids: list[int], on: date) -> dict[int, Facts]:
    """Every condition's data for these enterprises: five queries, whatever their number."""
    from kechuang.enterprises.models import AnnualFigures
    from kechuang.enterprises.selectors import tech_sme_of_year, valid_qualifications
    from kechuang.platforms.models import Platform
    from kechuang.talent.choices import RUNG, CooperationStatus
    from kechuang.talent.models import Cooperation

    found: dict[int, Facts] = defaultdict(Facts)
    for pk in (
        valid_qualifications("hte", on)
        .filter(enterprise_id__in=ids)
        .values_list("enterprise_id", flat=True)
    ):
        found[pk].hte = True
    for pk in (
        tech_sme_of_year(on.year)
        .filter(enterprise_id__in=ids)
        .values_list("enterprise_id", flat=True)
    ):
        found[pk].tech_sme = True
    for pk, level, name in (
        Platform.objects.filter(host_enterprise_id__in=ids)
        .exclude(level="")
        .values_list("host_enterprise_id", "level", "name")
    ):
        found[pk].platforms.append((level, name))
    for pk, rd, revenue in AnnualFigures.objects.filter(
        enterprise_id__in=ids, year=on.year - 1
    ).values_list("enterprise_id", "rd_expense", "sales_revenue"):
        found[pk].rd_expense, found[pk].revenue = rd, revenue
    serious = [s for s, rank in RUNG.items() if rank >= RUNG[CooperationStatus.INTENTION]]
    for pk, name in (
        Cooperation.objects.filter(enterprise_id__in=ids, top__in=serious)
        .order_by("institution__name")
        .values_list("enterprise_id", "institution__name")
        .distinct()
    ):
        found[pk].partners.append(name)
    return found


def for_proposals(proposals: list[Proposal], on: date | None = None) -> dict[int, Readiness]:
    """Each proposal's readiness against its call (``call`` and ``partner`` selected)."""
    on = on or timezone.localdate()
    facts = facts_for(sorted({p.enterprise_id for p in proposals}), on)
    return {
        p.pk: check(
            p.call if p.call_id else None,
            p.partner.name if p.partner is not None else "",
            facts.get(p.enterprise_id, Facts()),
            on,
        )
        for p in proposals
    }


def of(proposal: Proposal, on: date | None = None) -> Readiness:
    return for_proposals([proposal], on)[proposal.pk]
