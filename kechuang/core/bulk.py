"""Insert many rows with one prepared statement (executemany), for derived records in bulk.

Django's bulk_create compiles SQL per batch and, on SQLite, batches 999 parameters at a time;
for 200,000 assessments that compilation was the largest cost left. Values are still prepared
by each field exactly as Django would (``pre_save`` + ``get_db_prep_save``). No model signals
are sent and primary keys are not read back, so use it only where neither is needed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connections, models, router


def insert_many(
    model: type[models.Model], objects: Sequence[models.Model], chunk: int = 5000
) -> int:
    if not objects:
        return 0
    alias = router.db_for_write(model) or "default"
    connection = connections[alias]
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column or f.name) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608 - names from model meta
    rows: list[list[Any]] = [
        [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields] for obj in objects
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), chunk):
            cursor.executemany(sql, rows[start : start + chunk])
    return len(rows)
