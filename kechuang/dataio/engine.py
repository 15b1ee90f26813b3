"""The import engine: read → map headers → parse → validate → plan → commit (all or nothing).

An app describes a sheet with a :class:`SheetSpec` subclass and registers it; the engine does the
rest the same way for every sheet (style.md rule 7).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from operator import attrgetter
from typing import Any, ClassVar

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import validators
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.core.audit_chain import request_seal
from kechuang.core.bulk import (
    Builder,
    ids_by_key,
    insert_instances,
    insert_values,
    plain_type,
    update_instances,
)
from kechuang.utilities.masking import mask_for_audit

from .columns import (
    MONEY,
    SLOW,
    UNITS,
    CellError,
    Column,
    HeaderMap,
    normalise_header,
    split_unit,
)
from .readers import Sheet
from .signals import rows_committed

Progress = Callable[[int, int], None]
MAX_STORED_ERRORS = 2000
MEMO_LIMIT = 4096  # distinct values remembered per column while validating


@dataclass
class RowError:
    sheet: str
    row: int
    column: str
    value: str
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()

    def message(self) -> str:
        where = _("工作表“%(s)s”第%(r)d行") % {"s": self.sheet, "r": self.row}
        if self.column:
            where += _("，“%(c)s”列") % {"c": self.column}
        value = _("，值“%(v)s”") % {"v": self.value} if self.value not in ("", None) else ""
        return f"{where}{value}：{self.reason}"


@dataclass
class PlannedRow:
    row: int
    action: str  # create | update | unchanged
    instance: models.Model
    changes: dict[str, tuple[Any, Any]]


@dataclass
class Plan:
    sheet_name: str = ""
    file_errors: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)  # worth a look; never block
    rows: list[PlannedRow] = field(default_factory=list)
    header: HeaderMap = field(default_factory=HeaderMap)
    raw_rows: dict[int, list[Any]] = field(default_factory=dict)
    header_row: list[Any] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.file_errors and not self.errors

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    def summary(self) -> dict[str, int]:
        return {
            "total": len(self.rows) + len({e.row for e in self.errors}),
            "create": self.count("create"),
            "update": self.count("update"),
            "unchanged": self.count("unchanged"),
            "errors": len(self.errors),
        }


class SheetSpec:
    """Describe one importable/exportable sheet. Subclass per model and register()."""

    name: ClassVar[str]
    label: ClassVar[str]
    model: ClassVar[type[models.Model]]
    columns: ClassVar[list[Column]]
    key: ClassVar[tuple[str, ...]]  # fields of the natural key, after resolve()
    write_roles: ClassVar[frozenset[str]] = frozenset({"staff"})
    notes: ClassVar[str] = ""
    do_not_call_in_templates: ClassVar[bool] = True  # templates read the class, never call it

    def __init__(self, user: Any) -> None:
        self.user = user

    # --- hooks for subclasses ---------------------------------------------------------------
    def prepare(self, rows: list[dict[str, Any]]) -> None:
        """Bulk look-ups before the rows are resolved (one query per reference, not per row)."""

    def resolve(self, values: dict[str, Any]) -> dict[str, Any]:
        """Turn cell values into model values (e.g. a USCC into an enterprise). Raise
        ValidationError({field: message}) for a reference that cannot be used."""
        return values

    def existing(self, keys: list[tuple[Any, ...]]) -> dict[tuple[Any, ...], models.Model]:
        """The stored instances for these natural keys, in one query."""
        raise NotImplementedError

    def new_instance(self, values: dict[str, Any]) -> models.Model:
        """``model(**values)``, built without ``Model.__init__``'s per-field walk."""
        builder = self.__class__.__dict__.get("_builder")
        if builder is None or builder.model is not self.model:
            builder = Builder(self.model)
            self.__class__._builder = builder  # type: ignore[attr-defined]
        return builder(values)

    def check_existing(self, current: models.Model, values: dict[str, Any]) -> None:
        """Refuse (ValidationError) an update the row must not make to a stored record."""

    def before_save(self, instance: models.Model) -> None:
        """Derived fields (search keys, …) set before validation."""

    def after_commit_rows(
        self, created: list[models.Model], updated: list[PlannedRow], *, cid: str
    ) -> None:
        """Dependent records written in the same transaction (a status row's dated event)."""

    def warnings(self, rows: list[PlannedRow]) -> Iterable[tuple[int, str, str]]:
        """(row, field, reason) for values worth a second look before committing (a unit
        slip against last year); shown in the preview, never blocking."""
        return ()

    def export_queryset(self, queryset: models.QuerySet[Any]) -> Iterable[models.Model]:
        return queryset

    def export_value(self, instance: models.Model, column: Column) -> Any:
        return getattr(instance, column.field)

    # --- helpers ----------------------------------------------------------------------------
    def key_of(self, values: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(_key_part(values.get(f)) for f in self.key)

    def column(self, field_name: str) -> Column | None:
        return next((c for c in self.columns if c.field == field_name), None)


def _key_part(value: Any) -> Any:
    return value.pk if isinstance(value, models.Model) else value


REGISTRY: dict[str, type[SheetSpec]] = {}


def register(spec: type[SheetSpec]) -> type[SheetSpec]:
    REGISTRY[spec.name] = spec
    return spec


def get_spec(name: str) -> type[SheetSpec]:
    return REGISTRY[name]


# --- header mapping -------------------------------------------------------------------------


def map_headers(spec: type[SheetSpec], header_row: list[Any]) -> tuple[HeaderMap, list[str]]:
    mapping = HeaderMap()
    problems: list[str] = []
    lookup: dict[str, Column] = {}
    for spec_column in spec.columns:
        for name in spec_column.names():
            lookup[name] = spec_column
    for index, raw in enumerate(header_row):
        base, unit = split_unit(raw)
        column = lookup.get(base) or lookup.get(normalise_header(raw))
        if column is None or column.field in mapping.index:
            continue
        mapping.index[column.field] = index
        mapping.headers[column.field] = str(raw).strip()
        if column.kind == MONEY:
            if unit is None:
                problems.append(
                    _("“%(h)s”列未注明金额单位，请写成“%(h)s（元）”或“%(h)s（万元）”")
                    % {"h": column.header}
                )
            elif unit not in UNITS:
                problems.append(
                    _("“%(h)s”列的单位“%(u)s”无法识别，只能是元、千元或万元")
                    % {"h": column.header, "u": unit}
                )
            else:
                mapping.units[column.field] = unit
    missing = [c.header for c in spec.columns if c.required and c.field not in mapping.index]
    if missing:
        problems.insert(0, _("缺少必填列：%(m)s") % {"m": "、".join(missing)})
    return mapping, problems


def find_sheet(spec: type[SheetSpec], sheets: list[Sheet]) -> tuple[Sheet, int] | None:
    """The sheet and header row (within the first 10 rows) that best match the spec."""
    best: tuple[int, Sheet, int] | None = None
    for sheet in sheets:
        for row_index, row in enumerate(sheet.rows[:10]):
            mapping, _problems = map_headers(spec, row)
            score = len(mapping.index)
            if score and (best is None or score > best[0]):
                best = (score, sheet, row_index)
    return (best[1], best[2]) if best else None


# --- planning -------------------------------------------------------------------------------


def _blank(row: list[Any]) -> bool:
    for v in row:  # noqa: SIM110 - a loop, no generator: nearly every row ends at its first cell
        if v is not None and (not isinstance(v, str) or v.strip()):
            return False
    return True


def _display(value: Any) -> str:
    """A cell's value as the user typed it — never a Python spelling ("None", "True")."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        value = value.isoformat()
    if isinstance(value, models.Model):
        value = str(value)
    text = str(value)
    return text if len(text) <= 100 else text[:100] + "…"


def plan(
    spec_class: type[SheetSpec], sheets: list[Sheet], user: Any, progress: Progress | None = None
) -> Plan:
    spec = spec_class(user)
    result = Plan()
    found = find_sheet(spec_class, sheets)
    if found is None:
        expected = "、".join(c.header for c in spec_class.columns if c.required)
        result.file_errors.append(
            _("没有找到“%(l)s”的表头。请使用下载的模板，第一行须包含：%(e)s")
            % {"l": spec_class.label, "e": expected}
        )
        return result
    sheet, header_index = found
    result.sheet_name = sheet.name
    result.header_row = sheet.rows[header_index]
    mapping, problems = map_headers(spec_class, sheet.rows[header_index])
    result.header = mapping
    if problems:
        result.file_errors.extend(problems)
        return result

    # Every problem of a row is reported in one preview (issue #12): a row whose cells fail to
    # parse still goes through look-ups, the duplicate check and the model's validation for the
    # cells that did parse; it is planned only when it has no problem at all.
    parsed: list[tuple[int, dict[str, Any]]] = []
    failed: dict[int, set[str]] = {}
    body = sheet.rows[header_index + 1 :]
    total = len(body)
    readers = [
        (column, index, column.fast(unit), unit)
        for column in spec_class.columns
        if (index := mapping.index.get(column.field)) is not None
        for unit in [mapping.units.get(column.field, "元")]
    ]
    for offset, row in enumerate(body):
        row_number = header_index + 2 + offset  # 1-based, as Excel shows it
        if _blank(row):
            continue
        result.raw_rows[row_number] = row
        values: dict[str, Any] = {}
        width = len(row)
        for column, index, fast, unit in readers:
            raw = row[index] if index < width else None
            value = fast(raw)
            if value is not SLOW:
                values[column.field] = value
                continue
            try:
                values[column.field] = column.parse(raw, unit)
            except CellError as exc:
                failed.setdefault(row_number, set()).add(column.field)
                result.errors.append(
                    RowError(
                        sheet.name,
                        row_number,
                        mapping.headers[column.field],
                        _display(raw),
                        str(exc),
                    )
                )
        parsed.append((row_number, values))
        if progress and offset % 1000 == 0:
            progress(offset, total * 2)

    def note(row_number: int, values: dict[str, Any], exc: ValidationError) -> None:
        messages = exc.message_dict if hasattr(exc, "error_dict") else None
        if messages is not None:  # a field that already failed to parse is reported once
            skip = failed.get(row_number, set())
            kept = {f: m for f, m in messages.items() if f not in skip}
            if not kept:
                return
            exc = ValidationError(kept)
        _add_validation_errors(result, spec_class, mapping, sheet.name, row_number, values, exc)

    def validate_rest(row_number: int, values: dict[str, Any]) -> None:
        """A row that failed a look-up: still check its other cells with the model's rules."""
        skip = failed.get(row_number, set())
        partial = {k: v for k, v in values.items() if k not in skip}
        try:
            instance = spec.new_instance(partial)
            spec.before_save(instance)
            # Only the cells that are there are checked: a field the look-up should have filled
            # (an enterprise, a town) or a blank optional cell is not a second problem.
            absent = {
                f.name for f in instance._meta.concrete_fields if partial.get(f.name) in (None, "")
            }
            instance.full_clean(
                exclude=sorted(skip | absent), validate_unique=False, validate_constraints=False
            )
        except ValidationError as exc:
            note(row_number, values, exc)
        except (KeyError, TypeError, ValueError, AttributeError):
            pass  # best effort: the look-up's own error is already reported

    spec.prepare([v for _r, v in parsed])
    resolved: list[tuple[int, dict[str, Any]]] = []
    for row_number, values in parsed:
        try:
            resolved.append((row_number, spec.resolve(values)))
        except ValidationError as exc:
            note(row_number, values, exc)
            fields = exc.message_dict.keys() if hasattr(exc, "error_dict") else ()
            failed.setdefault(row_number, set()).update(fields)
            validate_rest(row_number, values)
        except (KeyError, TypeError, ValueError, AttributeError):
            if row_number not in failed:  # not explained by a cell already reported
                raise

    seen: dict[tuple[Any, ...], int] = {}
    unique_rows: list[tuple[int, dict[str, Any]]] = []
    keys: dict[int, tuple[Any, ...]] = {}  # row number -> natural key, computed once
    for row_number, values in resolved:
        try:
            key = keys[row_number] = spec.key_of(values)
        except (KeyError, TypeError, AttributeError):
            if row_number not in failed:
                raise
            continue  # its key cell failed to parse: reported above
        if key in seen:
            first = spec_class.columns[0]
            raw_row = result.raw_rows.get(row_number, [])
            index = mapping.index.get(first.field, 0)
            result.errors.append(
                RowError(
                    sheet.name,
                    row_number,
                    mapping.headers.get(first.field, ""),
                    _display(raw_row[index] if index < len(raw_row) else ""),
                    _("与第%(r)d行重复（同一条记录在文件中出现两次）") % {"r": seen[key]},
                )
            )
            continue
        seen[key] = row_number
        unique_rows.append((row_number, values))

    existing = spec.existing([keys[r] for r, _v in unique_rows])
    candidates: list[tuple[int, dict[str, Any], PlannedRow, set[str]]] = []
    for row_number, values in unique_rows:
        current = existing.get(keys[row_number])
        skip = failed.get(row_number, set())
        try:
            if current is not None:
                spec.check_existing(current, values)
            planned = _plan_row(spec, current, values, row_number)
            spec.before_save(planned.instance)
        except ValidationError as exc:
            note(row_number, values, exc)
            continue
        except (KeyError, TypeError, ValueError, AttributeError):
            if not skip:
                raise
            continue
        candidates.append((row_number, values, planned, skip))

    checker = FieldChecker(spec_class.model)
    checker.prove([c[2].instance for c in candidates])
    for done, (row_number, values, planned, skip) in enumerate(candidates):
        try:
            checker.full_clean(planned.instance, skip, values)
        except ValidationError as exc:
            note(row_number, values, exc)
            continue
        except (KeyError, TypeError, ValueError, AttributeError):
            if not skip:
                raise
            continue
        if skip:
            continue  # validated for its other problems; never planned
        result.rows.append(planned)
        if progress and done % 1000 == 0:
            progress(total + done, total * 2)
    result.errors.sort(key=lambda e: (e.row, e.column))
    if result.ok:
        for row_number, field_name, reason in spec.warnings(result.rows):
            raw_row = result.raw_rows.get(row_number, [])
            index = mapping.index.get(field_name)
            raw = raw_row[index] if index is not None and index < len(raw_row) else ""
            result.warnings.append(
                RowError(
                    sheet.name,
                    row_number,
                    mapping.headers.get(field_name, ""),
                    _display(raw),
                    reason,
                )
            )
    return result


class FieldChecker:
    """``Model.full_clean`` as the planner needs it, column-wise where the rule allows.

    Per field, each distinct value is cleaned once (types, lengths, ranges, choices: a field's
    ``clean`` depends on the value alone) and the outcome reused for every row holding it. A
    foreign key the spec already resolved to a stored record in bulk (``prepare``/``resolve``,
    scope-checked) is not looked up again row by row — Django's ``ForeignKey.validate`` would
    run one existence query per row. What needs the whole row (``Model.clean``) runs per row.
    Uniqueness is the planner's own duplicate check and the natural key, as before."""

    def __init__(self, model: type[models.Model]) -> None:
        self.fields = [f for f in model._meta.concrete_fields if not getattr(f, "generated", False)]
        self.memo: dict[str, dict[tuple[type, Any], tuple[bool, Any]]] = {
            f.name: {} for f in self.fields
        }
        self.proven: set[str] = set()

    def prove(self, instances: list[models.Model]) -> None:
        """Clean whole columns at once where a column-wide bound proves every value passes:
        the column's type is the field's own, its minimum and maximum pass the range
        validators, its longest text the length validators, its largest magnitude and most
        decimal places the decimal validator. A column that cannot be proved so is cleaned
        value by value as before, so every error is still reported against its row."""
        self.proven = set()
        if not instances:
            return
        for f in self.fields:
            if f.is_relation or f.choices:
                continue
            plain = plain_type(f)  # the type the field keeps its values in, unconverted
            if plain is None:
                continue
            column = list(map(attrgetter(f.attname), instances))
            if f.blank:  # blank values are not cleaned (full_clean skips them too)
                column = [v for v in column if v is not None and v != ""]
            if not column:
                self.proven.add(f.name)
                continue
            try:
                if set(map(type, column)) != {plain} or not _bounds_pass(f, column):
                    continue
            except (ArithmeticError, TypeError, ValueError, ValidationError):
                continue
            self.proven.add(f.name)

    def full_clean(self, instance: models.Model, exclude: set[str], values: dict[str, Any]) -> None:
        errors: dict[str, Any] = {}
        for f in self.fields:
            if f.name in exclude or f.name in self.proven:
                continue
            raw = getattr(instance, f.attname)
            if f.blank and raw in f.empty_values:
                continue
            if f.is_relation:
                if isinstance(values.get(f.name), models.Model) and raw is not None:
                    continue  # resolved in bulk by the spec: the record exists
                try:
                    setattr(instance, f.attname, f.clean(raw, instance))
                except ValidationError as exc:
                    errors[f.name] = exc.error_list
                continue
            memo = self.memo.get(f.name)
            # equal is not the same for decimals: 0 passes two places, 0.000 does not
            key = (type(raw), raw.as_tuple() if type(raw) is Decimal else raw)
            try:
                hit = memo.get(key) if memo is not None else None
            except TypeError:  # an unhashable value (JSON): clean it every time
                memo, hit = None, None
            if hit is None:
                try:
                    hit = (True, f.clean(raw, instance))
                except ValidationError as exc:
                    hit = (False, exc.error_list)
                if memo is not None:
                    memo[key] = hit
                    if len(memo) > MEMO_LIMIT:  # nearly every value differs: stop remembering
                        del self.memo[f.name]
            if hit[0]:
                setattr(instance, f.attname, hit[1])
            else:
                errors[f.name] = list(hit[1])  # a copy: Model.clean's errors extend it
        try:
            instance.clean()
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)


