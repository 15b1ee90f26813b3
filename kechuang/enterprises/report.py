"""The registry's part of the work report and the dashboard (registered in core.reporting)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from kechuang.core.reporting import PROBLEM, Card, Section, count, register_card, register_section


def talent_shortage(c: Any) -> str:
    without = c.fig("enterprises.above_scale_without_bachelor")
    if without.value is None or without.value < c.talent_min:
        return ""
    above = c.fig("enterprises.above_scale")
    a = c.use("enterprises.above_scale", count(above.value))
    b = c.use("enterprises.above_scale_without_bachelor", count(without.value))
    return (
        "企业科技人才缺乏。企业现有人才整体素质有待提高。"
        f"目前{c.region.name}规模以上企业{a}家，"
        f"其中{b}家{without.facts['year']}年度没有本科及以上学历的人员。"
    )


register_section(Section("enterprises.talent", PROBLEM, 10, talent_shortage))
register_card(Card("enterprises.above_scale", 10, side_by_side=True))
register_card(
    Card(
        "enterprises.hte_valid",
        20,
        side_by_side=True,
        chart=_("有效期内高新技术企业分布"),
        home=True,
    )
)
register_card(Card("enterprises.above_scale_without_bachelor", 100))
