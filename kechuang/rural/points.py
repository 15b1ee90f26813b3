"""The points table applied to the logged records (issue #19): each commissioner's points per
year, item by item, with the records each point came from; the ranking; the evaluation sheet
as .xlsx and .docx. Nothing is tallied by hand: correct a record and the sheet follows."""

from __future__ import annotations

import io
import operator
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import reduce
from typing import Any

from .choices import AchievementKind, PointsItem
from .models import (
    PARTICIPANT_FIELDS,
    Achievement,
    Commissioner,
    Donation,
    PointsRule,
    ServiceRecord,
    Training,
)

ITEM_OF_KIND = {
    AchievementKind.DEMO_BASE: PointsItem.DEMO_BASE,
    AchievementKind.PROJECT: PointsItem.PROJECT,
    AchievementKind.TECH_SME: PointsItem.TECH_SME,
    AchievementKind.HTE: PointsItem.HTE,
    AchievementKind.MEDIA: PointsItem.MEDIA,
}


@dataclass(frozen=True)
class Source:
    """A record a point came from: its date, what it says, and where to read it."""

    on: Any
    kind: str
    text: str
    url: str
    amount: int = 1  # what it adds to the item's quantity (a training's participants)


@dataclass
class Line:
    item: str
    label: str
    quantity: int
    per_unit: Decimal
    cap: Decimal | None
    sources: list[Source] = field(default_factory=list)

    @property
    def points(self) -> Decimal:
        earned = self.per_unit * self.quantity
        if self.cap is not None and earned > self.cap:
            earned = self.cap
        return earned.quantize(Decimal("0.01"))

    @property
    def capped(self) -> bool:
        return self.cap is not None and self.per_unit * self.quantity > self.cap


@dataclass
class Sheet:
    commissioner: Commissioner
    year: int
    lines: list[Line]

    @property
    def total(self) -> Decimal:
        return sum((line.points for line in self.lines), Decimal("0.00"))


def _nearest(rules: list[PointsRule], region: Any) -> list[PointsRule]:
    """The table of the nearest level above ``region`` that configured one, taken whole."""
    order = list(PointsItem.values)
    for n in (6, 4, 2):
        mine = [r for r in rules if len(region.code) >= n and r.region.code == region.code[:n]]
        if mine:
            return sorted(mine, key=lambda r: order.index(r.item))
    return []


def rules_for(region: Any, year: int) -> list[PointsRule]:
    """The year's table of the commissioner's county (a county's own, else its city's, else
    the province's)."""
    codes = [region.code[:n] for n in (6, 4, 2) if len(region.code) >= n]
    rules = PointsRule.objects.filter(year=year, region__code__in=codes).select_related("region")
    return _nearest(list(rules), region)


def measured(ids: list[int], year: int) -> dict[int, dict[str, list[Source]]]:
    """Every commissioner's records of the year by points item: five queries for any number."""
    found: dict[int, dict[str, list[Source]]] = defaultdict(lambda: defaultdict(list))
    for record in (
        ServiceRecord.objects.filter(commissioner_id__in=ids, served_on__year=year)
        .select_related("village")
        .order_by("served_on", "pk")
    ):
        source = Source(
            record.served_on,
            "服务记录",
            f"{record.village.name} {record.served_name}：{record.content[:40]}",
            record.get_absolute_url(),
        )
        found[record.commissioner_id][PointsItem.SERVICE_RECORDS].append(source)
        days = found[record.commissioner_id][PointsItem.SERVICE_DAYS]
        if not days or days[-1].on != record.served_on:
            days.append(source)  # a day counts once, by its first record
    for training in (
        Training.objects.filter(commissioner_id__in=ids, held_on__year=year)
        .select_related("town")
        .order_by("held_on", "pk")
    ):
        text = f"{training.town.name} {training.topic}"
        url = training.get_absolute_url()
        mine = found[training.commissioner_id]  # type: ignore[index]
        mine[PointsItem.TRAININGS].append(Source(training.held_on, "培训", text, url))
        mine[PointsItem.PARTICIPANTS].append(
            Source(
                training.held_on,
                "培训",
                f"{text}（{training.participants}人次）",
                url,
                training.participants,
            )
        )
    for donation in (
        Donation.objects.filter(team__captain_id__in=ids, donated_on__year=year)
        .select_related("town", "team")
        .order_by("donated_on", "pk")
    ):
        found[donation.team.captain_id][PointsItem.DONATIONS].append(  # type: ignore[union-attr]
            Source(
                donation.donated_on,
                "捐赠活动",
                f"{donation.town.name} {donation.items}",
                donation.get_absolute_url(),
            )
        )
    for achievement in Achievement.objects.filter(
        commissioner_id__in=ids, achieved_on__year=year
    ).order_by("achieved_on", "pk"):
        item = ITEM_OF_KIND.get(AchievementKind(achievement.kind))
        if item is not None:
            found[achievement.commissioner_id][item].append(
                Source(
                    achievement.achieved_on,
                    "业绩",
                    achievement.title,
                    achievement.get_absolute_url(),
                )
            )
    return found


