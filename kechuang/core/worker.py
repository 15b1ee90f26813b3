"""A task worker that costs next to nothing while idle (issue #15, goal 6).

django-tasks-db's ``db_worker`` polls once per interval, and each poll closes and reopens the
database connection (``CONN_MAX_AGE=0``), then takes an *exclusive* transaction to look for a
task: on SQLite that is the database's write lock every second, whether or not there is work; on
PostgreSQL a new connection per second. Measured at ~7 % of a core per idle worker.

This worker keeps its connection and only looks for tasks when something may have changed:

- **PostgreSQL**: a second connection ``LISTEN``\\s on :data:`CHANNEL`; saving a new task sends
  ``NOTIFY`` (in the enqueuing transaction, so it arrives when the task is committed). The worker
  blocks in ``notifies()`` until then, with a safety re-check every :data:`SAFETY_SECONDS`.
- **SQLite**: ``PRAGMA data_version`` tells, without reading a table or taking a lock, whether any
  other connection has committed since the last look. Only then does the worker query the
  queue (and take the write lock only when a ready task is there to claim).

Claiming and running a task is django-tasks-db's own code (``Worker.run_task``, ``claim``), so a
task behaves exactly as under ``db_worker``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import DatabaseError, OperationalError, connections, transaction
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

logger = logging.getLogger("kechuang.worker")
CHANNEL = "kechuang_tasks"
SAFETY_SECONDS = 60.0  # look anyway this often (a notification lost with a dropped connection)


@dataclass(frozen=True)
class IdleHook:
    """Work the worker does between tasks on a schedule (an app's, registered in its ready()):
    ``every()`` seconds apart (0: off), never while a task waits. ``run`` returning True means
    "more to do": it runs again at the next idle moment, after the queue is looked at — so long
    work goes in short steps and queued tasks are not held up."""

    name: str
    every: Callable[[], float]
    run: Callable[[], Any]


IDLE_HOOKS: dict[str, IdleHook] = {}


def register_idle(hook: IdleHook) -> None:
    IDLE_HOOKS[hook.name] = hook


def notify_new_task(sender: Any, instance: DBTaskResult, created: bool, **kwargs: Any) -> None:
    """post_save of a task row: wake PostgreSQL workers (delivered when the row commits)."""
    if not created:
        return
    using = kwargs.get("using") or instance._state.db or "default"
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_notify(%s, '')", [CHANNEL])


class Waker:
    """Whether the queue may have changed since the last empty look, and how to wait."""

    def __init__(self, using: str, interval: float, safety: float = SAFETY_SECONDS) -> None:
        self.using = using
        self.interval = interval
        self.safety = safety
        self.last_look = float("-inf")
        self.seen_version: int | None = None
        self.listener: Any = None
        self.woken = True  # look once at start

    @property
    def connection(self) -> Any:
        return connections[self.using]

    # --- the cheap test ---------------------------------------------------------------------
    def version(self) -> int | None:
        if self.connection.vendor != "sqlite":
            return None
        with self.connection.cursor() as cursor:
            cursor.execute("PRAGMA data_version")
            return int(cursor.fetchone()[0])

    def should_look(self) -> tuple[bool, int | None]:
        """(look now?, the SQLite data version to remember if the look finds nothing)."""
        overdue = time.monotonic() - self.last_look >= self.safety
        if self.connection.vendor == "postgresql":
            self._listen()
            self._drain(timeout=0)
            return (self.woken or overdue), None
        version = self.version()
        changed = version is None or version != self.seen_version
        return (self.woken or overdue or changed), version

    def found_nothing(self, version: int | None) -> None:
        self.last_look = time.monotonic()
        self.seen_version = version
        self.woken = False

    # --- waiting ----------------------------------------------------------------------------
    def wait(self, limit: float | None = None) -> None:
        """Until woken, the safety look is due, or ``limit`` seconds (an idle hook is due)."""
        if self.connection.vendor == "postgresql" and self.listener is not None:
            remaining = max(0.0, self.safety - (time.monotonic() - self.last_look))
            self._drain(timeout=remaining if limit is None else min(remaining, limit))
        else:
            time.sleep(self.interval if limit is None else max(0.0, min(self.interval, limit)))

    def _listen(self) -> None:
        if self.listener is not None and not self.listener.closed:
            return
        connection = self.connection
        listener = connection.get_new_connection(connection.get_connection_params())
        listener.autocommit = True
        listener.execute(f"LISTEN {CHANNEL}")
        self.listener = listener
        self.woken = True  # anything enqueued before we listened

    def _drain(self, timeout: float) -> None:
        try:
            for _note in self.listener.notifies(timeout=timeout, stop_after=1):
                self.woken = True
            if self.woken:  # take whatever else arrived in the same moment
                for _note in self.listener.notifies(timeout=0):
                    pass
        except Exception:  # a dropped listener: reconnect next time, look now
            logger.warning("task worker: LISTEN connection lost; reconnecting", exc_info=True)
            self.close()
            self.woken = True

    def close(self) -> None:
        if self.listener is not None:
            try:
                self.listener.close()
            finally:
                self.listener = None
        self.seen_version = None


class QuietWorker(Worker):
    """django-tasks-db's worker with a look-only-when-woken idle loop."""

    def __init__(self, *, safety: float = SAFETY_SECONDS, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.using = DBTaskResult.objects.db
        self.waker = Waker(self.using, self.interval, safety)
        self.looks = 0  # queue queries made (the idle benchmark and tests read it)
        self.hooks_due: dict[str, float] = {}  # idle hook → monotonic time it is next due

    def tasks(self) -> Any:
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        return tasks

    def claim_next(self) -> DBTaskResult | None:
        tasks = self.tasks()
        self.looks += 1
        if not tasks.exists():  # a plain read: no write lock while the queue is empty
            return None
        with exclusive_transaction(tasks.db):
            task_result = tasks.get_locked()
            if task_result is not None:
                task_result.claim(self.worker_id)
        return task_result

    def run(self) -> None:
        logger.info("Starting quiet worker worker_id=%s", self.worker_id)
        try:
            while self.running:
                task_result = None
                try:
                    look, version = self.waker.should_look()
                    if look:
                        task_result = self.claim_next()
                        if task_result is None:
                            self.waker.found_nothing(version)
                except DatabaseError as exc:
                    locked = isinstance(exc, OperationalError) and is_locked_database_exception(exc)
                    if not locked:
                        logger.warning("task worker: database error; retrying", exc_info=True)
                    self._reset_connection()
                if task_result is not None:
                    self.run_task(task_result)
                    if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                        return
                    continue
                if self.batch and look:
                    return  # --batch: the queue was empty when we looked
                if self.running:
                    self.waker.wait(self.run_idle_hooks())
        finally:
            self.waker.close()

    def run_idle_hooks(self) -> float | None:
        """Run the idle hooks that are due; return the seconds until the next one (None: none).
        A failing hook is logged and tried again at its next time; the worker goes on."""
        now = time.monotonic()
        soonest: float | None = None
        for name, hook in IDLE_HOOKS.items():
            every = hook.every()
            if every <= 0:
                continue
            due = self.hooks_due.setdefault(name, now)  # first run at the first idle moment
            if due <= now:
                more = False
                try:
                    more = hook.run() is True
                except Exception:
                    logger.exception("task worker: idle hook %s failed", name)
                    self._reset_after_hook()
                now = time.monotonic()
                due = self.hooks_due[name] = now if more else now + every
                self.waker.woken = self.waker.woken or more  # look at the queue, then go on
            soonest = due - now if soonest is None else min(soonest, due - now)
        return soonest

    def _reset_after_hook(self) -> None:
        connection = connections[self.using]
        if connection.in_atomic_block:
            return
        connection.close()  # a broken connection is reopened on next use

    def _reset_connection(self) -> None:
        connection = connections[self.using]
        if transaction.get_autocommit(self.using):
            connection.close()
        self.waker.close()
        time.sleep(self.interval)