MONOTONE = (validators.MinValueValidator, validators.MaxValueValidator)
LENGTHS = (validators.MinLengthValidator, validators.MaxLengthValidator)


def _bounds_pass(f: models.Field[Any, Any], column: list[Any]) -> bool:
    """Whether every value of a column (all of the field's own type) passes the field's
    validators, judged from the column's bounds. False when a validator is not one whose
    verdict the bounds decide (the column is then cleaned value by value)."""
    if isinstance(column[0], str):
        if any("\x00" in v for v in column):
            return False
        shortest, longest = min(column, key=len), max(column, key=len)
        for validator in f.validators:
            if isinstance(validator, LENGTHS):
                validator(shortest)
                validator(longest)
            elif not isinstance(validator, validators.ProhibitNullCharactersValidator):
                return False
        return True
    if isinstance(column[0], bool):
        return not f.validators
    low, high = min(column), max(column)
    if isinstance(low, Decimal) and not (low.is_finite() and high.is_finite()):
        return False
    for validator in f.validators:
        if isinstance(validator, MONOTONE):
            validator(low)
            validator(high)
        elif isinstance(validator, validators.DecimalValidator):
            places = max(0, -min(v.as_tuple().exponent for v in column))  # type: ignore[operator]
            largest = max(abs(low), abs(high))
            whole = largest.adjusted() + 1 if largest >= 1 else 0
            allowed_places = validator.decimal_places
            if validator.max_digits is None or allowed_places is None:
                return False
            if places > allowed_places or whole > validator.max_digits - allowed_places:
                return False
        else:
            return False
    return True


