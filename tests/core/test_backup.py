"""REL-05: back up while running, restore into an empty database, compare row counts and content."""

from __future__ import annotations

import hashlib
import sqlite3
import uuid
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from kechuang.accounts.models import LoginEvent, Region, User

pytestmark = pytest.mark.django_db(transaction=True)

TABLES = ["accounts_region", "accounts_user", "accounts_loginevent", "auditlog_logentry"]


def table_digest(rows) -> str:
    return hashlib.sha256(repr(sorted(rows)).encode()).hexdigest()


def source_state():
    with connection.cursor() as cursor:
        state = {}
        for table in TABLES:
            cursor.execute(f"SELECT count(*) FROM {table}")
            state[table] = cursor.fetchone()[0]
        cursor.execute("SELECT code, name FROM accounts_region")
        state["regions"] = table_digest(cursor.fetchall())
    return state


@pytest.fixture
def data(personas):
    LoginEvent(kind="failure", username="canary-backup").save()
    return personas


def test_backup_and_restore_round_trip(data, tmp_path):
    archive = tmp_path / "kechuang.zip"
    call_command("backup", str(archive))
    assert archive.exists() and (tmp_path / "kechuang.zip.sha256").exists()
    assert not zipfile.is_zipfile(archive)  # encrypted, not a readable zip
    assert b"canary-backup" not in archive.read_bytes()
    expected = source_state()
    assert expected["accounts_user"] == 9 and expected["auditlog_logentry"] > 0

    if connection.vendor == "sqlite":
        target = tmp_path / "restored.sqlite3"
        call_command(
            "restore",
            str(archive),
            "--database-url",
            f"sqlite:///{target}",
            "--media-dir",
            str(tmp_path / "restored-media"),
        )
        conn = sqlite3.connect(target)
        try:
            got = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
            got["regions"] = table_digest(
                conn.execute("SELECT code, name FROM accounts_region").fetchall()
            )
        finally:
            conn.close()
    else:
        got = _restore_postgres(archive)
    assert got == expected


def _restore_postgres(archive):
    import psycopg

    settings_dict = connection.settings_dict
    name = f"kechuang_restore_{uuid.uuid4().hex[:8]}"
    conninfo = {
        k.lower(): v
        for k, v in {
            "HOST": settings_dict.get("HOST"),
            "PORT": settings_dict.get("PORT"),
            "USER": settings_dict.get("USER"),
            "PASSWORD": settings_dict.get("PASSWORD"),
        }.items()
        if v
    }
    admin = psycopg.connect(dbname="postgres", autocommit=True, **conninfo)
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        url = "postgresql://{user}@{host}:{port}/{name}".format(
            user=settings_dict.get("USER") or "postgres",
            host=settings_dict.get("HOST") or "127.0.0.1",
            port=settings_dict.get("PORT") or 5432,
            name=name,
        )
        call_command(
            "restore", str(archive), "--database-url", url, "--media-dir", str(archive) + "-media"
        )
        with psycopg.connect(dbname=name, **conninfo) as conn:
            got = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
            got["regions"] = table_digest(
                conn.execute("SELECT code, name FROM accounts_region").fetchall()
            )
        return got
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def test_restore_refuses_a_database_that_holds_data(data, tmp_path):
    archive = tmp_path / "k.zip"
    call_command("backup", str(archive))
    if connection.vendor != "sqlite":
        pytest.skip("the PostgreSQL refusal is exercised against the live test database below")
    target = tmp_path / "busy.sqlite3"
    conn = sqlite3.connect(target)
    conn.execute("CREATE TABLE keep_me (x)")
    conn.execute("INSERT INTO keep_me VALUES (1)")
    conn.commit()
    conn.close()
    with pytest.raises(CommandError, match="不是空库"):
        call_command(
            "restore",
            str(archive),
            "--database-url",
            f"sqlite:///{target}",
            "--media-dir",
            str(tmp_path / "m"),
        )
    conn = sqlite3.connect(target)
    assert conn.execute("SELECT count(*) FROM keep_me").fetchone()[0] == 1
    conn.close()


