"""The left navigation and the home page cards, by role. Work lines add their entries here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .access import rule_for
from .scoping import user_roles

StrOrPromise = str | Promise


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: StrOrPromise
    icon: str
    group: StrOrPromise
    description: StrOrPromise = ""
    order: int = 100


NAV_ITEMS: list[NavItem] = [
    NavItem("core:home", _("首页"), "house", _("工作台"), _("待办与概览")),
]
GROUP_ORDER = [_("工作台"), _("企业服务"), _("基础数据"), _("系统管理"), _("安全审计")]


def register(*items: NavItem) -> None:
    """Apps add their pages to the navigation in AppConfig.ready() (core knows no app)."""
    for item in items:
        if all(existing.url_name != item.url_name for existing in NAV_ITEMS):
            NAV_ITEMS.append(item)
    order = {str(group): index for index, group in enumerate(GROUP_ORDER)}
    NAV_ITEMS.sort(key=lambda i: (order.get(str(i.group), len(order)), i.order))


def visible_items(user) -> list[NavItem]:
    roles = user_roles(user)
    items = []
    for item in NAV_ITEMS:
        rule = rule_for(item.url_name)
        if rule is not None and rule.allows(roles, "GET"):
            items.append(item)
    return items


def nav_groups(user) -> list[tuple[str, list[dict]]]:
    """The left navigation: it depends on the user's roles only, so it is worked out once per
    set of roles, language and URL prefix (every page drew it: ~40 reverse() calls each)."""
    from django.urls import get_script_prefix
    from django.utils.translation import get_language

    key = (frozenset(user_roles(user)), get_language(), get_script_prefix(), len(NAV_ITEMS))
    found = _NAV_CACHE.get(key)
    if found is None:
        found = _NAV_CACHE[key] = _nav_groups(user)
    return [(group, [dict(entry) for entry in entries]) for group, entries in found]


_NAV_CACHE: dict[tuple[Any, ...], list[tuple[str, list[dict]]]] = {}


def _nav_groups(user) -> list[tuple[str, list[dict]]]:
    groups: dict[str, list[dict]] = {}
    for item in visible_items(user):
        groups.setdefault(str(item.group), []).append(
            {
                "url": reverse(item.url_name),
                "label": item.label,
                "icon": item.icon,
                "url_name": item.url_name,
            }
        )
    return list(groups.items())


def home_cards(user) -> list[dict]:
    return [
        {"url": reverse(i.url_name), "label": i.label, "icon": i.icon, "description": i.description}
        for i in visible_items(user)
        if i.url_name != "core:home"
    ]


# Home-page widgets: apps register a callable(user) -> {"template": ..., **context} or None.
HOME_WIDGETS: list[Any] = []


def register_widget(widget: Any) -> None:
    if widget not in HOME_WIDGETS:
        HOME_WIDGETS.append(widget)


def home_widgets(user: Any) -> list[dict[str, Any]]:
    return [w for w in (widget(user) for widget in HOME_WIDGETS) if w]


# The home page's to-do list (issue #14): apps register a callable(user) -> [Todo]; the home
# page shows them all, overdue first, then by due date. An enterprise's portal opens on it.
@dataclass(frozen=True)
class Todo:
    text: str
    url: str
    due: Any = None  # a date, or None
    overdue: bool = False


TODO_SOURCES: list[Any] = []


def register_todo(source: Any) -> None:
    if source not in TODO_SOURCES:
        TODO_SOURCES.append(source)


def todos(user: Any) -> list[Todo]:
    from datetime import date

    found = [todo for source in TODO_SOURCES for todo in source(user)]
    return sorted(found, key=lambda t: (not t.overdue, t.due or date.max, t.text))