def _plan_row(
    spec: SheetSpec, current: models.Model | None, values: dict[str, Any], row_number: int
) -> PlannedRow:
    if current is None:
        return PlannedRow(row_number, "create", spec.new_instance(values), {})
    changes: dict[str, tuple[Any, Any]] = {}
    for field_name, new in values.items():
        column = spec.column(field_name)
        old = getattr(current, field_name)
        masked_echo = column is not None and column.masked and isinstance(new, str) and "*" in new
        if masked_echo and new == mask_for_audit(str(old or "")):
            continue  # an exported, masked value: keep what is stored
        if _same(old, new):
            continue
        changes[field_name] = (old, new)
        setattr(current, field_name, new)
    return PlannedRow(row_number, "update" if changes else "unchanged", current, changes)


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, models.Model) or isinstance(new, models.Model):
        return _key_part(old) == _key_part(new)
    if old in (None, "") and new in (None, ""):
        return True
    if isinstance(old, Decimal) or isinstance(new, Decimal):
        try:
            return Decimal(str(old)) == Decimal(str(new))
        except Exception:
            return False
    return bool(old == new)


def _add_validation_errors(
    result: Plan,
    spec_class: type[SheetSpec],
    mapping: HeaderMap,
    sheet: str,
    row: int,
    values: dict[str, Any],
    exc: ValidationError,
) -> None:
    messages = exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}
    raw_row = result.raw_rows.get(row, [])
    for field_name, errors in messages.items():
        index = mapping.index.get(field_name)
        # the cell as typed (a look-up consumes its cell: the USCC becomes an enterprise)
        shown = raw_row[index] if index is not None and index < len(raw_row) else None
        if shown is None:
            shown = values.get(field_name)
        header = mapping.headers.get(field_name, "")
        if not header:
            found = next((c for c in spec_class.columns if c.field == field_name), None)
            header = found.header if found else ""
        for message in errors:
            result.errors.append(RowError(sheet, row, header, _display(shown), message))


