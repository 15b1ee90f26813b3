"""List tables configured from the request with every number checked (issue #11)."""

from __future__ import annotations

import functools
from typing import Any

import django_tables2 as tables
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.template import Context, Template
from django.template.loader import get_template

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


def _cell_plan(table: Any, bound_column: Any) -> Any:
    """Everything about a column that django-tables2 works out again for every cell, worked
    out once: the render function and the arguments it takes, the accessor, the ``<td>``
    attributes, the default, the link."""
    from django.core.exceptions import FieldDoesNotExist
    from django.db import models
    from django_tables2.utils import Accessor, signature

    column = bound_column.column
    render = bound_column.render
    names, catch_all = signature(render)
    accessor = Accessor(bound_column.accessor)
    default = bound_column.default
    link = bound_column.link
    empty = column.empty_values
    td = bound_column.attrs["td"].as_html()
    localize = column.localize

    def value_of(record: Any) -> Any:
        # As django-tables2's BoundRow: a model field with choices shows its label.
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


def body_rows(table: Any) -> list[tuple[str, list[tuple[str, Any, Any]]]]:
    """The page's rows as (row attributes, [(td attributes, localize, cell)]) — the same cells
    django-tables2's ``row.items`` yields, without its per-cell look-ups (issue #13: a declared
    list of 50 rows spent most of its time there). ``tests/core/test_tables.py`` renders every
    declared table both ways and compares."""
    from django_tables2.utils import AttributeDict, computed_values

    plans = [_cell_plan(table, bound_column) for bound_column in table.columns]
    rows = []
    for counter, row in enumerate(table.paginated_rows):
        record = row.record
        attrs = computed_values(table.row_attrs, kwargs={"table": table, "record": record})
        parity = "odd" if counter % 2 else "even"
        attrs["class"] = f"{attrs['class']} {parity}" if attrs.get("class") else parity
        cells = [(td, localize, cell(record, row)) for td, localize, cell in plans]
        rows.append((AttributeDict(attrs).as_html(), cells))
    return rows


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
