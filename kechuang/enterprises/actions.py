"""Links other apps add to an enterprise's page (the registry knows none of them)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from kechuang.core.access import rule_for
from kechuang.core.scoping import user_roles


@dataclass(frozen=True)
class EnterpriseAction:
    url_name: str
    label: Any
    icon: str = "arrow-right"
    query: Callable[[], str] | None = None


ACTIONS: list[EnterpriseAction] = []


def register(*actions: EnterpriseAction) -> None:
    for action in actions:
        if all(a.url_name != action.url_name for a in ACTIONS):
            ACTIONS.append(action)


def for_user(user: Any, enterprise_id: int) -> list[dict[str, str]]:
    roles = user_roles(user)
    links = []
    for action in ACTIONS:
        rule = rule_for(action.url_name)
        if rule is not None and rule.allows(roles, "GET"):
            url = reverse(action.url_name, args=[enterprise_id])
            links.append(
                {
                    "url": url + (action.query() if action.query else ""),
                    "label": str(action.label),
                    "icon": action.icon,
                }
            )
    return links
