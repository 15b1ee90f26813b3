"""The list tables (core.tables.table_html, issue #13) are exactly what django-tables2's
bootstrap5-responsive template writes — header and sort links, rows, pagination — for every
declared table; they only skip its per-cell look-ups and template nodes."""

from __future__ import annotations

import re
from typing import Any

import pytest

from kechuang.core.tables import configure_table

from .test_declared_pages import SAMPLES, _declared

STOCK = "django_tables2/bootstrap5-responsive.html"


def _normal(html: str) -> str:
    html = re.sub(r"\s+", " ", html)
    return re.sub(r"\s*(<|>)\s*", r"\1", html).strip()


def _table(pages: Any, request: Any, parent: Any) -> Any:
    declared = pages(request, **pages.url_kwargs(parent))
    table = declared.make_table(declared.rows(declared.filtered()))
    configure_table(request, table, per_page=pages.per_page, sizes=pages.page_sizes)
    return table


@pytest.mark.parametrize("pages", _declared(), ids=lambda p: p.key())
def test_the_body_rows_are_django_tables2s_own(rf, personas, registry, pages):
    from ..enterprises.factories import EnterpriseFactory

    rows = [SAMPLES[pages.key()](registry.a)]
    rows += [SAMPLES[pages.key()](EnterpriseFactory(region=registry.a.region)) for _ in range(3)]
    request = rf.get("/", {"q": "", "note": "甲 & <乙>"})
    request.user = personas.staff_a
    ours = _table(pages, request, rows[0])
    stock = _table(pages, request, rows[0])
    stock.template_name = STOCK
    fast, reference = _normal(ours.as_html(request)), _normal(stock.as_html(request))
    assert fast.count("<tr") == len(rows) + 1  # and the header
    assert fast == reference
    for table in (ours, stock):  # page 2 of 2-row pages: the pagination and its links
        table.paginate(page=2, per_page=2)
    paged, reference = _normal(ours.as_html(request)), _normal(stock.as_html(request))
    assert 'class="pagination' in paged and "page=1" in paged
    assert paged == reference


def test_a_date_column_writes_local_time_and_exports_iso(settings):
    from datetime import UTC, date, datetime

    from kechuang.core.tables import DateColumn

    column = DateColumn("Y-m-d H:i")
    moment = datetime(2026, 3, 1, 16, 30, tzinfo=UTC)
    assert column.render(moment) == "2026-03-02 00:30"  # Asia/Shanghai
    assert column.value(moment) == "2026-03-01 16:30:00+00:00"
    assert DateColumn().render(date(2026, 3, 1)) == "2026-03-01"
    assert DateColumn().value(date(2026, 3, 1)) == "2026-03-01"
