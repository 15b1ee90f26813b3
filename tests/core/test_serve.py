"""`manage.py serve` (make run): gunicorn and the worker together; killing the parent by any
signal ends both, so no orphaned worker accumulates (issue #11, defect 13)."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split()[2] == "Z")


def wait_until(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return predicate()


@pytest.fixture
def environment(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        KECHUANG_VAR_DIR=str(tmp_path / "var"),
        DEBUG="0",
    )
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )
    return env


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_the_worker_and_web_server_end_with_their_parent(environment, how):
    port = free_port()
    parent = subprocess.Popen(
        [sys.executable, "manage.py", "serve", "--port", str(port), "--workers", "1"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        lines = []
        for _ in range(2):
            lines.append(parent.stdout.readline())
        text = "".join(lines)
        worker = int(re.search(r"pid (\d+)）", lines[0]).group(1))
        web = int(re.search(r"gunicorn pid (\d+)", text).group(1))

        def healthy() -> bool:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    return json.load(r)["database"]["status"] == "ok"
            except OSError:
                return False

        assert wait_until(healthy, 60), "gunicorn never answered /healthz"
        assert alive(worker) and alive(web)
        parent.send_signal(how)
        parent.wait(timeout=30)
        assert wait_until(lambda: not alive(worker), 20), "the worker outlived its parent"
        assert wait_until(lambda: not alive(web), 20), "gunicorn outlived its parent"
    finally:
        if parent.poll() is None:
            parent.kill()
