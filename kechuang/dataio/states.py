"""Sheets whose rows carry a record's current state and its date (a cooperation's rung, a
proposal's stage): the state-change block's rules for a file, written once.

- a new record enters at its state as a move from nothing (``check_move(INITIAL, …)``);
- a stored record moves only as the block would move it, and never to a date before the
  state it stands on; the same state again is no change (its date stays);
- each new state becomes a dated event of the record's history, with its facts, audited
  with the importing user.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.core.states import INITIAL, Workflow, check_facts, check_move

from .engine import PlannedRow, create_audited


class StateRows:
    """Mix into a SheetSpec (before it). The sheet declares ``workflow``; its resolve() calls
    :meth:`take_state` with the row's values and the event facts the row gives."""

    workflow: ClassVar[Workflow]
    # an event fact read from a column of another name (a proposal's 立项资金 → amount)
    fact_columns: ClassVar[dict[str, str]] = {}
    user: Any

    def take_state(self, values: dict[str, Any], facts: dict[str, Any]) -> None:
        """Check the facts the row's state needs (the block's messages, on their columns) and
        keep them for the event."""
        try:
            check_facts(self.workflow, values[self.workflow.state_field], facts)
        except ValidationError as exc:
            raise ValidationError(
                {self.fact_columns.get(k, k): v for k, v in exc.message_dict.items()}
            ) from exc
        if not hasattr(self, "facts_by_key"):
            self.facts_by_key: dict[tuple[Any, ...], dict[str, Any]] = {}
        self.facts_by_key[self.key_of(values)] = facts  # type: ignore[attr-defined]

    def _move(self, current: str, to: str) -> None:
        try:
            check_move(self.workflow, current, to)
        except ValidationError as exc:  # the block's own words, on the state column
            raise ValidationError({self.workflow.state_field: exc.messages}) from exc

    def check_existing(self, current: models.Model, values: dict[str, Any]) -> None:
        state_field, date_field = self.workflow.state_field, self.workflow.date_field
        stored, stored_on = getattr(current, state_field), getattr(current, date_field)
        if values[state_field] == stored:
            values[date_field] = stored_on  # no new state: its date stays
            return
        self._move(stored, values[state_field])
        if stored_on and values[date_field] < stored_on:
            raise ValidationError(
                {
                    date_field: _("日期不能早于当前阶段（%(s)s，%(d)s）的日期")
                    % {"s": self.workflow.label(stored), "d": f"{stored_on:%Y-%m-%d}"}
                }
            )

    def before_save(self, instance: models.Model) -> None:
        key = self.key_of({f: getattr(instance, f, None) for f in self.key})  # type: ignore[attr-defined]
        instance._import_facts = getattr(self, "facts_by_key", {}).get(key, {})  # type: ignore[attr-defined]
        if instance.pk is None:  # a new record enters at its state
            self._move(INITIAL, getattr(instance, self.workflow.state_field))

    def after_commit_rows(
        self, created: list[models.Model], updated: list[PlannedRow], *, cid: str
    ) -> None:
        """Each imported state is a dated event of the record's history, with its facts."""
        state_field, date_field = self.workflow.state_field, self.workflow.date_field
        moved = [*created, *(r.instance for r in updated if state_field in r.changes)]
        event_model: Any = self.workflow.event_model
        actor = self.user if getattr(self.user, "pk", None) else None
        events = [
            event_model(
                **{self.workflow.subject: item},
                state=getattr(item, state_field),
                occurred_on=getattr(item, date_field) or timezone.localdate(),
                note=_("Excel导入"),
                created_by=actor,
                **{
                    k: v
                    for k, v in getattr(item, "_import_facts", {}).items()
                    if v not in (None, "")
                },
            )
            for item in moved
        ]
        create_audited(events, self.user, cid=cid)
