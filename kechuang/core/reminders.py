"""The daily reminder job's registry: each app registers a ``run(today) -> counts`` and the
Chinese label of each count; ``manage.py send_reminders`` runs them all (core knows no app)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class ReminderSource:
    run: Callable[[date], dict[str, int]]
    labels: dict[str, Any]  # count key → Chinese label, in display order


SOURCES: list[ReminderSource] = []


def register(run: Callable[[date], dict[str, int]], labels: dict[str, Any]) -> None:
    if all(source.run is not run for source in SOURCES):
        SOURCES.append(ReminderSource(run, labels))


def run_all(today: date) -> dict[str, int]:
    counts: dict[str, int] = {}
    for source in SOURCES:
        counts.update(source.run(today))
    return counts


def summary(counts: dict[str, int]) -> str:
    parts = [
        f"{label} {counts.get(key, 0)} 条"
        for source in SOURCES
        for key, label in source.labels.items()
    ]
    return "，".join(parts)
