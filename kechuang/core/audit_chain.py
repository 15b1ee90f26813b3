"""Tamper-evident audit: every change-log and login-log row is sealed into a keyed hash chain.

Each log (the change log, ``auditlog.LogEntry``; the login log, ``accounts.LoginEvent``, which
registers itself) has a chain: ``seal_n = HMAC(key, seal_{n-1} | canonical(row_n))`` over its
rows in id order, one ``AuditSeal`` per row. The key comes from ``AUDIT_CHAIN_KEY`` (else it is
derived from ``SECRET_KEY``) and is never stored in the database, so whoever can edit the tables
cannot recompute the chain. ``verify`` walks the chain and reports the first broken link: a row
changed after sealing, a sealed row deleted, or a row slipped in below the sealed end.

Rows are sealed shortly after they are written: every transaction that writes a log row asks
for a seal on commit (a background task; imports ask once for their bulk rows), the daily job
seals whatever is left, and ``verify_audit --seal`` seals before verifying. Shipping each new
chain head to syslog (``kechuang.audit`` logger) keeps a copy outside the database
(docs/deployment.md).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, models, transaction

logger = logging.getLogger("kechuang.audit")
GENESIS = "0" * 64
BATCH = 5000


@dataclass(frozen=True)
class Chain:
    name: str  # "change" or "login"
    model: str  # app_label.ModelName
    fields: tuple[str, ...]  # the canonical form: never reorder; add a new chain version instead

    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)


CHAINS: dict[str, Chain] = {}


def register(name: str, model: str, fields: Iterable[str]) -> None:
    CHAINS[name] = Chain(name, model, tuple(fields))


register(
    "change",
    "auditlog.LogEntry",
    (
        "id",
        "content_type_id",
        "object_pk",
        "object_id",
        "object_repr",
        "action",
        "changes",
        "actor_id",
        "cid",
        "remote_addr",
        "timestamp",
        "additional_data",
    ),
)


def _key() -> bytes:
    explicit = getattr(settings, "AUDIT_CHAIN_KEY", "") or ""
    if explicit:
        return explicit.encode()
    return hashlib.sha256(b"kechuang audit chain|" + settings.SECRET_KEY.encode()).digest()


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, str) and value[:1] in "{[":
        try:  # JSON stored as text on one database and as jsonb on the other: compare values
            return json.loads(value)
        except ValueError:
            return value
    return value


def canonical(chain: Chain, row: dict[str, Any]) -> bytes:
    return json.dumps(
        [_plain(row[f]) for f in chain.fields],
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        default=str,
    ).encode()


def link(previous: str, chain: Chain, row: dict[str, Any]) -> str:
    return hmac.new(
        _key(), previous.encode() + b"|" + canonical(chain, row), hashlib.sha256
    ).hexdigest()


def _seal_model() -> Any:
    from .models import AuditSeal

    return AuditSeal


def seal(name: str) -> int:
    """Extend one chain over every row not yet sealed; returns how many were sealed."""
    chain = CHAINS[name]
    AuditSeal = _seal_model()
    model = chain.model_class()
    sealed = 0
    try:
        with transaction.atomic():
            last = (
                AuditSeal.objects.select_for_update()
                .filter(log=name)
                .order_by("-record_id")
                .first()
            )
            previous = last.digest if last else GENESIS
            after = last.record_id if last else 0
            while True:
                rows = list(
                    model._default_manager.filter(pk__gt=after)
                    .order_by("pk")
                    .values(*chain.fields)[:BATCH]
                )
                if not rows:
                    break
                seals = []
                for row in rows:
                    previous = link(previous, chain, row)
                    seals.append(AuditSeal(log=name, record_id=row["id"], digest=previous))
                AuditSeal.objects.bulk_create(seals)
                sealed += len(seals)
                after = rows[-1]["id"]
    except IntegrityError:  # another process sealed the same rows first: theirs stand
        return 0
    if sealed:
        logger.info(
            "audit chain %s sealed %d rows; head %s at id %s", name, sealed, previous, after
        )
    return sealed


def seal_all() -> dict[str, int]:
    return {name: seal(name) for name in CHAINS}


@dataclass
class Report:
    name: str
    checked: int
    unsealed: int
    broken_at: int | None = None  # the record id of the first broken link
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify(name: str) -> Report:
    """Recompute the chain from its start, walking seals and rows together in id order; the
    first mismatch is the first broken link."""
    chain = CHAINS[name]
    model = chain.model_class()
    seals = _seal_model().objects.filter(log=name).order_by("record_id")
    stamps = seals.values_list("record_id", "digest").iterator(chunk_size=BATCH)
    rows = model._default_manager.order_by("pk").values(*chain.fields).iterator(chunk_size=BATCH)
    previous, checked, last_sealed = GENESIS, 0, 0
    row = next(rows, None)
    for record_id, digest in stamps:
        if row is None or row["id"] > record_id:
            return Report(name, checked, 0, record_id, "删除：已封存的记录不存在")
        if row["id"] < record_id:
            return Report(name, checked, 0, row["id"], "插入：封存范围内出现了未封存的记录")
        if not hmac.compare_digest(link(previous, chain, row), digest):
            return Report(name, checked, 0, record_id, "篡改：记录内容与封存时不一致")
        previous, checked, last_sealed = digest, checked + 1, record_id
        row = next(rows, None)
    unsealed = model._default_manager.filter(pk__gt=last_sealed).count()
    return Report(name, checked, unsealed)


def verify_all() -> list[Report]:
    return [verify(name) for name in CHAINS]


def _enqueue_seal() -> None:
    from .tasks import seal_audit_chains

    try:
        if _seal_queued(seal_audit_chains.module_path):
            return
        seal_audit_chains.enqueue()
    except Exception:  # sealing later (daily job) is fine; losing the write is not
        logger.exception("could not enqueue the audit seal")


def _seal_queued(path: str) -> bool:
    """A seal task is queued and not started: it seals everything committed before it runs,
    these rows included (they are committed: this runs on commit). Under a survey deadline
    every autosave queued one — one claim, run and update in the worker per save."""
    from django.conf import settings

    if settings.TASKS.get("default", {}).get("BACKEND") != "django_tasks_db.DatabaseBackend":
        return False
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(status="READY", task_path=path).exists()


def request_seal() -> None:
    """Seal after the current transaction commits (once per transaction)."""
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
        entry[1] is _enqueue_seal for entry in connection.run_on_commit
    ):
        return
    transaction.on_commit(_enqueue_seal)
