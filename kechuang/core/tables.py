"""List tables configured from the request with every number checked (issue #11)."""

from __future__ import annotations

import functools
import weakref
from typing import Any

import django_tables2 as tables
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.http import QueryDict
from django.template import Context, Template
from django.template.loader import get_template
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable

from .http import parse_id

PAGE_SIZES = (20, 50, 100)


def configure_table(
    request: Any, table: Any, *, per_page: int = 20, sizes: tuple[int, ...] = PAGE_SIZES
) -> Any:
    """Sorting and paging from the query string, like django-tables2's RequestConfig, but a
    page size outside ``sizes`` (or ``per_page``) and a page that is not a positive whole number
    fall back to the defaults instead of raising."""
    table.request = request
    order_by = request.GET.getlist(table.prefixed_order_by_field)
    if order_by:
        table.order_by = order_by
    size = _positive(request.GET.get(table.prefixed_per_page_field))
    size = size if size in (*sizes, per_page) else per_page
    page = _positive(request.GET.get(table.prefixed_page_field)) or 1
    try:
        table.paginate(page=page, per_page=size)
    except PageNotAnInteger:
        table.page = table.paginator.page(1)
    except EmptyPage:
        table.page = table.paginator.page(table.paginator.num_pages)
    return table


def _positive(value: Any) -> int | None:
    number = parse_id(value)  # a positive whole number, never an overflow
    return number if number is not None and number < 10**9 else None


class CellColumn(tables.TemplateColumn):
    """A column drawn by a template (a file, or a short ``template_code``), rendered inside the
    table's own context and compiled once.

    django-tables2's TemplateColumn renders a ``template_name`` with ``request=``, which runs
    every context processor again for every cell (one notification count query per cell: the
    list's queries grew with its page size), and compiles a ``template_code`` again for every
    cell. Here the cell sees the page's context as it is, and each template is compiled once."""

    def render(self, record: Any, table: Any, value: Any, bound_column: Any, **kwargs: Any) -> Any:
        parent = getattr(table, "context", None) or Context()
        context = self.get_context_data(
            record=record, table=table, value=value, bound_column=bound_column, **kwargs
        )
        with parent.update(context):
            if self.template_code:
                parent["request"] = getattr(table, "request", None)
                return _compiled(self.template_code).render(parent)
            template: Any = get_template(self.template_name)
            return template.template.render(parent)  # the Django template inside the backend's


@functools.cache
def _compiled(code: str) -> Template:
    return Template(code)


class ActionsColumn(CellColumn):
    """The 操作 column: buttons for a row, never sorted, never exported."""

    def __init__(self, template_name: str | None = None, **kwargs: Any) -> None:
        from django.utils.translation import gettext_lazy

        kwargs.setdefault("verbose_name", gettext_lazy("操作"))
        kwargs.setdefault("orderable", False)
        kwargs.setdefault("exclude_from_export", True)
        super().__init__(template_name=template_name, **kwargs)


class _Unusual(Exception):
    """A row that is not a plain model walk: django-tables2's own look-up takes it."""


def _walk(current: Any, path: tuple[str, ...]) -> Any:
    from django.db import models

    for bit in path:
        if not isinstance(current, models.Model) or not hasattr(current, bit):
            raise _Unusual
        current = getattr(current, bit)
        if callable(current):
            if getattr(current, "alters_data", False):
                raise _Unusual
            if not getattr(current, "do_not_call_in_templates", False):
                current = current()
        if current is None:
            return None
    return current


def _labels(accessor: Any, record: Any, penultimate: Any, name: str) -> Any:
    from django.core.exceptions import FieldDoesNotExist

    try:
        field = accessor.get_field(record)
    except FieldDoesNotExist:
        return None
    if not getattr(field, "choices", ()) or not hasattr(penultimate, f"get_{name}_display"):
        return None
    return field.attname, dict(make_hashable(field.flatchoices))


# render function → django-tables2's (argument names, takes **kwargs): inspect.signature per
# column per request was a few per cent of a list page
_SIGNATURES: weakref.WeakKeyDictionary[Any, Any] = weakref.WeakKeyDictionary()


