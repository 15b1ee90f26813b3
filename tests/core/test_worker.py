"""The quiet task worker (issue #15, goal 6): it runs tasks exactly as db_worker does, and while
idle it looks at the queue only when something may have changed."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django_tasks_db.models import DBTaskResult

from kechuang.core.tasks import seal_audit_chains
from kechuang.core.worker import CHANNEL, QuietWorker

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _worker(**kwargs):
    options = {
        "queue_names": ["default"],
        "interval": 0.01,
        "batch": True,
        "backend_name": "default",
        "startup_delay": False,
        "max_tasks": None,
        "worker_id": "test-worker",
        "excluded_queue_names": [],
    }
    options.update(kwargs)
    return QuietWorker(**options)


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_TASKS)
def test_the_worker_command_runs_a_queued_task_and_stops_in_batch_mode():
    result = seal_audit_chains.enqueue()
    assert DBTaskResult.objects.get(pk=result.id).status == "READY"
    call_command("worker", "--batch", "--no-startup-delay", verbosity=0)
    assert DBTaskResult.objects.get(pk=result.id).status == "SUCCESSFUL"


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_TASKS)
def test_an_empty_queue_is_read_without_taking_the_write_lock():
    worker = _worker()
    with CaptureQueriesContext(connection) as ctx:
        assert worker.claim_next() is None
    sql = " ".join(q["sql"].upper() for q in ctx.captured_queries)
    assert "SELECT" in sql
    assert "BEGIN" not in sql and "FOR UPDATE" not in sql  # no transaction, no row lock
    assert worker.looks == 1


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_TASKS)
def test_an_idle_sqlite_worker_does_not_query_the_queue_until_the_database_changes():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's data_version path; PostgreSQL is tested with LISTEN below")
    worker = _worker()
    waker = worker.waker
    look, version = waker.should_look()
    assert look  # the first look always happens
    assert worker.claim_next() is None
    waker.found_nothing(version)
    with CaptureQueriesContext(connection) as ctx:
        look, same = waker.should_look()
    assert not look and same == version
    assert [q["sql"] for q in ctx.captured_queries] == ["PRAGMA data_version"]
    # another connection's commit moves data_version: the worker looks again
    waker.seen_version = version - 1
    assert waker.should_look()[0]
    # and it looks anyway once the safety interval has passed
    waker.found_nothing(version)
    waker.last_look -= waker.safety
    assert waker.should_look()[0]


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_TASKS)
def test_a_postgresql_worker_sleeps_until_a_new_task_notifies_it():
    if connection.vendor != "postgresql":
        pytest.skip("LISTEN/NOTIFY is PostgreSQL's; SQLite is tested with data_version above")
    worker = _worker(safety=3600)
    waker = worker.waker
    look, _version = waker.should_look()
    assert look and waker.listener is not None
    assert worker.claim_next() is None
    waker.found_nothing(None)
    assert not waker.should_look()[0]  # nothing arrived: no look
    result = seal_audit_chains.enqueue()  # the new row sends NOTIFY
    waker.wait()  # returns on the notification (the safety interval is an hour)
    assert waker.should_look()[0]
    claimed = worker.claim_next()
    assert claimed is not None and str(claimed.pk) == str(result.id)
    waker.close()


@pytest.mark.django_db(transaction=True)
def test_only_a_new_task_row_notifies():
    if connection.vendor != "postgresql":
        pytest.skip("NOTIFY is PostgreSQL's")
    params = connection.get_connection_params()
    listener = connection.get_new_connection(params)
    listener.autocommit = True
    listener.execute(f"LISTEN {CHANNEL}")
    with override_settings(TASKS=DB_TASKS):
        result = seal_audit_chains.enqueue()
    received = list(listener.notifies(timeout=5, stop_after=1))
    assert [n.channel for n in received] == [CHANNEL]
    row = DBTaskResult.objects.get(pk=result.id)
    row.save()  # an update (claim, finish) wakes nobody
    assert list(listener.notifies(timeout=0.2)) == []
    listener.close()


def test_idle_hooks_run_when_due_and_a_failing_one_does_not_stop_the_worker(monkeypatch):
    from kechuang.core import worker as worker_module

    calls: list[str] = []

    def broken() -> None:
        calls.append("broken")
        raise RuntimeError("boom")

    hooks = {
        "often": worker_module.IdleHook("often", lambda: 30.0, lambda: calls.append("often")),
        "broken": worker_module.IdleHook("broken", lambda: 30.0, broken),
        "off": worker_module.IdleHook("off", lambda: 0.0, lambda: calls.append("off")),
    }
    monkeypatch.setattr(worker_module, "IDLE_HOOKS", hooks)
    clock = [1000.0]
    monkeypatch.setattr(worker_module.time, "monotonic", lambda: clock[0])
    worker = _worker()
    assert worker.run_idle_hooks() == 30.0  # both ran at the first idle moment
    assert calls == ["often", "broken"]
    clock[0] += 10
    assert worker.run_idle_hooks() == 20.0 and calls == ["often", "broken"]  # not due yet
    clock[0] += 20
    worker.run_idle_hooks()
    assert calls == ["often", "broken", "often", "broken"]  # "off" never runs
    # a hook with more to do runs again at the next idle moment, after a look at the queue
    steps = [True, True, False]
    hooks["stepwise"] = worker_module.IdleHook("stepwise", lambda: 30.0, lambda: steps.pop(0))
    worker.waker.woken = False
    assert worker.run_idle_hooks() == 0.0 and worker.waker.woken
    assert worker.run_idle_hooks() == 0.0
    assert worker.run_idle_hooks() == 30.0 and steps == []


def test_the_reports_app_registers_the_figure_refresh():
    from kechuang.core.worker import IDLE_HOOKS
    from kechuang.reports import snapshots

    hook = IDLE_HOOKS["figure snapshots"]
    assert hook.run is snapshots.worker_step and hook.every() == 60
