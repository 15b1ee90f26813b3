"""Display filters: money in 万元 or yuan with thousands separators."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

register = template.Library()


@register.filter
def wan(value: Any) -> str:
    """12345678.9 → '1,234.57'; the caller writes the unit (万元)."""
    if value in (None, ""):
        return "—"
    return f"{Decimal(value) / Decimal(10000):,.2f}"


@register.filter
def yuan(value: Any) -> str:
    if value in (None, ""):
        return "—"
    return f"{Decimal(value):,.2f}"
