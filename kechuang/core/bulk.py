"""Insert many rows with one prepared statement (executemany), for derived records in bulk.

Django's bulk_create compiles SQL per batch and, on SQLite, batches 999 parameters at a time;
for 200,000 assessments that compilation was the largest cost left. Values are still prepared
by each field as Django would (``get_db_prep_save``: JSON, decimals, datetimes). No model signals
are sent and primary keys are not read back, so use it only where neither is needed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from operator import attrgetter
from typing import Any

from django.db import connections, models, router
from django.utils import timezone

# Fields whose prepared value is the Python value itself when it already has this type (Django's
# own classes only: a subclass may prepare differently, and goes the long way).
_PLAIN: dict[type, type] = {
    models.CharField: str,
    models.TextField: str,
    models.BooleanField: bool,
    models.DecimalField: Decimal,
}
INTEGER_FIELDS = (
    models.AutoField,
    models.BigAutoField,
    models.IntegerField,
    models.BigIntegerField,
    models.SmallIntegerField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
    models.PositiveBigIntegerField,
)


_PREPARING = ("get_db_prep_save", "get_db_prep_value", "get_prep_value", "to_python")


def django_base(field: Any) -> type | None:
    """The Django field class ``field`` prepares its values as: its own class or a subclass
    that overrides none of the preparing methods (a MoneyField is a DecimalField here)."""
    for base in type(field).__mro__:
        if base in _PLAIN or base in INTEGER_FIELDS:
            same = all(getattr(type(field), m) is getattr(base, m) for m in _PREPARING)
            return base if same else None
    return None


def plain_type(field: Any) -> type | None:
    """The Python type whose values ``field`` writes unchanged on SQLite and PostgreSQL."""
    target = field.target_field if field.is_relation else field
    kind = django_base(target)
    if kind is None:
        return None
    if kind in INTEGER_FIELDS:
        return int
    return None if field.is_relation else _PLAIN.get(kind)


def preparer(field: Any, connection: Any) -> Callable[[Any], Any]:
    """``field.get_db_prep_save`` as a one-argument function, short-cut for the plain types:
    per value it is the largest cost of a bulk insert (three or four calls deep)."""
    prep = field.get_db_prep_save
    # an int (PostgreSQL's Int4/Int8 wrappers are ints too), a Decimal, a str, a bool is
    # written as it is
    plain = plain_type(field)
    if plain is not None:
        return lambda v: v if v is None or type(v) is plain else prep(v, connection)
    # JSON, dates and the rest: a value that is the very object of the previous row (one
    # timestamp, one "additional data" dict for a whole import) is prepared once
    last: list[Any] = [_NOTHING, None]

    def prepare(value: Any) -> Any:
        if value is not last[0]:
            last[0], last[1] = value, prep(value, connection)
        return last[1]

    return prepare


_NOTHING = object()


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
    # column by column: a column whose values all have the field's plain type (or None) is
    # written as it is, in C (zip); only the others are prepared value by value
    prepared_columns = []
    for f, column in zip(fields, zip(*rows, strict=True), strict=True):
        plain = plain_type(f)
        if plain is not None and set(map(type, column)) <= {plain, type(None)}:
            prepared_columns.append(column)
        else:
            prepare = preparer(f, connection)
            prepared_columns.append(tuple(map(prepare, column)))
    prepared = list(zip(*prepared_columns, strict=True))
    if connection.vendor == "postgresql" and len(prepared) >= COPY_FROM:
        # PostgreSQL takes many rows fastest by COPY (one statement, rows streamed)
        table = quote(model._meta.db_table)
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(  # the psycopg cursor
                f"COPY {table} ({columns}) FROM STDIN"
            ) as copy,
        ):
            for row in prepared:
                copy.write_row(row)
        return len(prepared)
    with connection.cursor() as cursor:
        for start in range(0, len(prepared), chunk):
            cursor.executemany(sql, prepared[start : start + chunk])
    return len(prepared)


COPY_FROM = 200  # rows: below this an INSERT is as quick and simpler to read in the logs


def insert_instances(
    model: type[models.Model], instances: Sequence[models.Model], chunk: int = 5000
) -> list[str]:
    """Insert unsaved instances with one prepared INSERT (executemany), every concrete field but
    the auto primary key, each value as ``bulk_create`` would write it (``pre_save``: auto_now
    dates; ``get_db_prep_save``). Primary keys are not read back; the caller finds them by its
    natural key (:func:`ids_by_key`). Returns the field names written."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key or f.has_default()]
    names = [f.name for f in fields]
    now = timezone.now()
    for f in fields:  # auto_now(_add): one moment for the whole insert, as one transaction
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            stamp = now.date() if type(f) is models.DateField else now
            for obj in instances:
                setattr(obj, f.attname, stamp)
    custom = [f for f in fields if type(f).pre_save is not models.Field.pre_save]
    custom = [f for f in custom if not getattr(f, "auto_now", False)]
    custom = [f for f in custom if not getattr(f, "auto_now_add", False)]
    rows: list[Sequence[Any]]
    if custom:  # a file field and such: its own pre_save, per row
        rows = [[f.pre_save(obj, True) for f in fields] for obj in instances]
    else:  # every value is the attribute itself: read them all at once
        read = attrgetter(*[f.attname for f in fields])
        rows = [read(obj) for obj in instances]
        if len(fields) == 1:
            rows = [(value,) for value in rows]
    insert_values(model, names, rows, chunk=chunk)
    return names


