"""Optimistic locking: a save that started from an older version is refused, never merged."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models, transaction
from django.utils.translation import gettext as _

M = TypeVar("M", bound=models.Model)


class EditConflict(Exception):
    """Someone saved the record after this edit started. ``current`` is the stored record."""

    def __init__(self, current: models.Model) -> None:
        self.current = current
        super().__init__(
            _("保存失败：该记录已被他人修改（当前为第%(v)s版）。请刷新页面，核对最新内容后再修改。")
            % {"v": current.version}  # type: ignore[attr-defined]
        )


def save_versioned(instance: M, *, expected_version: int | None, changes: dict[str, Any]) -> M:
    """Apply ``changes`` to the stored row if its version is still ``expected_version``.

    Locks the row (SELECT ... FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE transactions
    serialise writers), validates with ``full_clean`` and bumps ``version``.
    """
    model = type(instance)
    with transaction.atomic():
        current = model._default_manager.select_for_update().get(pk=instance.pk)
        if expected_version is not None and current.version != expected_version:  # type: ignore[attr-defined]
            raise EditConflict(current)
        for field, value in changes.items():
            setattr(current, field, value)
        current.version += 1  # type: ignore[attr-defined]
        current.full_clean()
        current.save()
    return current


def create_validated(model: type[M], values: dict[str, Any]) -> M:
    """A new record, validated as a whole (``full_clean``) before it is saved."""
    record = model(**values)
    record.full_clean()
    record.save()
    return record
