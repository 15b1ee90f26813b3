"""Insert many rows with one prepared statement (executemany), for derived records in bulk.

Django's bulk_create compiles SQL per batch and, on SQLite, batches 999 parameters at a time;
for 200,000 assessments that compilation was the largest cost left. Values are still prepared
by each field as Django would (``get_db_prep_save``: JSON, decimals, datetimes). No model signals
are sent and primary keys are not read back, so use it only where neither is needed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connections, models, router


def insert_values(
    model: type[models.Model],
    names: Sequence[str],
    rows: Sequence[Sequence[Any]],
    chunk: int = 5000,
) -> int:
    """Insert rows given as values for the named fields (no model instances built).

    Each value is prepared by its field's ``get_db_prep_save`` (JSON, decimals, datetimes)."""
    if not rows:
        return 0
    alias = router.db_for_write(model) or "default"
    connection = connections[alias]
    fields = [model._meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(getattr(f, "column", f.name))) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608 - names from model meta
    prepared = [
        [f.get_db_prep_save(value, connection) for f, value in zip(fields, row, strict=True)]  # type: ignore[union-attr]
        for row in rows
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(prepared), chunk):
            cursor.executemany(sql, prepared[start : start + chunk])
    return len(prepared)