def update_instances(
    model: type[models.Model], instances: Sequence[models.Model], names: Sequence[str]
) -> int:
    """``UPDATE … SET <names> WHERE pk = %s`` for each instance, one prepared statement
    (executemany), instead of ``bulk_update``'s CASE WHEN per batch."""
    if not instances:
        return 0
    alias = router.db_for_write(model) or "default"
    connection = connections[alias]
    quote = connection.ops.quote_name
    fields = [model._meta.get_field(name) for name in names]
    pk = model._meta.pk
    assignments = ", ".join(f"{quote(str(getattr(f, 'column', f.name)))} = %s" for f in fields)
    sql = (
        f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {quote(str(pk.column))} = %s"  # noqa: S608 - names from model meta
    )
    preps = [preparer(f, connection) for f in fields]
    pk_prep = preparer(pk, connection)
    attnames = [f.attname for f in fields]  # type: ignore[union-attr]
    prepared = [
        [p(getattr(obj, a)) for p, a in zip(preps, attnames, strict=True)] + [pk_prep(obj.pk)]
        for obj in instances
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(prepared), 5000):
            cursor.executemany(sql, prepared[start : start + 5000])
    return len(prepared)


def ids_by_key(
    model: type[models.Model],
    key: Sequence[str],
    instances: Sequence[models.Model],
    *,
    newer_than: Any = None,
    chunk: int = 5000,
) -> None:
    """Set the primary key of each instance just inserted, found by its natural key (fields
    ``key``) among rows with a primary key above ``newer_than``: one query per chunk."""
    if not instances:
        return
    alias = router.db_for_write(model) or "default"
    attnames = [model._meta.get_field(name).attname for name in key]  # type: ignore[union-attr]
    wanted = {tuple(getattr(obj, a) for a in attnames): obj for obj in instances}
    firsts = sorted({k[0] for k in wanted}, key=lambda v: (v is None, str(v)))
    found = 0
    for start in range(0, len(firsts), chunk):
        rows = model._default_manager.using(alias).filter(
            **{f"{attnames[0]}__in": firsts[start : start + chunk]}
        )
        if newer_than is not None:
            rows = rows.filter(pk__gt=newer_than)
        for other in attnames[1:]:
            rows = rows.filter(
                **{f"{other}__in": sorted({k[attnames.index(other)] for k in wanted})}
            )
        for pk, *values in rows.values_list("pk", *attnames).iterator(chunk_size=chunk):
            obj = wanted.get(tuple(values))
            if obj is not None and obj.pk is None:
                obj.pk = pk
                obj._state.adding = False
                obj._state.db = alias
                found += 1
    if found != len(wanted):
        raise RuntimeError(f"{model.__name__}: {len(wanted) - found} inserted rows not found again")


class Builder:
    """``model(**values)`` for many new instances, without ``Model.__init__``'s per-field walk
    (a fifth of a 20,000-row import): the defaults of the fields not given are worked out once
    (callable defaults are called per instance, as Django does) and the given values set as
    Django sets them — plain attributes straight into the instance's ``__dict__`` (what
    ``setattr`` does where no descriptor intervenes), related objects and any attribute with a
    descriptor of its own through ``setattr``.

    ``tests/core/test_bulk.py`` compares the result with ``model(**values)``. A model with
    ``pre_init``/``post_init`` receivers, or values naming anything but concrete fields, is
    built by ``model(**values)`` itself."""

    def __init__(self, model: type[models.Model]) -> None:
        from django.db.models.signals import post_init, pre_init

        self.model = model
        self.plain = not (pre_init.has_listeners(model) or post_init.has_listeners(model))
        self.static: dict[str, Any] = {}  # attname → default, written into __dict__ at once
        self.rest: list[tuple[str, str, Any, bool]] = []  # (name, attname, default, setattr)
        self.direct: dict[str, str] = {}  # field name → attname written into __dict__
        self.known: set[str] = set()
        for field in model._meta.concrete_fields:
            if getattr(field, "generated", False):
                continue
            self.known.add(field.name)
            # a descriptor of its own on the attribute (a file, a custom field): through setattr;
            # a foreign key's id attribute only drops a cached object, which a new one has not
            own = not field.is_relation and hasattr(
                type(getattr(model, field.attname, None)), "__set__"
            )
            if not field.is_relation and not own:
                self.direct[field.name] = field.attname
            if (field.has_default() and callable(field.default)) or own:
                self.rest.append((field.name, field.attname, field.get_default, own))
            else:
                self.static[field.attname] = field.get_default()

    def __call__(self, values: dict[str, Any]) -> models.Model:
        if not self.plain or not values.keys() <= self.known:
            return self.model(**values)
        instance = self.model.__new__(self.model)
        instance._state = models.base.ModelState()
        data = instance.__dict__
        data.update(self.static)
        for name, attname, default, through in self.rest:
            if name in values:
                continue  # given: its default is not needed
            if through:
                setattr(instance, attname, default())
            else:
                data[attname] = default()
        direct = self.direct
        for name, value in values.items():
            found = direct.get(name)
            if found is not None:
                data[found] = value
            else:
                setattr(instance, name, value)  # a relation's descriptor: its id and cache
        return instance