def _cell_plan(table: Any, bound_column: Any) -> Any:
    """Everything about a column that django-tables2 works out again for every cell, worked
    out once: the render function and the arguments it takes, the accessor, the ``<td>``
    attributes, the default, the link."""
    from django.core.exceptions import FieldDoesNotExist
    from django.db import models
    from django_tables2.utils import Accessor, signature

    column = bound_column.column
    render = bound_column.render
    function = getattr(render, "__func__", render)  # a bound method: its function's signature
    try:
        names, catch_all = _SIGNATURES[function]
    except KeyError:
        names, catch_all = _SIGNATURES[function] = signature(render)
    except TypeError:  # not weakly referenceable: worked out each time
        names, catch_all = signature(render)
    accessor = Accessor(bound_column.accessor)
    default = bound_column.default
    link = bound_column.link
    empty = column.empty_values
    td = bound_column.attrs["td"].as_html()
    localize = column.localize

    def slow_value_of(record: Any) -> Any:
        # django-tables2's BoundRow: a model field with choices shows its label.
        penultimate, remainder = accessor.penultimate(record)
        if isinstance(penultimate, models.Model):
            try:
                field = accessor.get_field(record)
                display = getattr(penultimate, f"get_{remainder}_display", None)
                if getattr(field, "choices", ()) and display:
                    return display()
            except FieldDoesNotExist:
                pass
        try:
            return accessor.resolve(record)
        except Exception:
            return None

    bits = tuple(accessor.bits)
    head, last = bits[:-1], bits[-1]
    # per row type: (the field's attribute, {value: label}) when it shows labels, else None
    labels_of: dict[type, Any] = {}

    def value_of(record: Any) -> Any:
        """slow_value_of for model rows, without its exceptions (a model is not a dict, so
        django-tables2 tries ``record[bit]`` first at every step) and its second walk."""
        try:
            penultimate = _walk(record, head)
            if penultimate is None:
                return None
            if isinstance(penultimate, models.Model):
                kind = type(record)
                if kind not in labels_of:
                    labels_of[kind] = _labels(accessor, record, penultimate, last)
                if labels_of[kind] is not None:
                    # Model.get_FOO_display(), its choices dict built once, not per cell
                    attname, labels = labels_of[kind]
                    value = getattr(penultimate, attname)
                    return force_str(labels.get(make_hashable(value), value), strings_only=True)
            return _walk(penultimate, (last,))
        except _Unusual:
            return slow_value_of(record)

    def cell(record: Any, row: Any) -> Any:
        value = value_of(record)
        if value in empty:
            return default
        kwargs = {
            "value": value,
            "record": record,
            "column": column,
            "bound_column": bound_column,
            "bound_row": row,
            "table": table,
        }
        if not catch_all:
            if any(name not in kwargs for name in names):
                return None
            kwargs = {name: kwargs[name] for name in names}
        content = render(**kwargs)
        if link:
            content = link(
                content, value=value, record=record, table=table, bound_column=bound_column
            )
        return content

    return td, localize, cell


def body_rows(table: Any) -> list[Any]:
    """The page's ``<tr>`` rows, each exactly as django-tables2's own row loop writes it (row
    attributes, each cell's ``<td>`` attributes, the value localised and escaped as ``{{ cell }}``
    would), without its per-cell look-ups and template nodes (issue #13: a declared list of 50
    rows spent most of its time there). ``tests/core/test_tables.py`` renders every declared
    table both ways and compares."""
    from django.template.base import render_value_in_context
    from django.utils.formats import localize
    from django.utils.html import conditional_escape
    from django.utils.safestring import mark_safe
    from django_tables2.utils import AttributeDict, computed_values

    context = Context(autoescape=True)

    def shown(value: Any, localized: bool | None) -> str:
        if localized is None:
            return str(render_value_in_context(value, context))
        return str(conditional_escape(localize(value, use_l10n=localized)))

    plans = [_cell_plan(table, bound_column) for bound_column in table.columns]
    rows = []
    for counter, row in enumerate(table.paginated_rows):
        record = row.record
        attrs = computed_values(table.row_attrs, kwargs={"table": table, "record": record})
        parity = "odd" if counter % 2 else "even"
        attrs["class"] = f"{attrs['class']} {parity}" if attrs.get("class") else parity
        cells = "".join(
            f"<td {td}>{shown(cell(record, row), localized)}</td>" for td, localized, cell in plans
        )
        rows.append(mark_safe(f"<tr {AttributeDict(attrs).as_html()}>{cells}</tr>"))  # noqa: S308 - escaped above
    return rows


def _query(table: Any, **changes: Any) -> str:
    """The page's query string with ``changes`` (django-tables2's ``querystring_replace``)."""
    request = getattr(table, "request", None)
    params = request.GET.copy() if request is not None else QueryDict(mutable=True)
    for key, value in changes.items():
        params[key] = value
    return "?" + params.urlencode()