def counted(ids: list[int], year: int) -> dict[int, dict[str, int]]:
    """Every commissioner's quantity per points item, counted by the database: four queries
    for any number, no record loaded. The same definitions as ``measured`` (a test holds the
    two to one answer)."""
    from django.db.models import Count, F, Sum

    found: dict[int, dict[str, int]] = defaultdict(dict)
    attended = reduce(operator.add, (F(name) for name in PARTICIPANT_FIELDS))
    for row in (
        ServiceRecord.objects.filter(commissioner_id__in=ids, served_on__year=year)
        .values("commissioner_id")
        .annotate(days=Count("served_on", distinct=True), n=Count("pk"))
        .order_by()
    ):
        found[row["commissioner_id"]][PointsItem.SERVICE_DAYS] = row["days"]
        found[row["commissioner_id"]][PointsItem.SERVICE_RECORDS] = row["n"]
    for row in (
        Training.objects.filter(commissioner_id__in=ids, held_on__year=year)
        .values("commissioner_id")
        .annotate(n=Count("pk"), people=Sum(attended))
        .order_by()
    ):
        found[row["commissioner_id"]][PointsItem.TRAININGS] = row["n"]
        found[row["commissioner_id"]][PointsItem.PARTICIPANTS] = row["people"] or 0
    for row in (
        Donation.objects.filter(team__captain_id__in=ids, donated_on__year=year)
        .values("team__captain_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        found[row["team__captain_id"]][PointsItem.DONATIONS] = row["n"]
    for row in (
        Achievement.objects.filter(commissioner_id__in=ids, achieved_on__year=year)
        .values("commissioner_id", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        item = ITEM_OF_KIND.get(AchievementKind(row["kind"]))
        if item is not None:
            found[row["commissioner_id"]][item] = row["n"]
    return found


def _lines(
    rules: list[PointsRule],
    sources: dict[str, list[Source]] | None = None,
    quantities: dict[str, int] | None = None,
) -> list[Line]:
    """The table applied: quantities from the sources (a sheet) or as counted (a ranking)."""
    labels = dict(PointsItem.choices)
    lines = []
    for rule in rules:
        listed = list((sources or {}).get(rule.item, []))
        quantity = (
            sum(s.amount for s in listed)
            if sources is not None
            else (quantities or {}).get(rule.item, 0)
        )
        lines.append(
            Line(
                item=rule.item,
                label=str(labels[rule.item]),
                quantity=quantity,
                per_unit=rule.points,
                cap=rule.cap,
                sources=listed,
            )
        )
    return lines


def sheet(commissioner: Commissioner, year: int) -> Sheet:
    rules = rules_for(commissioner.region, year)
    mine = measured([commissioner.pk], year).get(commissioner.pk, {})
    return Sheet(commissioner, year, _lines(rules, sources=mine))


def ranking(user: Any, year: int, region: Any = None) -> list[Sheet]:
    """Every commissioner ``user`` sees who was on the roster or logged work in ``year``,
    best first; quantities counted by the database (the sheets' sources are not loaded)."""
    people = Commissioner.objects.visible_to(user).select_related("region")
    if region is not None:
        from kechuang.core.scoping import region_q

        people = people.filter(region_q("region", region.code))
    everyone = list(people.order_by("name", "pk"))
    found = counted([p.pk for p in everyone], year)
    year_rules = list(PointsRule.objects.filter(year=year).select_related("region"))
    tables: dict[int, list[PointsRule]] = {}
    sheets = []
    for person in everyone:
        if not person.on_roster and person.pk not in found:
            continue
        if person.region_id not in tables:  # one query for every county's table
            tables[person.region_id] = _nearest(year_rules, person.region)
        lines = _lines(tables[person.region_id], quantities=found.get(person.pk, {}))
        sheets.append(Sheet(person, year, lines))
    sheets.sort(key=lambda s: (-s.total, s.commissioner.name))
    return sheets


# --- the evaluation sheet as files ------------------------------------------------------------


def _title(s: Sheet) -> str:
    return f"{s.year}年度科技特派员考核评价表"


def sheet_xlsx(s: Sheet) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from kechuang.utilities.xlsx import safe_text

    book = Workbook()
    main = book.active
    main.title = "考核评价表"
    person = s.commissioner
    main.append([_title(s)])
    main["A1"].font = Font(bold=True, size=14)
    main.append(["姓名（名称）", safe_text(person.name), "工作单位", safe_text(person.unit)])
    main.append(["职称", safe_text(person.title), "专业特长", safe_text(person.expertise)])
    main.append([])
    main.append(
        ["积分项目", "数量", "每单位分值（分）", "年度上限（分）", "得分（分）", "计分依据（条）"]
    )
    for cell in main[5]:
        cell.font = Font(bold=True)
    for line in s.lines:
        main.append(
            [
                line.label,
                line.quantity,
                float(line.per_unit),
                float(line.cap) if line.cap is not None else "不设上限",
                float(line.points),
                len(line.sources),
            ]
        )
    main.append(["合计", "", "", "", float(s.total), ""])
    main.cell(row=main.max_row, column=1).font = Font(bold=True)
    for column, width in zip("ABCDEF", (24, 10, 16, 14, 12, 14), strict=True):
        main.column_dimensions[column].width = width
    basis = book.create_sheet("计分依据")
    basis.append(["积分项目", "日期", "记录类型", "记录内容", "计入数量"])
    for cell in basis[1]:
        cell.font = Font(bold=True)
    for line in s.lines:
        for source in line.sources:
            basis.append(
                [line.label, source.on, source.kind, safe_text(source.text), source.amount]
            )
    for row in basis.iter_rows(min_row=2, min_col=2, max_col=2):
        for cell in row:
            cell.number_format = "yyyy-mm-dd"
    basis.column_dimensions["A"].width = 24
    basis.column_dimensions["B"].width = 12
    basis.column_dimensions["D"].width = 60
    for row in basis.iter_rows(min_col=4, max_col=4):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def sheet_docx(s: Sheet) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from kechuang.cultivation.assessments.documents import _font, _heading, _para

    doc = Document()
    head = doc.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(head.add_run(_title(s)), "方正小标宋简体", 20)
    person = s.commissioner
    _para(doc, f"姓名（名称）：{person.name}    工作单位：{person.unit or '—'}")
    _para(doc, f"职称：{person.title or '—'}    专业特长：{person.expertise or '—'}")
    _heading(doc, "一、积分情况")
    table = doc.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells, ("积分项目", "数量", "每单位分值", "年度上限", "得分"), strict=True
    ):
        cell.text = text
    for line in s.lines:
        row = table.add_row().cells
        row[0].text = line.label
        row[1].text = str(line.quantity)
        row[2].text = f"{line.per_unit:g}"
        row[3].text = f"{line.cap:g}" if line.cap is not None else "不设上限"
        row[4].text = f"{line.points:.2f}"
    total = table.add_row().cells
    total[0].text = "合计"
    total[4].text = f"{s.total:.2f}"
    _heading(doc, "二、计分依据")
    any_source = False
    for line in s.lines:
        if not line.sources:
            continue
        any_source = True
        _para(doc, f"{line.label}（{line.quantity}，得{line.points:.2f}分）：")
        for source in line.sources:
            _para(doc, f"    {source.on:%Y-%m-%d} {source.kind} {source.text}")
    if not any_source:
        _para(doc, "本年度尚无计分记录。")
    _heading(doc, "三、考核意见")
    _para(doc, "\n\n（签字）                    年    月    日")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
