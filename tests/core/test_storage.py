"""REL-04: SQLite in WAL with synchronous=FULL; a killed writer loses no committed row."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import textwrap

import pytest
from django.db import connection
from django.db.backends.sqlite3.base import DatabaseWrapper

from config.settings.base import database_from_env


def test_connections_persist_and_are_checked_before_reuse(monkeypatch):
    monkeypatch.delenv("DB_CONN_MAX_AGE", raising=False)
    for url in ("sqlite:////tmp/k.sqlite3", "postgresql://u@localhost:5432/k"):
        config = database_from_env(url)
        assert config["CONN_MAX_AGE"] == 60 and config["CONN_HEALTH_CHECKS"] is True
    monkeypatch.setenv("DB_CONN_MAX_AGE", "0")
    assert database_from_env("postgresql://u@localhost:5432/k")["CONN_MAX_AGE"] == 0


def test_file_database_uses_wal_and_full_sync(tmp_path, django_db_blocker):
    config = database_from_env(f"sqlite:///{tmp_path / 'k.sqlite3'}")
    config.update(
        {
            "TIME_ZONE": None,
            "CONN_HEALTH_CHECKS": False,
            "AUTOCOMMIT": True,
            "ATOMIC_REQUESTS": False,
            "CONN_MAX_AGE": 0,
            "TEST": {},
        }
    )
    wrapper = DatabaseWrapper(config, alias="probe")
    with django_db_blocker.unblock():
        _check_pragmas(wrapper, config)


def _check_pragmas(wrapper, config):
    try:
        with wrapper.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
            cursor.execute("PRAGMA synchronous")
            assert cursor.fetchone()[0] == 2  # FULL
            cursor.execute("PRAGMA foreign_keys")
            assert cursor.fetchone()[0] == 1
        assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    finally:
        wrapper.close()


def test_committed_row_survives_a_killed_process(tmp_path):
    db = tmp_path / "crash.sqlite3"
    config = database_from_env(f"sqlite:///{db}")
    script = textwrap.dedent(f"""
        import sqlite3, sys, time
        conn = sqlite3.connect({str(db)!r}, isolation_level=None)
        conn.executescript({config["OPTIONS"]["init_command"]!r})
        conn.execute("CREATE TABLE t (v TEXT)")
        conn.execute("BEGIN IMMEDIATE"); conn.execute("INSERT INTO t VALUES ('kept')")
        conn.execute("COMMIT")
        conn.execute("BEGIN IMMEDIATE"); conn.execute("INSERT INTO t VALUES ('lost')")
        print("committed", flush=True)
        time.sleep(60)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "committed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    conn = sqlite3.connect(db)
    try:
        assert [r[0] for r in conn.execute("SELECT v FROM t")] == ["kept"]
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


@pytest.mark.django_db
def test_postgresql_durability_settings_are_on():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: runs in the CI PostgreSQL pass")
    with connection.cursor() as cursor:
        cursor.execute("SHOW fsync")
        assert cursor.fetchone()[0] == "on"
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == "on"
