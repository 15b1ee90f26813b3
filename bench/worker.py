"""Task worker at rest and on waking (issue #15, goal 6): CPU of an idle worker, django-tasks-db's
``db_worker --interval 1`` beside ours (``worker``), and how soon each starts a new task."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IDLE_SECONDS = 30
TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def _start(command: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "manage.py", command, "--interval", "1", "--no-startup-delay"],
        cwd=ROOT,
        env=dict(os.environ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wake_latency() -> float:
    from django_tasks_db.models import DBTaskResult

    from kechuang.core.tasks import seal_audit_chains

    start = time.perf_counter()
    result = seal_audit_chains.enqueue()
    while DBTaskResult.objects.filter(pk=result.id, status="READY").exists():
        time.sleep(0.005)
    return time.perf_counter() - start


def _measure(command: str) -> tuple[float, float]:
    process = _start(command)
    try:
        time.sleep(5)  # Django start-up is not idling
        before = _cpu_seconds(process.pid)
        time.sleep(IDLE_SECONDS)
        idle = (_cpu_seconds(process.pid) - before) / IDLE_SECONDS
        latencies = []
        for index in range(8):
            time.sleep(1.5 + index / 8)  # the worker has gone idle; enqueue at varied phases
            latencies.append(_wake_latency())
        return idle, sum(latencies) / len(latencies)
    finally:
        process.terminate()
        process.wait(timeout=20)


def run() -> str:
    from django.db import connection

    theirs = _measure("db_worker")
    ours = _measure("worker")
    ratio = theirs[0] / ours[0] if ours[0] else float("inf")
    wake = "LISTEN/NOTIFY" if connection.vendor == "postgresql" else "PRAGMA data_version"
    return "\n".join(
        [
            f"## Idle task worker (issue #15) — {connection.vendor}",
            "",
            f"CPU of one idle worker over {IDLE_SECONDS} s (share of one core), then "
            "the mean time from enqueuing a task to the worker claiming it (8 tasks, each after "
            "the worker has gone idle, at varied phases of its interval):",
            "",
            "| worker | idle CPU | enqueue → claimed |",
            "|---|---|---|",
            f"| django-tasks-db `db_worker --interval 1` | {theirs[0] * 100:.2f} % | "
            f"{theirs[1] * 1000:.0f} ms |",
            f"| Kechuang `worker --interval 1` ({wake}) | {ours[0] * 100:.2f} % | "
            f"{ours[1] * 1000:.0f} ms |",
            "",
            f"The idle worker costs {ratio:.0f}× less"
            + (" (below the clock's resolution)" if not ours[0] else "")
            + "; it reads the queue without a lock and locks only a task it can claim.",
        ]
    )