# --- commit ---------------------------------------------------------------------------------


class CommitRefused(Exception):
    pass


def _audit_value(
    model: type[models.Model], field_name: str, value: Any, masked: frozenset[str]
) -> str | None:
    if value is None:
        return None
    if isinstance(value, models.Model):
        return str(value)
    if field_name in masked:
        return mask_for_audit(str(value))
    return str(value)


def commit(
    spec_class: type[SheetSpec],
    result: Plan,
    user: Any,
    *,
    cid: str,
    additional: dict[str, Any],
    progress: Progress | None = None,
) -> dict[str, int]:
    """Write every planned row in one transaction, with one audit row per record touched."""
    if not result.ok:
        raise CommitRefused(_("文件有错误，未导入任何数据。"))
    model = spec_class.model
    creates = [r for r in result.rows if r.action == "create"]
    updates = [r for r in result.rows if r.action == "update"]
    masked = frozenset(c.field for c in spec_class.columns if c.masked)
    now = timezone.now()
    content_type = ContentType.objects.get_for_model(model)
    with transaction.atomic(), disable_auditlog():
        created = [r.instance for r in creates]
        if created:
            # one prepared INSERT for every row (no SQL compiled per batch), then the new
            # primary keys found again by the natural key the plan already checked
            before = model._default_manager.aggregate(top=models.Max("pk"))["top"]
            insert_instances(model, created)
            ids_by_key(model, spec_class.key, created, newer_than=before)
        if progress:
            progress(1, 3)
        changed_fields = sorted({f for r in updates for f in r.changes})
        if updates:
            for r in updates:
                if hasattr(r.instance, "version"):
                    r.instance.version += 1  # type: ignore[attr-defined]
            fields = changed_fields + (["version"] if hasattr(model, "version") else [])
            if any(f.name == "updated_at" for f in model._meta.get_fields()):
                for r in updates:
                    r.instance.updated_at = now  # type: ignore[attr-defined]
                fields.append("updated_at")
            update_instances(model, [r.instance for r in updates], fields)
        if progress:
            progress(2, 3)
        actor_id = user.pk if getattr(user, "pk", None) else None
        many = {f.name for f in model._meta.many_to_many}
        if created and many:
            _link_related(model, created, many)
        # what _audit_value does, unrolled: this loop runs once per cell of the file
        readers = [
            (
                c.field,
                _related_names(c.field) if c.field in many else attrgetter(c.field),
                c.field in masked,
            )
            for c in spec_class.columns
            if hasattr(model, c.field)  # a look-up column (USCC) is not a field of the record
        ]
        entries: list[list[Any]] = []
        # column by column (one pass per field over every record), then a dict per record
        texts_by_column = [
            (name, [_audit_text(v, hidden) for v in map(read, created)])
            for name, read, hidden in readers
        ]
        for index, instance in enumerate(created):
            changes = {
                name: [None, texts[index]]
                for name, texts in texts_by_column
                if texts[index] is not None
            }
            entries.append(
                _entry_values(
                    content_type,
                    instance,
                    LogEntry.Action.CREATE,
                    changes,
                    actor_id,
                    cid,
                    additional,
                    now,
                )
            )
        for r in updates:
            changes = {
                f: [_audit_value(model, f, old, masked), _audit_value(model, f, new, masked)]
                for f, (old, new) in r.changes.items()
            }
            entries.append(
                _entry_values(
                    content_type,
                    r.instance,
                    LogEntry.Action.UPDATE,
                    changes,
                    actor_id,
                    cid,
                    additional,
                    now,
                )
            )
        insert_values(LogEntry, ENTRY_FIELDS, entries)  # the assessments' prepared-statement path
        spec_class(user).after_commit_rows(created, updates, cid=cid)
        request_seal()  # bulk rows send no signal: seal them after commit
        touched = [*created, *(r.instance for r in updates)]
        transaction.on_commit(lambda: rows_committed.send(sender=model, instances=touched))
    if progress:
        progress(3, 3)
    return {
        "created": len(creates),
        "updated": len(updates),
        "unchanged": result.count("unchanged"),
    }


