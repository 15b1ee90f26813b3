"""Import batches: stage the upload, preview it, commit it in one transaction, or cancel it."""

from __future__ import annotations

import logging
import uuid
from pathlib import Path
from typing import Any

from auditlog.context import set_actor
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.core.jobs import job_progress
from kechuang.core.models import Job
from kechuang.core.scoping import user_roles
from kechuang.core.services import job_create
from kechuang.utilities.xlsx import write_xlsx

from . import engine
from .models import BatchStatus, ImportBatch
from .readers import FileRejected, read_table

logger = logging.getLogger(__name__)


def staging_dir() -> Path:
    path = Path(settings.VAR_DIR) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _staged(batch: ImportBatch, suffix: str = "") -> Path:
    return staging_dir() / f"{batch.staged_name}{suffix}"


def _remove_staged(batch: ImportBatch) -> None:
    _staged(batch).unlink(missing_ok=True)


def may_import(user: Any, spec: type[engine.SheetSpec]) -> bool:
    return bool(user_roles(user) & spec.write_roles)


def batch_upload(
    *, actor: Any, sheet: str, file_name: str, data: bytes, background: bool | None = None
) -> ImportBatch:
    """Stage an uploaded file and preview it (as a background job when it is large)."""
    spec = engine.get_spec(sheet)
    if not may_import(actor, spec):
        raise PermissionDenied(_("您无权导入%(l)s。") % {"l": spec.label})
    batch = ImportBatch(
        sheet=sheet,
        file_name=Path(file_name).name[:255],
        sha256=engine.sha256(data),
        size=len(data),
        created_by=actor,
        staged_name=uuid.uuid4().hex,
    )
    batch.save()
    _staged(batch).write_bytes(data)  # the user's file name never reaches the file system
    if background is None:
        background = len(data) > settings.IMPORT_SYNC_MAX_BYTES
    if background:
        batch.job = job_create(
            actor=actor,
            name=_("检查导入文件：%(f)s") % {"f": batch.file_name},
            kind="import_preview",
            func="kechuang.dataio.services.preview_job",
            kwargs={"batch_id": batch.pk},
        )
        batch.save(update_fields=["job"])
    else:
        batch_preview(batch=batch)
    return batch


def preview_job(*, job: Job, batch_id: int) -> dict[str, Any]:
    batch = ImportBatch.objects.get(pk=batch_id)
    batch_preview(
        batch=batch, progress=lambda done, total: job_progress(job=job, progress=done, total=total)
    )
    return _result(batch)


def _read(batch: ImportBatch) -> tuple[str, list[Any]]:
    return read_table(_staged(batch).read_bytes(), batch.file_name)


def batch_preview(*, batch: ImportBatch, progress: engine.Progress | None = None) -> ImportBatch:
    spec = engine.get_spec(batch.sheet)
    try:
        file_format, sheets = _read(batch)
    except FileRejected as exc:
        return _invalid(batch, file_errors=[str(exc)])
    batch.file_format = file_format
    try:
        result = engine.plan(spec, sheets, batch.created_by, progress=progress)
    except Exception:  # a preview never stays "previewing": it ends, and says so
        logger.exception("preview of import batch %s failed", batch.pk)
        return _invalid(batch, file_errors=[_("检查文件时发生内部错误，未导入任何数据。")])
    summary = result.summary()
    batch.total_rows = summary["total"]
    batch.created_count, batch.updated_count = summary["create"], summary["update"]
    batch.unchanged_count, batch.error_count = summary["unchanged"], summary["errors"]
    batch.errors = [e.as_dict() for e in result.errors[: engine.MAX_STORED_ERRORS]]
    batch.file_errors = result.file_errors
    same = (
        ImportBatch.objects.filter(
            sheet=batch.sheet, sha256=batch.sha256, status=BatchStatus.COMMITTED
        )
        .exclude(pk=batch.pk)
        .first()
    )
    batch.preview = {
        "sheet_name": result.sheet_name,
        "units": result.header.units,
        "identical_to": same.pk if same else None,
        "warnings": [w.as_dict() for w in result.warnings[: engine.MAX_STORED_ERRORS]],
        "samples": [
            {
                "row": r.row,
                "action": r.action,
                "record": str(r.instance)[:100],
                "changes": {f: [_short(o), _short(n)] for f, (o, n) in list(r.changes.items())[:8]},
            }
            for r in result.rows
            if r.action != "unchanged"
        ][:50],
    }
    if not result.ok:
        _write_error_workbook(batch, result)
        return _invalid(batch)
    batch.status = BatchStatus.READY
    batch.save()
    batch.plan = result  # kept on this object only: a caller that commits at once reuses it
    return batch


def _short(value: Any) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= 60 else text[:60] + "…"


def _invalid(batch: ImportBatch, file_errors: list[str] | None = None) -> ImportBatch:
    if file_errors is not None:
        batch.file_errors = file_errors
    batch.status = BatchStatus.INVALID
    batch.save()
    _remove_staged(batch)  # nothing of an invalid upload stays but the bad rows to fix
    return batch


