"""What each work line contributes to the work report and the dashboard, registered by the app.

An app lists, in ``<app>/report.py`` (found by ``autodiscover``):

- report **sections**: a part of the report (工作开展情况 / 存在的问题 / 下一步计划), its place in
  the seed's order, and a small function that writes its text from registered figures through
  the composer (``composer.fig(key)`` to read a figure, ``composer.use(key, shown)`` to record
  each number it writes) — "" when the period has nothing to say;
- dashboard **cards** (a figure shown as a number; optionally compared across areas or charted
  per town) and **panels** (a block with its own template and data).

``kechuang.reports`` reads only these registries: a new work line adds its sections and cards
without an edit there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .money import SCALES, WAN

WORK, PROBLEM, PLAN = "work", "problem", "plan"
ORDINALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class Section:
    key: str
    part: str  # WORK | PROBLEM | PLAN
    order: int  # the seed's order within the part
    write: Callable[[Any], str]  # composer → text ("" when there is nothing to say)
    heading: str = ""  # a work section's heading, e.g. "强化创新型企业培育工作。"
    # Sections of one paragraph (the seed's §一(一) tells policy work and the R&D survey in
    # one): the texts of the sections sharing a non-empty ``paragraph`` are joined, in order,
    # under the first one's heading (a work part) or numeral (a plan).
    paragraph: str = ""


@dataclass(frozen=True)
class Card:
    figure: str  # figure key
    order: int
    side_by_side: bool = False  # a column of the area comparison (count figures only)
    chart: Any = None  # a title: the figure's records charted per area
    home: bool = False  # also on the workbench


@dataclass(frozen=True)
class Panel:
    key: str
    order: int
    template: str
    build: Callable[..., dict[str, Any]]  # (user=, region=, period=, composer=) → context
    # stored by the worker for the large regions, as figures are (reports.snapshots): only when
    # the panel sees the user through ``enterprises_in`` alone and its data is plain JSON
    snapshot: bool = False


# Derived models written without audit rows ("app.Model"): the dashboard cache watches them too.
FRESHNESS: set[str] = set()

SECTIONS: dict[str, Section] = {}
CARDS: dict[str, Card] = {}
PANELS: dict[str, Panel] = {}


def register_section(section: Section) -> Section:
    if section.part not in (WORK, PROBLEM, PLAN):
        raise ValueError(f"unknown report part {section.part!r}")
    SECTIONS[section.key] = section
    return section


def register_card(card: Card) -> Card:
    CARDS[card.figure] = card
    return card


def register_panel(panel: Panel) -> Panel:
    PANELS[panel.key] = panel
    return panel


def sections(part: str) -> list[Section]:
    return sorted((s for s in SECTIONS.values() if s.part == part), key=lambda s: (s.order, s.key))


def cards() -> list[Card]:
    return sorted(CARDS.values(), key=lambda c: (c.order, c.figure))


def panels() -> list[Panel]:
    return sorted(PANELS.values(), key=lambda p: (p.order, p.key))


def autodiscover() -> None:
    """Import every installed app's ``report`` module (it registers its sections)."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("report")


# --- how numbers are written in the report (official-document style) ----------------------
def count(value: Any) -> str:
    return str(int(value))


def wan(value: Any) -> str:
    """Yuan → 万元 with two decimals, no separators."""
    return f"{Decimal(value) / SCALES[WAN]:.2f}"


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
