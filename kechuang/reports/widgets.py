"""The workbench card for leaders and staff: a few key figures, each opening its records."""

from __future__ import annotations

from typing import Any

from django.utils import timezone


def home_widget(user: Any) -> dict[str, Any] | None:
    if not (getattr(user, "role_names", frozenset()) & {"leader", "staff"}) or user.region is None:
        return None
    from kechuang.core.periods import Period

    from .selectors import card

    period = Period.year_of(timezone.localdate().year)
    from kechuang.core.reporting import cards

    keys = [c.figure for c in cards() if c.home]
    return {
        "template": "reports/_home.html",
        "cards": [card(user, key, user.region, period) for key in keys],
        "period": period,
    }
