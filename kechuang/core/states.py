"""The state-change block: a dated, append-only history of a record's states.

A work line declares a ``Workflow`` — its states, the moves allowed from each (``""`` is "no
state yet"), the event model (a subclass of ``StateEvent``) and the record's denormalised current
state. Every change goes through ``transition``, which refuses an illegal move with a clear
Chinese message, never writes a date earlier than the last one, appends the event and updates the
record in one transaction. History is never edited: a correction is a new event.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

INITIAL = ""  # the state of a record before its first event


class StateEvent(models.Model):
    """One dated state of a record. Subclasses add the FK to the record and any facts of the
    move (a number, a reason)."""

    state = models.CharField(_("状态"), max_length=30)
    occurred_on = models.DateField(_("日期"))
    note = models.CharField(_("说明"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["occurred_on", "pk"]


@dataclass(frozen=True)
class Workflow:
    key: str
    choices: type[models.TextChoices]
    moves: Mapping[str, frozenset[str]]  # state → states it may move to; INITIAL → first states
    event_model: type[StateEvent]
    subject: str  # the event's foreign key to the record
    state_field: str = "status"  # the record's current state (denormalised for lists)
    date_field: str = "status_on"  # the date of the current state
    # A line whose refusals need its own words (e.g. "须先有申报") gives them here:
    # explain(current, to) → the message, or "" for the block's default wording.
    explain: Callable[[str, str], str] | None = None
    # Facts a move into a state must carry, with the Chinese message when one is missing:
    # state → {fact: message} (an approval needs its document number).
    requires: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def label(self, state: str) -> str:
        if state == INITIAL:
            return _g("（无）")
        try:
            return str(self.choices(state).label)
        except ValueError:
            return state

    def can(self, current: str, to: str) -> bool:
        return to in self.moves.get(current, frozenset())

    def refuse(self, current: str, to: str) -> ValidationError:
        special = self.explain(current, to) if self.explain is not None else ""
        if special:
            return ValidationError({self.state_field: special})
        allowed = "、".join(self.label(s) for s in self.choices.values if self.can(current, s))
        message = _g("不能从“%(a)s”变为“%(b)s”。") % {
            "a": self.label(current),
            "b": self.label(to),
        }
        if allowed:
            message += _g("可以变为：%(c)s。") % {"c": allowed}
        else:
            message += _g("“%(a)s”是最终状态。") % {"a": self.label(current)}
        return ValidationError({self.state_field: message})

    def history(self, obj: models.Model) -> models.QuerySet[Any]:
        manager: Any = self.event_model._default_manager
        events: models.QuerySet[Any] = manager.filter(**{self.subject: obj})
        return events.order_by("occurred_on", "pk")


WORKFLOWS: dict[str, Workflow] = {}


def register(workflow: Workflow) -> Workflow:
    WORKFLOWS[workflow.key] = workflow
    return workflow


def check_move(workflow: Workflow, current: str, to: str) -> None:
    """Raise the workflow's Chinese message unless ``current`` → ``to`` is allowed (importers
    call this too, so a file cannot set a state the service would refuse)."""
    if not workflow.can(current, to):
        raise workflow.refuse(current, to)


def check_facts(workflow: Workflow, to: str, facts: Mapping[str, Any]) -> None:
    """Raise, per missing fact, the workflow's message for a move into ``to`` (importers call
    this too)."""
    missing = {
        name: str(message)
        for name, message in workflow.requires.get(to, {}).items()
        if facts.get(name) in (None, "")
    }
    if missing:
        raise ValidationError(missing)


def event_for(
    workflow: Workflow, obj: models.Model, to: str, on: date, actor: Any, **facts: Any
) -> StateEvent:
    """The (unsaved, validated) event of ``obj`` entering ``to`` on ``on``."""
    event = workflow.event_model(
        **{workflow.subject: obj},
        state=to,
        occurred_on=on,
        created_by=actor if getattr(actor, "pk", None) else None,
        **facts,
    )
    event.full_clean()
    return event


@transaction.atomic
def transition(
    *,
    workflow: Workflow,
    actor: Any,
    obj: models.Model,
    to: str,
    on: date,
    note: str = "",
    record: Mapping[str, Any] | None = None,
    **facts: Any,
) -> StateEvent:
    """Move ``obj`` to ``to`` on ``on``: check the move and the date, append the event, update
    the record's current state (and the ``record`` fields given) — all or nothing."""
    model = type(obj)
    if obj.pk is not None:
        obj = model._default_manager.select_for_update().get(pk=obj.pk)
    current = getattr(obj, workflow.state_field) if obj.pk is not None else INITIAL
    check_move(workflow, current, to)
    check_facts(workflow, to, facts)
    last = getattr(obj, workflow.date_field) if obj.pk is not None else None
    if last is not None and on < last:
        raise ValidationError(
            {
                workflow.date_field: _g("日期（%(d)s）不能早于上一状态的日期（%(l)s）。")
                % {"d": f"{on:%Y-%m-%d}", "l": f"{last:%Y-%m-%d}"}
            }
        )
    setattr(obj, workflow.state_field, to)
    setattr(obj, workflow.date_field, on)
    for name, value in (record or {}).items():
        setattr(obj, name, value)
    obj.full_clean()
    obj.save()
    event = event_for(workflow, obj, to, on, actor, note=note, **facts)
    event.save()
    return event
