"""The left navigation and the home page cards, by role. Work lines add their entries here."""

from __future__ import annotations

from dataclasses import dataclass

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


NAV_ITEMS: list[NavItem] = [
    NavItem("core:home", _("首页"), "house", _("工作台"), _("待办与概览")),
    NavItem(
        "accounts:user_list",
        _("用户管理"),
        "people",
        _("系统管理"),
        _("新建、停用用户，重置密码，分配角色与区划"),
    ),
    NavItem(
        "accounts:region_list",
        _("行政区划"),
        "diagram-3",
        _("基础数据"),
        _("省、市、县、乡镇（街道）、村区划树"),
    ),
    NavItem(
        "accounts:login_log",
        _("登录日志"),
        "door-open",
        _("安全审计"),
        _("登录成功、失败、锁定、退出记录"),
    ),
    NavItem(
        "accounts:change_log",
        _("操作日志"),
        "journal-text",
        _("安全审计"),
        _("谁在何时修改了什么（修改前后对比）"),
    ),
]


def visible_items(user) -> list[NavItem]:
    roles = user_roles(user)
    items = []
    for item in NAV_ITEMS:
        rule = rule_for(item.url_name)
        if rule is not None and rule.allows(roles, "GET"):
            items.append(item)
    return items


def nav_groups(user) -> list[tuple[str, list[dict]]]:
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