def _related_names(field: str) -> Callable[[Any], str]:
    """A created record's many-to-many column as its audit row shows it: the names."""

    def read(instance: Any) -> str:
        related = getattr(instance, "_import_m2m", {}).get(field, ())
        return "、".join(str(r) for r in related)

    return read


def _link_related(model: type[models.Model], created: list[Any], many: set[str]) -> None:
    """The many-to-many links of new records: a spec leaves each record's related objects
    in ``instance._import_m2m = {field: [...]}`` (only new records: a stored record's links
    are edited on its page); one bulk insert per field."""
    for name in sorted(many):
        field: Any = model._meta.get_field(name)
        through = field.remote_field.through
        source, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
        through.objects.bulk_create(
            [
                through(**{source: instance.pk, target: related.pk})
                for instance in created
                for related in getattr(instance, "_import_m2m", {}).get(name, ())
            ],
            batch_size=2000,
        )


def _audit_text(value: Any, hidden: bool) -> str | None:
    """A created record's value as its audit row shows it (None: not shown, empty)."""
    if value is None or (value.__class__ is str and not value):
        return None
    text = str(value)
    return mask_for_audit(text) if hidden else text


ENTRY_FIELDS = (
    "content_type",
    "object_pk",
    "object_id",
    "object_repr",
    "action",
    "changes",
    "changes_text",
    "actor",
    "cid",
    "additional_data",
    "timestamp",
)


