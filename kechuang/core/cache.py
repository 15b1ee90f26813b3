"""A shared counter cache for rate limits, on the database every deployment already has."""

from __future__ import annotations

from typing import Any

from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction


class CounterCache(DatabaseCache):
    """Django's DatabaseCache with an atomic ``incr``: the read and the write run in one
    transaction holding the row (SELECT … FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE
    transactions serialise writers). Shared by every worker process, unlike the local-memory
    cache, and needs no Redis on a county laptop."""

    def incr(self, key: Any, delta: int = 1, version: Any = None) -> int:
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        with transaction.atomic(using=db):
            if connection.features.has_select_for_update:
                table = connection.ops.quote_name(self._table)  # type: ignore[attr-defined]
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"SELECT cache_key FROM {table} WHERE cache_key = %s FOR UPDATE",  # noqa: S608 - table name from settings, key bound
                        [self.make_and_validate_key(key, version=version)],
                    )
            return int(super().incr(key, delta, version))