def _pager(table: Any) -> list[str]:
    """django-tables2's bootstrap5 pagination: « previous, the page range, next »."""
    from django.utils.html import conditional_escape
    from django.utils.translation import gettext
    from django_tables2.templatetags.django_tables2 import table_page_range

    page = getattr(table, "page", None)
    # "is not None", not truth: a Page's truth is the length of its rows, one more query
    if page is None or table.paginator.num_pages <= 1:
        return []
    field = table.prefixed_page_field

    def href(number: Any) -> str:
        return str(conditional_escape(_query(table, **{field: number})))

    def step(kind: str, number: int, inner: str) -> str:
        link = f'<a href="{href(number)}" class="page-link">{inner}</a>'
        return f'<li class="{kind} page-item">{link}</li>'

    items = ['<nav aria-label="Table navigation"><ul class="pagination justify-content-center">']
    if page.has_previous():
        label = conditional_escape(gettext("previous"))
        inner = f'<span aria-hidden="true">&laquo;</span> {label}'
        items.append(step("previous", page.previous_page_number(), inner))
    if page.has_previous() or page.has_next():
        for number in table_page_range(page, table.paginator):
            active = " active" if page.number == number else ""
            link = "" if number == "..." else f' href="{href(number)}"'
            items.append(
                f'<li class="page-item{active}"><a class="page-link"{link}>{number}</a></li>'
            )
    if page.has_next():
        label = conditional_escape(gettext("next"))
        inner = f'{label} <span aria-hidden="true">&raquo;</span>'
        items.append(step("next", page.next_page_number(), inner))
    items.append("</ul></nav>")
    return items


def table_html(table: Any) -> Any:
    """The whole table as django-tables2's bootstrap5-responsive template writes it — header
    with sort links, body rows, footer, pagination — written in Python: the template spent
    more on its own nodes and query-string tags than the page spent on its query (issue
    #13). ``tests/core/test_tables.py`` compares the two for every declared table."""
    from django.utils.html import conditional_escape, format_html
    from django.utils.safestring import mark_safe
    from django_tables2.utils import AttributeDict

    own = table.attrs or {}
    attrs = AttributeDict({"class": "table"})
    attrs.update(own)  # as {% render_attrs table.attrs class="table" %}

    def inner(key: str) -> str:
        return str(AttributeDict(own.get(key, {})).as_html())

    from itertools import count

    table._counter = count()  # as django-tables2's as_html: rows (and 序号) count from 0
    parts = [f'<div class="table-container table-responsive"><table {attrs.as_html()}>']
    if table.show_header:
        parts.append(f"<thead {inner('thead')}><tr>")
        for column in table.columns:
            header = conditional_escape(column.header)
            if column.orderable:
                href = _query(table, **{table.prefixed_order_by_field: column.order_by_alias.next})
                header = format_html('<a href="{}">{}</a>', href, header)
            parts.append(f'<th {column.attrs["th"].as_html()} scope="col">{header}</th>')
        parts.append("</tr></thead>")
    rows = body_rows(table)
    parts.append(f"<tbody {inner('tbody')}>")
    parts.extend(rows)
    if not rows and table.empty_text:
        empty = conditional_escape(table.empty_text)
        parts.append(f'<tr><td colspan="{len(table.columns)}">{empty}</td></tr>')
    parts.append("</tbody>")
    if table.has_footer():
        parts.append(f"<tfoot {inner('tfoot')}><tr>")
        for column in table.columns:
            parts.append(
                f"<td {column.attrs['tf'].as_html()}>{conditional_escape(column.footer)}</td>"
            )
        parts.append("</tr></tfoot>")
    parts.append("</table>")
    parts.extend(_pager(table))
    parts.append("</div>")
    return mark_safe("".join(str(p) for p in parts))  # noqa: S308 - every value escaped above


class DateColumn(tables.Column):
    """A date, or a date and time in the local zone, written as ``format`` (the ``date``
    filter's letters); exported in ISO form. django-tables2's date columns compile a template
    for every cell."""

    def __init__(self, format: str = "Y-m-d", **kwargs: Any) -> None:
        self.format = format
        super().__init__(**kwargs)

    def render(self, value: Any) -> str:
        from django.template.defaultfilters import date
        from django.utils import timezone

        if hasattr(value, "hour") and timezone.is_aware(value):
            value = timezone.localtime(value)  # as the template filter does (expects_localtime)
        return str(date(value, self.format))

    def value(self, value: Any, **kwargs: Any) -> Any:
        if hasattr(value, "hour"):
            return value.isoformat(sep=" ")
        return value.isoformat() if hasattr(value, "isoformat") else value


class SerialColumn(tables.Column):
    """序号: the row's number counted across pages, the first column of every declared list
    (the convention of RuoYi-style admin systems); not exported (issue #14)."""

    def __init__(self, **kwargs: Any) -> None:
        from django.utils.translation import gettext_lazy

        kwargs.setdefault("verbose_name", gettext_lazy("序号"))
        kwargs.setdefault("attrs", {"th": {"class": "text-nowrap"}, "td": {"class": "serial"}})
        super().__init__(empty_values=(), orderable=False, exclude_from_export=True, **kwargs)

    def render(self, table: Any, bound_row: Any) -> Any:
        page = getattr(table, "page", None)
        start = page.start_index() if page is not None else 1
        return start + bound_row.row_counter


