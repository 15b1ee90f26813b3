"""Write the work report's text from the figures registry (seed: county-report-2021.txt).

Every number in the text comes from one figure and is recorded as a *use* (figure key, value,
the string shown, record ids), so the stored snapshot explains each number and a test can read
the .docx back and check each one against the registry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kechuang.core import figures, reporting
from kechuang.core.figures import Result
from kechuang.core.periods import Period
from kechuang.core.reporting import (  # noqa: F401 - the report's number formats, for callers
    ORDINALS,
    count,
    joined,
    months,
    partners,
    pct,
    wan,
)


@dataclass
class Use:
    key: str
    label: str
    value: str
    shown: str
    unit: str
    ids: list[int]
    records: str = "enterprises.Enterprise"  # what the ids are of (the figure's listing)
    kind: str = "number"  # "name": the text names one of the figure's records (mention())


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
    stored: bool = True  # read the worker's snapshots where they apply (reports.snapshots)
    _cache: dict[str, Result] = field(default_factory=dict)
    _context: dict[str, Any] | None = None
    _reader: Any = None

    @property
    def reader(self) -> Any:
        if self._reader is None:
            from .snapshots import Reader

            self._reader = Reader(self.user, self.region, self.period)
        return self._reader

    @property
    def as_of(self) -> Any:
        """When the oldest stored number used was computed (None: every number is of now)."""
        return self._reader.as_of if self._reader is not None else None

    def fig(self, key: str) -> Result:
        if key not in self._cache:
            found = self.reader.figure(key) if self.stored and figures.get(key).snapshot else None
            if found is None:
                found = figures.compute(key, user=self.user, region=self.region, period=self.period)
            self._cache[key] = found
        return self._cache[key]

    def panel(self, panel: Any) -> dict[str, Any]:
        """A dashboard panel's data: stored where it may be, else built now."""
        found = self.reader.panel(panel.key) if self.stored and panel.snapshot else None
        if found is not None:
            return found
        data: dict[str, Any] = panel.build(
            user=self.user, region=self.region, period=self.period, composer=self
        )
        return data

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
                figure.records,
            )
        )
        return shown

    def mention(self, key: str, name: str) -> str:
        """Record that ``name`` in the text names a record behind figure ``key`` (a platform
        approved in the period): the companion sheet then lists the records of that sentence
        too, and a test can check the name is one of them."""
        result = self.fig(key)
        figure = figures.get(key)
        self.uses.append(
            Use(
                key,
                str(figure.label),
                str(result.value),
                name,
                str(figure.unit),
                result.record_ids(),
                figure.records,
                "name",
            )
        )
        return name

    # --- the parts, from the sections the apps registered (core.reporting) ----------------
    def problems(self) -> list[str]:
        found = [t for t in (sec.write(self) for sec in reporting.sections(reporting.PROBLEM)) if t]
        return [f"{ORDINALS[i]}是{text}" for i, text in enumerate(found)]

    def _paragraphs(self, part: str) -> list[tuple[reporting.Section, str]]:
        """The part's texts, one per paragraph: sections sharing ``paragraph`` are joined
        under the first that has something to say."""
        found: list[tuple[reporting.Section, str]] = []
        where: dict[str, int] = {}
        for section in reporting.sections(part):
            text = section.write(self)
            if not text:
                continue
            if section.paragraph and section.paragraph in where:
                index = where[section.paragraph]
                first, before = found[index]
                found[index] = (first, before + text)
                continue
            if section.paragraph:
                where[section.paragraph] = len(found)
            found.append((section, text))
        return found

    def plans(self) -> list[str]:
        lines = [text for _section, text in self._paragraphs(reporting.PLAN)]
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
        for section, text in self._paragraphs(reporting.WORK):
            work.append({"heading": f"（{ORDINALS[len(work)]}）{section.heading}", "text": text})
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