def test_restore_never_overwrites_existing_data(data, tmp_path):
    archive = tmp_path / "k.zip"
    call_command("backup", str(archive))
    with pytest.raises(CommandError, match="不是空库"):
        if connection.vendor == "sqlite":
            # The in-memory test database cannot be addressed by URL; use a copy with data.
            copy = tmp_path / "copy.sqlite3"
            args = ["--database-url", f"sqlite:///{copy}"]
            call_command("restore", str(archive), *args, "--media-dir", str(tmp_path / "m1"))
            call_command("restore", str(archive), *args, "--media-dir", str(tmp_path / "m2"))
        else:
            call_command("restore", str(archive))
    assert User.objects.count() == 9 and Region.objects.count() == 6


def test_a_corrupted_archive_is_refused(data, tmp_path):
    archive = tmp_path / "k.zip"
    call_command("backup", str(archive))
    raw = bytearray(archive.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    archive.write_bytes(bytes(raw))
    with pytest.raises(CommandError, match="校验失败"):
        call_command(
            "restore",
            str(archive),
            "--database-url",
            f"sqlite:///{tmp_path / 'x.db'}",
            "--media-dir",
            str(tmp_path / "m"),
        )


def restore_args(archive, tmp_path, media="restored-media", db="t.sqlite3"):
    return [
        "restore",
        str(archive),
        "--database-url",
        f"sqlite:///{tmp_path / db}",
        "--media-dir",
        str(tmp_path / media),
    ]


@pytest.fixture
def media(settings, tmp_path):
    live = tmp_path / "live-media"
    (live / "attachments").mkdir(parents=True)
    (live / "attachments" / "a.pdf").write_bytes(b"%PDF canary-media")
    settings.MEDIA_ROOT = live
    return live


def test_restore_writes_only_into_the_targets_own_empty_folder(data, tmp_path, media):
    """Issue #11, defect 9: restoring into another database never touches the live folder."""
    archive = tmp_path / "k.bak"
    call_command("backup", str(archive))
    before = sorted(p.relative_to(media) for p in media.rglob("*"))
    other = ["restore", str(archive), "--database-url", f"sqlite:///{tmp_path / 'o.sqlite3'}"]
    with pytest.raises(CommandError, match="--media-dir"):
        call_command(*other)
    with pytest.raises(CommandError, match="当前运行系统的文件目录"):
        call_command(*other, "--media-dir", str(media))
    busy = tmp_path / "busy-media"
    busy.mkdir()
    (busy / "keep.txt").write_text("keep")
    with pytest.raises(CommandError, match="不是空目录"):
        call_command(*other, "--media-dir", str(busy))
    assert (busy / "keep.txt").read_text() == "keep"
    if connection.vendor == "sqlite":
        call_command(*restore_args(archive, tmp_path))
        restored = tmp_path / "restored-media" / "attachments" / "a.pdf"
        assert restored.read_bytes() == b"%PDF canary-media"
    assert sorted(p.relative_to(media) for p in media.rglob("*")) == before


@pytest.mark.parametrize("damage", ["flip", "truncate", "append", "wrong-key", "plain-zip"])
def test_a_forged_archive_is_refused_before_anything_is_written(data, tmp_path, settings, damage):
    archive = tmp_path / "k.bak"
    call_command("backup", str(archive))
    (tmp_path / "k.bak.sha256").unlink()  # a forger replaces the sidecar too; do without it
    raw = bytearray(archive.read_bytes())
    if damage == "flip":
        raw[len(raw) // 2] ^= 0x01
    elif damage == "truncate":
        raw = raw[: len(raw) - 40]
    elif damage == "append":
        raw += b"\x00" * 8
    elif damage == "wrong-key":
        settings.BACKUP_KEY = "another-key-" + "x" * 40
    else:
        import io

        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as zf:
            zf.writestr("manifest.json", '{"engine": "sqlite", "members": {}}')
        raw = bytearray(buffer.getvalue())
    archive.write_bytes(bytes(raw))
    with pytest.raises(CommandError, match=r"认证失败|不是有效"):
        call_command(*restore_args(archive, tmp_path))
    assert not (tmp_path / "t.sqlite3").exists() or (tmp_path / "t.sqlite3").stat().st_size == 0
    assert not (tmp_path / "restored-media").exists()


def test_backup_needs_a_key(data, tmp_path, settings):
    settings.BACKUP_KEY = ""
    with pytest.raises(CommandError, match="BACKUP_KEY"):
        call_command("backup", str(tmp_path / "k.bak"))
    assert not (tmp_path / "k.bak").exists()
