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


@register.filter
def may(user: Any, viewname: str) -> bool:
    """Whether the access policy lets ``user`` change things through the named URL: the one
    permission helper templates use, so a button shows exactly when its POST would be allowed.
    ``{% if user|may:"cultivation:assess" %}``"""
    from kechuang.core.access import rule_for
    from kechuang.core.scoping import user_roles

    rule = rule_for(viewname)
    return rule is not None and rule.allows(user_roles(user), "POST")


@register.filter
def has_role(user: Any, role: str) -> bool:
    """For wording and navigation only (what to call a page for an enterprise user); what a
    user may do is ``may``."""
    from kechuang.core.scoping import user_roles

    return role in user_roles(user)


@register.filter
def table_html(table: Any) -> Any:
    """A django-tables2 table written by core.tables (its look-ups done once per column)."""
    from kechuang.core.tables import table_html as html

    return html(table)


@register.simple_tag(takes_context=True)
def list_table(context: Any, table: Any) -> Any:
    """``{% list_table table %}``: the table within the page's own context. django-tables2's
    ``{% render_table %}`` renders a template of its own with the request, which runs every
    context processor a second time (a notification count query and the menu, per list)."""
    from django.utils.safestring import mark_safe

    from kechuang.core.tables import pager_jump
    from kechuang.core.tables import table_html as html

    table.context = context  # what CellColumn cells render in (as render_table sets it)
    return mark_safe(str(html(table)) + pager_jump(table))  # noqa: S308 - both escape


@register.inclusion_tag("core/_year_control.html", takes_context=True)
def year_control(context: Any, year: int, action: str = "", **hidden: Any) -> dict[str, Any]:
    """``{% year_control year %}``: the shared year control of a yearly page (issue #14). A
    plain GET form whose select reloads the page (app.js, no inline script); the page's other
    query parameters are kept, its page number is not. A page that is one year's record (a
    survey campaign) sends the choice elsewhere: ``{% year_control year action=url region=3 %}``
    (the hidden values go along instead of the query string)."""
    from kechuang.core.periods import year_choices

    request = context.get("request")
    if action:
        keep = list(hidden.items())
    else:
        keep = [
            (key, value)
            for key, values in (request.GET.lists() if request is not None else [])
            if key not in ("year", "page")
            for value in values
        ]
    return {"year": year, "years": year_choices(year), "keep": keep, "action": action}


@register.inclusion_tag("core/_breadcrumbs.html")
def breadcrumbs(*crumbs: Any) -> dict[str, Any]:
    """``{% breadcrumbs label url label url … label %}``: 首页 › … › this page (issue #14).
    Pairs of (label, URL); the last label is the page itself."""
    items = list(crumbs)
    pairs = [
        (items[i], items[i + 1] if i + 1 < len(items) else "") for i in range(0, len(items), 2)
    ]
    return {"crumbs": pairs}


@register.inclusion_tag("core/_attachments.html", takes_context=True)
def attachments(context: Any, obj: Any) -> dict[str, Any]:
    """``{% attachments obj %}``: a record's files, scoped downloads, and for those who may
    the upload form (core.attachments, issue #14)."""
    from django.contrib.contenttypes.models import ContentType

    from kechuang.core import attachments as component

    request = context.get("request")
    user = getattr(request, "user", None)
    labels = component.kind_labels(obj)
    rows = [
        {"file": a, "kind": labels.get(a.kind, a.kind)} for a in component.attachments_of(user, obj)
    ]
    return {
        "rows": rows,
        "kinds": list(labels.items()),
        "can_write": component.can_write(user, obj),
        "type_id": ContentType.objects.get_for_model(obj).pk,
        "object_id": obj.pk,
        "next": request.get_full_path() if request is not None else "/",
        "csrf_token": context.get("csrf_token"),
    }


@register.filter
def marked(field: Any) -> Any:
    """``{{ field|marked }}``: the widget, marked invalid (red border, aria-invalid) when the
    field has errors, so each offending field is visible under the error list (issue #14)."""
    if not getattr(field, "errors", None):
        return field
    css = field.field.widget.attrs.get("class", "")
    return field.as_widget(
        attrs={
            "class": f"{css} is-invalid".strip(),
            "aria-invalid": "true",
            "aria-describedby": f"{field.auto_id}-errors",
        }
    )