def _entry_values(
    content_type: ContentType,
    instance: models.Model,
    action: int,
    changes: dict[str, Any],
    actor_id: Any,
    cid: str,
    additional: dict[str, Any],
    now: Any,
) -> list[Any]:
    """One audit row (a LogEntry) as values for :data:`ENTRY_FIELDS`."""
    pk = instance.pk
    return [
        content_type.pk,
        str(pk),
        pk if isinstance(pk, int) else None,
        str(instance)[:500],
        action,
        changes,
        "",
        actor_id,
        cid,
        additional,
        now,
    ]


# --- export ---------------------------------------------------------------------------------


def export_rows(
    spec_class: type[SheetSpec],
    queryset: models.QuerySet[Any],
    user: Any,
    *,
    unit: str = "元",
    reveal: frozenset[str] = frozenset(),
) -> tuple[list[str], Iterator[list[Any]]]:
    spec = spec_class(user)
    headers = [c.header_for(unit) for c in spec_class.columns]

    def rows() -> Iterator[list[Any]]:
        for instance in spec.export_queryset(queryset):
            row = []
            for column in spec_class.columns:
                value = spec.export_value(instance, column)
                if column.masked and column.field not in reveal and isinstance(value, str):
                    value = mask_for_audit(value) if value else value
                row.append(column.export(value, unit))
            yield row

    return headers, rows()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def create_audited(
    instances: list[Any], user: Any, *, cid: str, additional: dict[str, Any] | None = None
) -> list[Any]:
    """Bulk-create validated instances with one audit row each (for generators and jobs)."""
    if not instances:
        return []
    model = type(instances[0])
    now = timezone.now()
    content_type = ContentType.objects.get_for_model(model)
    fields = [f.name for f in model._meta.concrete_fields if not f.primary_key]
    with transaction.atomic(), disable_auditlog():
        created = model._default_manager.bulk_create(instances, batch_size=2000)
        entries = []
        for instance in created:
            changes = {}
            for name in fields:
                value = getattr(instance, name, None)
                if value not in (None, ""):
                    changes[name] = [None, _audit_value(model, name, value, frozenset())]
            entries.append(
                _entry_values(
                    content_type,
                    instance,
                    LogEntry.Action.CREATE,
                    changes,
                    user.pk if getattr(user, "pk", None) else None,
                    cid,
                    additional or {},
                    now,
                )
            )
        insert_values(LogEntry, ENTRY_FIELDS, entries)  # as commit() writes its audit rows
        request_seal()
    return created


def run_rows(
    spec_class: type[SheetSpec], header: list[str], rows: list[list[Any]], user: Any, *, cid: str
) -> dict[str, int]:
    """Plan and commit in-memory rows exactly as an uploaded file would be (demo, benchmarks)."""
    result = plan(spec_class, [Sheet("数据", [header, *rows])], user)
    if not result.ok:
        problems = result.file_errors + [e.message() for e in result.errors[:5]]
        raise CommitRefused("; ".join(problems))
    return commit(spec_class, result, user, cid=cid, additional={"source": cid})