def _write_error_workbook(batch: ImportBatch, result: engine.Plan) -> None:
    """The bad rows as they were uploaded, plus a column saying what is wrong with each."""
    if not result.header_row:
        return
    by_row: dict[int, list[str]] = {}
    for error in result.errors:
        by_row.setdefault(error.row, []).append(
            (f"“{error.column}”" if error.column else "") + error.reason
        )
    width = len(result.header_row)
    headers = [str(h) if h is not None else "" for h in result.header_row] + [
        _("错误说明"),
        _("原行号"),
    ]
    rows = []
    for row_number in sorted(by_row):
        raw = list(result.raw_rows.get(row_number, []))[:width]
        raw += [None] * (width - len(raw))
        rows.append([*raw, "；".join(by_row[row_number]), row_number])
    _staged(batch, "-errors.xlsx").write_bytes(
        write_xlsx(headers, rows, sheet_title=result.sheet_name or _("错误行"))
    )


def error_workbook(batch: ImportBatch) -> bytes | None:
    path = _staged(batch, "-errors.xlsx")
    return path.read_bytes() if path.exists() else None


def batch_commit(
    *,
    actor: Any,
    batch: ImportBatch,
    background: bool | None = None,
    reuse_plan: bool = False,
) -> ImportBatch:
    """Write a previewed batch. The staged file is read and checked again (the registry may
    have changed since the preview), unless ``reuse_plan``: a caller that previews and commits
    in one go (the command line) commits the plan its preview just made, validating once."""
    if batch.status != BatchStatus.READY:
        raise PermissionDenied(
            _("该导入记录当前状态为“%(s)s”，不能导入。") % {"s": batch.get_status_display()}
        )
    if actor.pk != batch.created_by_id:
        raise PermissionDenied(_("只能确认本人上传的导入。"))
    batch.status = BatchStatus.COMMITTING
    batch.save(update_fields=["status"])
    if background is None:
        background = batch.total_rows > settings.IMPORT_SYNC_MAX_ROWS
    if background:
        batch.job = job_create(
            actor=actor,
            name=_("导入：%(f)s") % {"f": batch.file_name},
            kind="import_commit",
            func="kechuang.dataio.services.commit_job",
            kwargs={"batch_id": batch.pk},
        )
        batch.save(update_fields=["job"])
        return batch
    planned = getattr(batch, "plan", None) if reuse_plan else None
    return _commit(batch, planned=planned)


def commit_job(*, job: Job, batch_id: int) -> dict[str, Any]:
    batch = ImportBatch.objects.get(pk=batch_id)
    _commit(batch, progress=lambda done, total: job_progress(job=job, progress=done, total=total))
    return _result(batch)


def _result(batch: ImportBatch) -> dict[str, Any]:
    """A finished import job links to its batch: the preview to confirm, or what was stored."""
    from django.utils.translation import gettext as _

    label = _("导入记录 #%(n)s（%(f)s）") % {"n": batch.pk, "f": batch.file_name}
    return {"status": batch.status, "url": batch.get_absolute_url(), "url_label": label}


def _commit(
    batch: ImportBatch,
    progress: engine.Progress | None = None,
    planned: engine.Plan | None = None,
) -> ImportBatch:
    """Re-read and re-validate the staged file (data may have changed since the preview), then
    write every row in one transaction, or nothing. ``planned``: the preview's own plan, made
    moments ago in this process (see :func:`batch_commit`)."""
    spec = engine.get_spec(batch.sheet)
    try:
        with set_actor(batch.created_by):
            if planned is not None:
                result = planned
            else:
                _format, sheets = _read(batch)
                result = engine.plan(spec, sheets, batch.created_by)
            if not result.ok:
                batch.errors = [e.as_dict() for e in result.errors[: engine.MAX_STORED_ERRORS]]
                batch.file_errors = result.file_errors
                batch.error_count = len(result.errors)
                _write_error_workbook(batch, result)
                return _invalid(batch)
            counts = engine.commit(
                spec,
                result,
                batch.created_by,
                cid=f"import-{batch.pk}",
                additional={"import_batch": batch.pk, "file": batch.file_name},
                progress=progress,
            )
    except Exception as exc:
        logger.exception("import batch %s failed", batch.pk)
        batch.status = BatchStatus.FAILED
        batch.file_errors = [
            _("导入时发生错误，所有数据均未写入：%(e)s") % {"e": type(exc).__name__}
        ]
        batch.save()
        _remove_staged(batch)
        return batch
    batch.created_count, batch.updated_count = counts["created"], counts["updated"]
    batch.unchanged_count = counts["unchanged"]
    batch.status = BatchStatus.COMMITTED
    batch.committed_at = timezone.now()
    batch.save()
    _remove_staged(batch)
    return batch


def batch_cancel(*, actor: Any, batch: ImportBatch) -> ImportBatch:
    if batch.status not in (BatchStatus.READY, BatchStatus.INVALID):
        raise PermissionDenied(_("该导入记录当前不能取消。"))
    batch.status = BatchStatus.CANCELLED
    batch.save(update_fields=["status"])
    _remove_staged(batch)
    _staged(batch, "-errors.xlsx").unlink(missing_ok=True)
    return batch
