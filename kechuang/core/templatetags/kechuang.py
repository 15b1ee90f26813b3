"""Display filters: money (stored in yuan) shown in 万元 or 亿元, the caller writing the unit."""

from __future__ import annotations

from typing import Any

from django import template

from kechuang.core.money import WAN, YI, show

register = template.Library()


@register.filter
def wan(value: Any) -> str:
    """12345678.9 yuan → '1,234.57'; the label or caller writes the unit (万元)."""
    return show(value, WAN)


@register.filter
def yi(value: Any) -> str:
    """3020000000 yuan → '30.20'; the label or caller writes the unit (亿元)."""
    return show(value, YI)


@register.filter
def with_unit(value: Any, unit: Any) -> str:
    """A figure's value with its unit: money (figures are computed in yuan) in 万元."""
    if value in (None, ""):
        return "—"
    if str(unit) == "元":
        return f"{show(value, WAN)} {WAN}"
    return f"{value} {unit}"
