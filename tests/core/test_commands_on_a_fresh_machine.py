"""Commands on a database that does not exist yet or is not migrated say so in Chinese and exit
non-zero, never with a traceback (issue #11, defect 13)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

COMMANDS = [
    ["security_posture"],
    ["import_sheet", "enterprises", "manage.py", "--user", "x"],
    ["verify_audit"],
    ["send_reminders"],
    ["disable_inactive_users"],
    ["work_report", "--region", "990101", "--period", "2025", "--out", "x.docx"],
]


def run(args, tmp_path, database_url):
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        KECHUANG_VAR_DIR=str(tmp_path / "var-that-is-missing"),
    )
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: a[0])
def test_on_a_missing_database_folder(tmp_path, args):
    result = run(args, tmp_path, f"sqlite:///{tmp_path / 'missing' / 'kechuang.sqlite3'}")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output, output
    assert "数据库" in output and "migrate" in output


def test_on_an_unmigrated_database(tmp_path):
    result = run(
        ["import_sheet", "enterprises", "manage.py"],
        tmp_path,
        f"sqlite:///{tmp_path / 'empty.sqlite3'}",
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output
    assert "尚未初始化" in output
