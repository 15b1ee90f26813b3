"""Write the work report's text from the figures registry (seed: county-report-2021.txt).

Every number in the text comes from one figure and is recorded as a *use* (figure key, value,
the string shown, record ids), so the stored snapshot explains each number and a test can read
the .docx back and check each one against the registry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from kechuang.core import figures
from kechuang.core.figures import Result
from kechuang.core.periods import Period

ORDINALS = "一二三四五六七八九十"


def count(value: Any) -> str:
    return str(int(value))


def wan(value: Any) -> str:
    """Yuan → 万元 with two decimals, no separators (official-document style)."""
    return f"{Decimal(value) / 10000:.2f}"


def pct(value: Any) -> str:
    return f"{Decimal(value):.1f}"


def months(values: list[int]) -> str:
    """[4] → '4月'; [4, 5, 6] → '4-6月'; [5, 7] → '5月、7月'."""
    if not values:
        return ""
    if len(values) > 1 and values == list(range(values[0], values[-1] + 1)):
        return f"{values[0]}-{values[-1]}月"
    return "、".join(f"{m}月" for m in values)


def joined(names: list[str]) -> str:
    return "、".join(names)


def partners(organisers: list[str]) -> str:
    """'联合县财政局、县税务局' from the organisers, leaving out the bureau itself."""
    others = [name for name in organisers if "科技" not in name]
    return f"联合{joined(others)}" if others else ""


@dataclass
class Use:
    key: str
    label: str
    value: str
    shown: str
    unit: str
    ids: list[int]


@dataclass
class Composer:
    user: Any
    region: Any
    period: Period
    slogan: str = ""
    talent_min: int = 1
    plan_text: str = ""
    free_text: str = ""
    uses: list[Use] = field(default_factory=list)
    _cache: dict[str, Result] = field(default_factory=dict)
    _context: dict[str, Any] | None = None

    def fig(self, key: str) -> Result:
        if key not in self._cache:
            self._cache[key] = figures.compute(
                key, user=self.user, region=self.region, period=self.period
            )
        return self._cache[key]

    def use(self, key: str, shown: str, value: Any = None) -> str:
        """Record that ``shown`` (a number in the text) comes from figure ``key``."""
        result = self.fig(key)
        figure = figures.get(key)
        self.uses.append(
            Use(
                key,
                str(figure.label),
                str(result.value if value is None else value),
                shown,
                str(figure.unit) if value is None else "%",  # a share or an intensity
                result.record_ids(),
            )
        )
        return shown

    # --- sections --------------------------------------------------------------------------
    def rd_survey(self) -> str:
        submitted = self.fig("rdstats.survey_submitted")
        if not submitted.value:
            return ""
        text = (
            f"积极组织{self.use('rdstats.survey_submitted', count(submitted.value))}家纳统企业"
            f"填报{submitted.facts['year']}年度企业研发投入统计年报，"
            "为争取研发经费加计扣除和省级研究开发补助资金打下基础。"
        )
        total = self.fig("rdstats.rd_total")
        if total.value:
            shown = self.use("rdstats.rd_total", wan(total.value))
            accepted = total.facts.get("accepted")
            if accepted is not None and accepted < (submitted.value or 0):
                # a partial review: the total covers only the accepted forms (issue #12)
                text += f"经审核，已审核通过的{accepted}家企业研发经费支出合计{shown}万元"
            else:
                text += f"经审核，填报企业研发经费支出合计{shown}万元"
            intensity = total.facts.get("intensity")
            if intensity is not None:
                shown = self.use("rdstats.rd_total", pct(intensity), value=intensity)
                text += f"，占地区生产总值的{shown}%"
            text += "。"
        return text

    def cultivation(self) -> str:
        parts = []
        trained = self.fig("cultivation.hte_trained")
        if trained.value:
            n = self.use("cultivation.hte_trained", count(trained.value))
            parts.append(f"强化高新技术企业源头培育，对拟认证的{n}家企业进行高新技术企业认定培训。")
        guided = self.fig("cultivation.hte_guided")
        if guided.value:
            with_whom = partners(guided.facts["organisers"])
            parts.append(
                f"{months(guided.facts['months'])}，县科技局{with_whom}到重点培育企业"
                f"{joined(guided.examples())}等"
                f"{self.use('cultivation.hte_guided', count(guided.value))}家企业现场指导。"
            )
        verified = self.fig("cultivation.hte_verified")
        if verified.value:
            with_whom = partners(verified.facts["organisers"]) or "组织人员"
            n = self.use("cultivation.hte_verified", count(verified.value))
            parts.append(
                f"{months(verified.facts['months'])}，{with_whom}到{n}家申报企业进行现场核实。"
            )
        applied = self.fig("cultivation.hte_applied_batch1")
        if applied.value:
            n = self.use("cultivation.hte_applied_batch1", count(applied.value))
            parts.append(f"目前组织{joined(applied.examples())}等{n}家企业申报第一批次高企。")
        recognised = self.fig("cultivation.hte_recognised")
        if recognised.value:
            parts.append(
                f"新认定国家高新技术企业"
                f"{self.use('cultivation.hte_recognised', count(recognised.value))}家。"
            )
        mobilised = self.fig("cultivation.tech_sme_mobilised")
        if mobilised.value:
            parts.append(
                f"积极组织开展科技型中小企业评价，广泛动员{joined(mobilised.examples())}等企业"
                "开展科技型中小企业入库工作。"
            )
        registered = self.fig("cultivation.tech_sme_registered")
        if registered.value:
            batches = registered.facts.get("batches") or 0
            lead = f"目前{ORDINALS[batches - 1]}批共" if 0 < batches <= 10 else "目前共"
            parts.append(
                f"{lead}{self.use('cultivation.tech_sme_registered', count(registered.value))}家"
                "已完成评价入库，入库后可享受科技型中小企业成果转化贷款风险补偿政策，"
                "拓宽了企业创新担保贷款渠道。"
            )
        return "".join(parts)

    def problems(self) -> list[str]:
        found: list[str] = []
        without = self.fig("enterprises.above_scale_without_bachelor")
        if without.value is not None and without.value >= self.talent_min:
            above = self.fig("enterprises.above_scale")
            a = self.use("enterprises.above_scale", count(above.value))
            b = self.use("enterprises.above_scale_without_bachelor", count(without.value))
            found.append(
                "企业科技人才缺乏。企业现有人才整体素质有待提高。"
                f"目前{self.region.name}规模以上企业{a}家，"
                f"其中{b}家{without.facts['year']}年度没有本科及以上学历的人员。"
            )
        below = self.fig("rdstats.below_threshold")
        if below.value:
            threshold = below.facts["threshold"]
            share = below.facts["share"]
            text = (
                "科技投入不足、活力不强。在填报研发投入统计的企业中，"
                f"{self.use('rdstats.below_threshold', count(below.value))}家企业"
                f"（占{self.use('rdstats.below_threshold', pct(share), value=share)}%）"
                f"研发投入占营业收入的比重低于{pct(threshold).rstrip('0').rstrip('.')}%，"
                "科技创新活跃度较低。"
            )
            found.append(text)
        return [f"{ORDINALS[i]}是{text}" for i, text in enumerate(found)]

    def plans(self) -> list[str]:
        lines = []
        hte = self.fig("targets.next_hte_recognised")
        if hte.value:
            lines.append(
                "加强创新型企业培育。围绕重点培育企业和科技型中小微企业，加强科技政策辅导培训，"
                f"大力实施小升高计划，全年新认定国家高新技术企业"
                f"{self.use('targets.next_hte_recognised', count(hte.value))}家以上。"
            )
        sme = self.fig("targets.next_tech_sme_registered")
        if sme.value:
            lines.append(
                "扩大科技型中小企业群体，全年科技型中小企业评价入库"
                f"{self.use('targets.next_tech_sme_registered', count(sme.value))}家以上。"
            )
        lines += [line.strip() for line in self.plan_text.splitlines() if line.strip()]
        lines += [line.strip() for line in self.free_text.splitlines() if line.strip()]
        return [f"（{ORDINALS[i]}）{text}" for i, text in enumerate(lines)]

    def context(self) -> dict[str, Any]:
        """The template's context (built once: building records the uses)."""
        if self._context is None:
            self._context = self._build()
        return self._context

    def _build(self) -> dict[str, Any]:
        work: list[dict[str, str]] = []
        for heading, text in (
            ("统筹抓好研发投入统计和科技政策贯彻执行工作。", self.rd_survey()),
            ("强化创新型企业培育工作。", self.cultivation()),
        ):
            if text:
                work.append({"heading": f"（{ORDINALS[len(work)]}）{heading}", "text": text})
        spirit = (
            f"实干担当、创新争先的{self.slogan}精神，"
            if self.slogan
            else "实干担当、创新争先精神，"
        )
        intro = (
            f"{self.period.label}，{self.region.name}科技局牢牢把握求突破、争进位总要求，"
            f"大力弘扬{spirit}深入实施创新驱动发展战略，扎实推进科技企业培育、"
            "科技创新平台建设、科技人才引进，全力支持企业平稳健康发展。"
        )
        problems = self.problems() or ["本期数据未显示突出问题。"]
        return {
            "title": f"{self.region.name}科技局{self.period.label}工作总结",
            "region": self.region.name,
            "period": self.period.label,
            "intro": intro,
            "work": work,
            "problems": problems,
            "plans": self.plans() or ["结合本地实际，持续推进各项科技工作。"],
        }
