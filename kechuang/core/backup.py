"""Consistent backups while the app runs, and restore into an empty database.

Archive format (a .zip): ``manifest.json`` (engine, time, app version, SHA-256 of every member)
plus ``database.sqlite3`` (SQLite online-backup API: a consistent snapshot even with WAL writers)
or ``database.pgdump`` (``pg_dump -Fc``), plus ``media/`` files. A ``<archive>.sha256`` file
beside it holds the checksum of the archive itself; restore verifies both before touching the
target database.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import zipfile
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone

FORMAT_VERSION = 1


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator (Chinese)."""


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _pg_env(db: dict) -> dict[str, str]:
    env = dict(os.environ)
    mapping = {"HOST": "PGHOST", "PORT": "PGPORT", "USER": "PGUSER", "PASSWORD": "PGPASSWORD"}
    for key, var in mapping.items():
        if db.get(key):
            env[var] = str(db[key])
    return env


def _dump_database(alias: str, workdir: Path) -> tuple[str, Path]:
    connection = connections[alias]
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        target = workdir / "database.sqlite3"
        connection.ensure_connection()
        dest = sqlite3.connect(target)
        try:
            connection.connection.backup(dest)
        finally:
            dest.close()
        return "sqlite", target
    if connection.vendor == "postgresql":
        target = workdir / "database.pgdump"
        command = ["pg_dump", "-Fc", "--no-owner", "--no-acl", "-f", str(target), db["NAME"]]
        result = subprocess.run(  # noqa: S603 - fixed argv, no shell
            command, env=_pg_env(db), capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            raise BackupError(f"pg_dump 失败：{result.stderr.strip()[:500]}")
        return "postgresql", target
    raise BackupError(f"不支持的数据库类型：{connection.vendor}")


def backup(out: Path, *, alias: str = "default") -> dict:
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kechuang-backup-") as tmp:
        workdir = Path(tmp)
        engine, dump = _dump_database(alias, workdir)
        members: dict[str, str] = {dump.name: sha256_file(dump)}
        media_root = Path(settings.MEDIA_ROOT)
        media_files = (
            [p for p in media_root.rglob("*") if p.is_file()] if media_root.is_dir() else []
        )
        for path in media_files:
            members[f"media/{path.relative_to(media_root).as_posix()}"] = sha256_file(path)
        manifest = {
            "format": FORMAT_VERSION,
            "engine": engine,
            "created_at": timezone.now().isoformat(),
            "members": members,
        }
        partial = out.with_suffix(out.suffix + ".partial")
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.write(dump, dump.name)
            for path in media_files:
                archive.write(path, f"media/{path.relative_to(media_root).as_posix()}")
            archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
        partial.replace(out)
    checksum = sha256_file(out)
    Path(f"{out}.sha256").write_text(f"{checksum}  {out.name}\n", encoding="utf-8")
    return {"path": str(out), "sha256": checksum, "engine": engine, "members": len(members)}


def verify(archive_path: Path) -> dict:
    archive_path = Path(archive_path)
    if not archive_path.is_file():
        raise BackupError(f"备份文件不存在：{archive_path}")
    sidecar = Path(f"{archive_path}.sha256")
    if sidecar.is_file():
        expected = sidecar.read_text(encoding="utf-8").split()[0]
        if sha256_file(archive_path) != expected:
            raise BackupError(
                "备份文件校验失败：SHA-256 与 .sha256 文件不一致，文件可能已损坏或被篡改"
            )
    try:
        with zipfile.ZipFile(archive_path) as archive:
            manifest = json.loads(archive.read("manifest.json"))
            for name, digest in manifest["members"].items():
                if hashlib.sha256(archive.read(name)).hexdigest() != digest:
                    raise BackupError(f"备份文件校验失败：{name} 的 SHA-256 不符")
    except (zipfile.BadZipFile, KeyError, json.JSONDecodeError) as exc:
        raise BackupError(f"不是有效的科创备份文件：{exc}") from exc
    return manifest


def _sqlite_is_empty(path: Path) -> bool:
    if not path.exists() or path.stat().st_size == 0:
        return True
    conn = sqlite3.connect(path)
    try:
        count = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
        ).fetchone()[0]
    finally:
        conn.close()
    return count == 0


def restore(archive_path: Path, *, db: dict) -> dict:
    """Restore into the database described by ``db`` (a DATABASES entry), which must be empty."""
    manifest = verify(archive_path)
    engine = manifest["engine"]
    vendor = (
        "sqlite"
        if "sqlite" in db["ENGINE"]
        else "postgresql"
        if "postgresql" in db["ENGINE"]
        else db["ENGINE"]
    )
    if engine != vendor:
        raise BackupError(f"备份来自 {engine} 数据库，不能恢复到 {vendor} 数据库")
    with (
        tempfile.TemporaryDirectory(prefix="kechuang-restore-") as tmp,
        zipfile.ZipFile(archive_path) as archive,
    ):
        workdir = Path(tmp)
        if engine == "sqlite":
            target = Path(db["NAME"])
            if not _sqlite_is_empty(target):
                raise BackupError(f"目标数据库不是空库：{target}。为防止覆盖数据，恢复已取消")
            archive.extract("database.sqlite3", workdir)
            source = sqlite3.connect(workdir / "database.sqlite3")
            dest = sqlite3.connect(target)
            try:
                source.backup(dest)
                dest.execute("PRAGMA journal_mode=WAL")
                ok = dest.execute("PRAGMA integrity_check").fetchone()[0]
            finally:
                source.close()
                dest.close()
            if ok != "ok":
                raise BackupError(f"恢复后完整性检查失败：{ok}")
        else:
            env = _pg_env(db)
            check = subprocess.run(  # noqa: S603 - fixed argv, no shell
                [
                    "psql",
                    "-XtAc",
                    "SELECT count(*) FROM information_schema.tables WHERE table_schema='public'",
                    db["NAME"],
                ],
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            if check.returncode != 0:
                raise BackupError(f"无法连接目标数据库：{check.stderr.strip()[:300]}")
            if check.stdout.strip() != "0":
                raise BackupError(f"目标数据库不是空库：{db['NAME']}。为防止覆盖数据，恢复已取消")
            archive.extract("database.pgdump", workdir)
            result = subprocess.run(  # noqa: S603 - fixed argv, no shell
                [
                    "pg_restore",
                    "--no-owner",
                    "--no-acl",
                    "--exit-on-error",
                    "-d",
                    db["NAME"],
                    str(workdir / "database.pgdump"),
                ],
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            if result.returncode != 0:
                raise BackupError(f"pg_restore 失败：{result.stderr.strip()[:500]}")
            # pg_restore leaves the planner without statistics: gather them now
            from django.db import connection

            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        media_root = Path(settings.MEDIA_ROOT)
        for name in manifest["members"]:
            if name.startswith("media/"):
                relative = Path(name[len("media/") :])
                if relative.is_absolute() or ".." in relative.parts:
                    raise BackupError(f"备份中的文件路径不安全：{name}")
                target_path = media_root / relative
                target_path.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(name) as src, target_path.open("wb") as dst:
                    shutil.copyfileobj(src, dst)
    return manifest
