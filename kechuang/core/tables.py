"""List tables configured from the request with every number checked (issue #11)."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.template import Context
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
    """A column drawn by a template file, rendered inside the table's own context.

    django-tables2's TemplateColumn renders a ``template_name`` with ``request=``, which runs
    every context processor again for every cell (one notification count query per cell: the
    list's queries grew with its page size). Here the cell sees the page's context as it is."""

    def render(self, record: Any, table: Any, value: Any, bound_column: Any, **kwargs: Any) -> Any:
        if self.template_code:
            return super().render(record, table, value, bound_column, **kwargs)
        parent = getattr(table, "context", None) or Context()
        context = self.get_context_data(
            record=record, table=table, value=value, bound_column=bound_column, **kwargs
        )
        with parent.update(context):
            template: Any = get_template(self.template_name)
            return template.template.render(parent)  # the Django template inside the backend's


class ActionsColumn(CellColumn):
    """The 操作 column: buttons for a row, never sorted, never exported."""

    def __init__(self, template_name: str | None = None, **kwargs: Any) -> None:
        from django.utils.translation import gettext_lazy

        kwargs.setdefault("verbose_name", gettext_lazy("操作"))
        kwargs.setdefault("orderable", False)
        kwargs.setdefault("exclude_from_export", True)
        super().__init__(template_name=template_name, **kwargs)
