"""Talent's part of the work report and the dashboard (registered in core.reporting)."""

from __future__ import annotations

from typing import Any

from kechuang.core.reporting import (
    PROBLEM,
    Card,
    Section,
    count,
    pct,
    register_card,
    register_section,
)


def cooperation_depth(c: Any) -> str:
    """Problem 一, diagnostic 1: most cooperations never got past a framework agreement."""
    shallow = c.fig("talent.shallow")
    share = shallow.facts.get("share")
    if share is None or share <= 50:  # "主要还是停留在…": a majority
        return ""
    total = c.fig("talent.cooperations")
    n = c.use("talent.cooperations", count(total.value))
    x = c.use("talent.shallow", count(shallow.value))
    y = c.use("talent.shallow", pct(share), value=share)
    return (
        "企业的自主创新意识不强。企业产学研合作协同创新力度和深度不够，"
        "与高校、科研院所的合作主要还是停留在框架协议、低层次项目上："
        f"{c.region.name}登记的{n}项产学研合作中，{x}项（占{y}%）最高只达到框架协议及以下阶段，"
        "针对企业生产过程中遇到的技术难题，缺少与高校院所的精准合作。"
    )


register_section(Section("talent.depth", PROBLEM, 5, cooperation_depth))
register_card(Card("talent.shallow", 37))
