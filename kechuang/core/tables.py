"""List tables configured from the request with every number checked (issue #11)."""

from __future__ import annotations

from typing import Any

from django.core.paginator import EmptyPage, PageNotAnInteger

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