FIXED_COLUMNS = frozenset({"serial", "actions"})


def choosable_columns(table_class: Any) -> list[tuple[str, str]]:
    """(name, header) of the columns a user may hide: all but 序号, 操作 and the first (the
    name a row is known by)."""
    names = [name for name in table_class.base_columns if name not in FIXED_COLUMNS]
    return [(name, str(table_class.base_columns[name].verbose_name or name)) for name in names[1:]]


def pager_jump(table: Any) -> str:
    """共 N 条 and a jump-to-page box under a list (a plain GET form keeping the query)."""
    from django.utils.html import conditional_escape
    from django.utils.translation import gettext

    page = getattr(table, "page", None)
    if page is None:
        return ""
    total = table.paginator.count
    pages = table.paginator.num_pages
    parts = ['<div class="d-flex flex-wrap align-items-center gap-2 small" data-testid="pager">']
    summary = gettext("共 %(n)s 条，%(p)s 页") % {"n": total, "p": pages}
    parts.append(f'<span class="text-body-secondary">{conditional_escape(summary)}</span>')
    if pages > 1:
        field = table.prefixed_page_field
        request = getattr(table, "request", None)
        keep = []
        if request is not None:
            for key, values in request.GET.lists():
                if key == field:
                    continue
                for value in values:
                    keep.append(
                        f'<input type="hidden" name="{conditional_escape(key)}"'
                        f' value="{conditional_escape(value)}">'
                    )
        label = conditional_escape(gettext("跳至"))
        go = conditional_escape(gettext("页"))
        button = conditional_escape(gettext("确定"))
        parts.append(
            '<form method="get" class="d-inline-flex align-items-center gap-1 ms-auto">'
            + "".join(keep)
            + f'<label class="text-nowrap" for="jump-page">{label}</label>'
            f'<input class="form-control form-control-sm input-narrow" id="jump-page" type="number"'
            f' min="1" max="{pages}" name="{conditional_escape(field)}" value="{page.number}"'
            f' data-testid="jump-page"><span>{go}</span>'
            f'<button class="btn btn-sm btn-outline-secondary" type="submit">{button}</button>'
            "</form>"
        )
    parts.append("</div>")
    return "".join(parts)


class SelectColumn(tables.Column):
    """A row's checkbox for batch actions (issue #14). The boxes belong to the page's
    ``<form id="selection">`` by their ``form`` attribute, wherever the table is; the header's
    box ticks the whole page (app.js)."""

    def __init__(self, field: str, value: Any, label: Any, **kwargs: Any) -> None:
        from django.utils.safestring import mark_safe
        from django.utils.translation import gettext

        self.field, self.value_of, self.label_of = field, value, label
        header = mark_safe(  # noqa: S308 - constant markup and an escaped label
            '<input class="form-check-input" type="checkbox" data-select-all="{}" '
            'aria-label="{}">'.format(field, gettext("全选本页"))
        )
        kwargs.setdefault("attrs", {"td": {"class": "select-cell"}, "th": {"class": "select-cell"}})
        super().__init__(
            verbose_name=header,
            empty_values=(),
            orderable=False,
            exclude_from_export=True,
            **kwargs,
        )

    def render(self, record: Any) -> Any:
        from django.utils.html import format_html
        from django.utils.translation import gettext

        return format_html(
            '<input class="form-check-input" type="checkbox" name="{}" value="{}" '
            'form="selection" aria-label="{}">',
            self.field,
            self.value_of(record),
            gettext("选择%(n)s") % {"n": self.label_of(record)},
        )


class OpenEditColumn(tables.Column):
    """The 操作 column of a declared list with pages of its own: 查看 and, for those who may,
    编辑 (RuoYi's convention, issue #14). Written in Python: one URL per link, no template."""

    def __init__(self, detail: Any, edit: Any, **kwargs: Any) -> None:
        from django.utils.translation import gettext_lazy

        self.detail, self.edit = detail, edit
        super().__init__(
            verbose_name=gettext_lazy("操作"),
            empty_values=(),
            orderable=False,
            exclude_from_export=True,
            attrs={"td": {"class": "text-nowrap"}, "th": {"class": "text-nowrap"}},
            **kwargs,
        )

    def render(self, record: Any) -> Any:
        from django.utils.html import format_html
        from django.utils.safestring import mark_safe
        from django.utils.translation import gettext

        html = format_html(
            '<a class="btn btn-sm btn-link px-1" href="{}">{}</a>',
            self.detail(record),
            gettext("查看"),
        )
        if self.edit is not None:
            html += format_html(
                '<a class="btn btn-sm btn-link px-1" href="{}">{}</a>',
                self.edit(record),
                gettext("编辑"),
            )
        return mark_safe(html)  # noqa: S308 - built with format_html
