"""Whole-word full-text search over a column of pre-segmented words (jieba's segments,
separated by spaces: ``Expert.tokens``), with each database's own index (decision 68):

- SQLite: an FTS5 table over the column (external content, ``unicode61``: a run of Chinese
  characters between spaces is one token), kept by triggers on insert, update and delete;
- PostgreSQL: a GIN index over ``to_tsvector('simple', column)`` (no stemming, no stop words:
  the segments are already the words).

Every word of the query must be among the row's words. The index is installed by a migration
operation (``WordIndex.operation()``) that writes the SQL of the database it runs on, so the
same migration serves a county's SQLite and a province's PostgreSQL.
"""

# ruff: noqa: S608, S611 - the SQL is built from three identifiers declared in code and checked
# in WordIndex.__post_init__; typed text only ever reaches the database as a bound parameter.

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, migrations
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")


@dataclass(frozen=True)
class WordIndex:
    """The SQL below is built from these three names only, declared in code and checked to be
    plain identifiers; whatever a user types reaches the database as a bound parameter."""

    table: str  # the model's table ("talent_expert")
    column: str  # its column of space-separated words ("tokens")
    key: str = "id"

    def __post_init__(self) -> None:
        for name in (self.table, self.column, self.key):
            if not IDENTIFIER.match(name):
                raise ValueError(f"not a plain SQL identifier: {name!r}")

    @property
    def name(self) -> str:
        return f"{self.table}_{self.column}_fts"

    # --- installing -------------------------------------------------------------------------
    def install_sql(self, vendor: str) -> list[str]:
        n, t, c, k = self.name, self.table, self.column, self.key
        if vendor == "sqlite":
            return [
                f"CREATE VIRTUAL TABLE {n} USING fts5({c}, content='{t}', content_rowid='{k}', "
                "tokenize='unicode61 remove_diacritics 0')",
                f"INSERT INTO {n}({n}) VALUES('rebuild')",
                f"CREATE TRIGGER {n}_ai AFTER INSERT ON {t} BEGIN "
                f"INSERT INTO {n}(rowid, {c}) VALUES (new.{k}, new.{c}); END",
                f"CREATE TRIGGER {n}_ad AFTER DELETE ON {t} BEGIN "
                f"INSERT INTO {n}({n}, rowid, {c}) VALUES ('delete', old.{k}, old.{c}); END",
                f"CREATE TRIGGER {n}_au AFTER UPDATE ON {t} BEGIN "
                f"INSERT INTO {n}({n}, rowid, {c}) VALUES ('delete', old.{k}, old.{c}); "
                f"INSERT INTO {n}(rowid, {c}) VALUES (new.{k}, new.{c}); END",
            ]
        if vendor == "postgresql":
            return [f"CREATE INDEX {n} ON {t} USING GIN (to_tsvector('simple'::regconfig, {c}))"]
        return []  # another database: the search falls back to a scan (see matching())

    def remove_sql(self, vendor: str) -> list[str]:
        n = self.name
        if vendor == "sqlite":
            return [f"DROP TRIGGER IF EXISTS {n}_{s}" for s in ("ai", "ad", "au")] + [
                f"DROP TABLE IF EXISTS {n}"
            ]
        if vendor == "postgresql":
            return [f"DROP INDEX IF EXISTS {n}"]
        return []

    def operation(self) -> migrations.RunPython:
        def forwards(apps: Any, schema_editor: Any) -> None:
            for sql in self.install_sql(schema_editor.connection.vendor):
                schema_editor.execute(sql)

        def backwards(apps: Any, schema_editor: Any) -> None:
            for sql in self.remove_sql(schema_editor.connection.vendor):
                schema_editor.execute(sql)

        return migrations.RunPython(forwards, backwards, elidable=False)

    # --- searching --------------------------------------------------------------------------
    def matching(self, queryset: QuerySet[Any], words: Sequence[str]) -> QuerySet[Any]:
        """``queryset`` narrowed to the rows holding every one of ``words`` (whole words)."""
        words = [w for w in words if w.strip()]
        if not words:
            return queryset
        vendor = connection.vendor
        if vendor == "sqlite":
            # each word a quoted FTS5 string (its own quotes doubled): never query syntax
            query = " ".join('"' + w.replace('"', '""') + '"' for w in words)
            ids = RawSQL(f"SELECT rowid FROM {self.name} WHERE {self.name} MATCH %s", [query])
            return queryset.filter(pk__in=ids)
        if vendor == "postgresql":
            ids = RawSQL(
                f"SELECT {self.key} FROM {self.table} WHERE to_tsvector('simple'::regconfig, "
                f"{self.column}) @@ plainto_tsquery('simple'::regconfig, %s)",
                [" ".join(words)],
            )
            return queryset.filter(pk__in=ids)
        for word in words:  # pragma: no cover - neither database this project runs on
            queryset = queryset.filter(**{f"{self.column}__contains": word})
        return queryset
