"""Consistent, encrypted backups while the app runs, and restore into an empty database.

Inside: a zip with ``manifest.json`` (engine, time, SHA-256 of every member) plus
``database.sqlite3`` (SQLite online-backup API: a consistent snapshot even with WAL writers) or
``database.pgdump`` (``pg_dump -Fc``), plus ``media/`` files.

Outside (format 2, issue #11): the zip encrypted and authenticated with AES-256-GCM in 1 MiB
chunks (each chunk's nonce carries its number and a last-chunk flag, the header is authenticated
data, so reordering, truncation and any changed byte are detected), under a key derived with
HKDF-SHA256 from ``BACKUP_KEY`` (environment or ``BACKUP_KEY_FILE``) and a random salt. Restore
refuses anything that does not authenticate under the configured key before it touches the target.
A ``<archive>.sha256`` beside it lets operators check a copy without the key.
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

FORMAT_VERSION = 2
MAGIC = b"KECHUANG-BACKUP\x00"
CHUNK = 1 << 20
MIN_KEY_LENGTH = 32


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator (Chinese)."""


def _master_key() -> bytes:
    key = getattr(settings, "BACKUP_KEY", "") or ""
    if len(key) < MIN_KEY_LENGTH:
        raise BackupError(
            "未配置备份密钥：请在环境变量 BACKUP_KEY（或 BACKUP_KEY_FILE 指向的文件）中设置"
            f"至少 {MIN_KEY_LENGTH} 个字符的随机密钥，并与备份分开妥善保管（docs/deployment.md）"
        )
    return key.encode()


def _cipher(salt: bytes):
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=salt, info=b"kechuang backup v2"
    ).derive(_master_key())
    return AESGCM(derived)


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    return prefix + counter.to_bytes(4, "big") + (b"\x01" if last else b"\x00")


def encrypt_file(source: Path, target: Path) -> None:
    """source (plain zip) -> target (format 2)."""
    salt, prefix = os.urandom(16), os.urandom(7)
    header = MAGIC + bytes([FORMAT_VERSION]) + salt + prefix
    cipher = _cipher(salt)
    size = source.stat().st_size
    with source.open("rb") as src, target.open("wb") as dst:
        dst.write(header)
        counter, done = 0, 0
        while True:
            chunk = src.read(CHUNK)
            done += len(chunk)
            last = done >= size
            sealed = cipher.encrypt(_nonce(prefix, counter, last), chunk, header)
            dst.write(len(sealed).to_bytes(4, "big") + sealed)
            counter += 1
            if last:
                break


def decrypt_file(source: Path, target: Path) -> None:
    """source (format 2) -> target (plain zip), or BackupError if it does not authenticate."""
    from cryptography.exceptions import InvalidTag

    forged = BackupError("备份文件认证失败：密钥不符，或文件已损坏、被截断或被篡改。恢复已取消")
    with source.open("rb") as src, target.open("wb") as dst:
        header = src.read(len(MAGIC) + 1 + 16 + 7)
        if not header.startswith(MAGIC):
            raise BackupError("不是有效的科创备份文件（文件头不符，或为旧版未加密备份）")
        if header[len(MAGIC)] != FORMAT_VERSION:
            raise BackupError(f"不支持的备份格式版本：{header[len(MAGIC)]}")
        salt, prefix = header[len(MAGIC) + 1 : len(MAGIC) + 17], header[len(MAGIC) + 17 :]
        cipher = _cipher(salt)
        counter = 0
        while True:
            length = src.read(4)
            if len(length) < 4:
                raise forged  # the last chunk never came: truncated
            sealed = src.read(int.from_bytes(length, "big"))
            try:
                plain = cipher.decrypt(_nonce(prefix, counter, False), sealed, header)
                last = False
            except InvalidTag:
                try:
                    plain = cipher.decrypt(_nonce(prefix, counter, True), sealed, header)
                    last = True
                except InvalidTag:
                    raise forged from None
            dst.write(plain)
            counter += 1
            if last:
                if src.read(1):
                    raise forged  # data after the last chunk
                return


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
        _master_key()  # refuse before any work if no key is configured
        plain = workdir / "backup.zip"
        with zipfile.ZipFile(plain, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.write(dump, dump.name)
            for path in media_files:
                archive.write(path, f"media/{path.relative_to(media_root).as_posix()}")
            archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
        partial = out.with_suffix(out.suffix + ".partial")
        encrypt_file(plain, partial)
        partial.replace(out)
    checksum = sha256_file(out)
    Path(f"{out}.sha256").write_text(f"{checksum}  {out.name}\n", encoding="utf-8")
    return {"path": str(out), "sha256": checksum, "engine": engine, "members": len(members)}


def open_archive(archive_path: Path, workdir: Path) -> tuple[dict, Path]:
    """Check the sidecar checksum, decrypt and authenticate, then check every member against
    the manifest; returns (manifest, the plain zip inside ``workdir``)."""
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
    plain = workdir / "backup.zip"
    decrypt_file(archive_path, plain)
    try:
        with zipfile.ZipFile(plain) as archive:
            manifest = json.loads(archive.read("manifest.json"))
            for name, digest in manifest["members"].items():
                if hashlib.sha256(archive.read(name)).hexdigest() != digest:
                    raise BackupError(f"备份文件校验失败：{name} 的 SHA-256 不符")
    except (zipfile.BadZipFile, KeyError, json.JSONDecodeError) as exc:
        raise BackupError(f"不是有效的科创备份文件：{exc}") from exc
    return manifest, plain


def verify(archive_path: Path) -> dict:
    with tempfile.TemporaryDirectory(prefix="kechuang-verify-") as tmp:
        manifest, _plain = open_archive(archive_path, Path(tmp))
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


def _same_database(db: dict) -> bool:
    live = settings.DATABASES["default"]
    return (
        db.get("ENGINE"),
        str(db.get("NAME")),
        db.get("HOST") or "",
        str(db.get("PORT") or ""),
    ) == (
        live.get("ENGINE"),
        str(live.get("NAME")),
        live.get("HOST") or "",
        str(live.get("PORT") or ""),
    )


def _media_target(db: dict, media_dir: Path | None) -> Path:
    """Where the files go: the target instance's own folder, which must be empty. The live
    MEDIA_ROOT is used only when restoring into the configured database itself (issue #11)."""
    live = Path(settings.MEDIA_ROOT).resolve()
    if media_dir is None:
        if not _same_database(db):
            raise BackupError(
                "恢复到其他数据库时，请用 --media-dir 指定该实例自己的文件目录；"
                "不会写入当前运行系统的文件目录"
            )
        media_dir = live
    target = Path(media_dir).resolve()
    if target == live and not _same_database(db):
        raise BackupError(f"{target} 是当前运行系统的文件目录，恢复到其他数据库时不能写入")
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"文件目录不是空目录：{target}。为防止覆盖文件，恢复已取消")
    return target


def restore(archive_path: Path, *, db: dict, media_dir: Path | None = None) -> dict:
    """Restore into the database described by ``db`` (a DATABASES entry), which must be empty,
    and its own, empty media folder."""
    media_root = _media_target(db, media_dir)
    with tempfile.TemporaryDirectory(prefix="kechuang-restore-check-") as scratch:
        manifest, _plain = open_archive(archive_path, Path(scratch))
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
    with tempfile.TemporaryDirectory(prefix="kechuang-restore-") as tmp:
        workdir = Path(tmp)
        _manifest, plain = open_archive(archive_path, workdir)
        archive = zipfile.ZipFile(plain)
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
                [  # noqa: S607 - psql is found on PATH, a deployment tool (docs/deployment.md)
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
                [  # noqa: S607 - pg_restore is found on PATH, a deployment tool
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
            # pg_restore leaves the planner without statistics: gather them in the target now
            subprocess.run(  # noqa: S603 - fixed argv, no shell
                ["psql", "-XtAc", "ANALYZE", db["NAME"]],  # noqa: S607 - psql from PATH
                env=env,
                capture_output=True,
                check=False,
            )
        for name in manifest["members"]:
            if name.startswith("media/"):
                relative = Path(name[len("media/") :])
                if relative.is_absolute() or ".." in relative.parts:
                    raise BackupError(f"备份中的文件路径不安全：{name}")
                target_path = media_root / relative
                target_path.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(name) as src, target_path.open("wb") as dst:
                    shutil.copyfileobj(src, dst)
        archive.close()
    return manifest
