"""Read uploaded tables safely: .xlsx, .xls, .ods (python-calamine) and .csv (UTF-8 or GBK).

Every guard runs *before* a parser sees the bytes (security.md SEC-25/26): size, format sniffed
from the content (not the name), macro-enabled workbooks, zip bombs (entries, total size, ratio)
and XML with a DTD (billion laughs, external entities). Problems raise :class:`FileRejected`
with a Chinese message for the user.
"""

from __future__ import annotations

import io
import json
import logging
import pickle
import signal
import subprocess
import sys
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)
ISOLATED_SCRIPT = Path(__file__).with_name("isolated.py")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"


class FileRejected(Exception):
    """The file as a whole cannot be read; the message says why, in Chinese."""


@dataclass
class Sheet:
    name: str
    rows: list[list[Any]]


def limits() -> dict[str, int]:
    return {
        "max_bytes": getattr(settings, "IMPORT_MAX_BYTES", 10 * 1024 * 1024),
        "max_entries": 1000,
        "max_uncompressed": 100 * 1024 * 1024,
        "max_ratio": 100,
    }


# What a damaged zip raises while its directory or a member is read: a bad CRC, a truncated or
# corrupt deflate stream, an unsupported method, a bad offset (issue #11, defect 10).
ZIP_READ_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    KeyError,
    NotImplementedError,
    RuntimeError,
)


def _damaged(member: str = "") -> FileRejected:
    if member:
        return FileRejected(
            _("文件已损坏：其中的“%(m)s”无法读取（校验失败或数据不完整）。请重新保存后上传。")
            % {"m": member}
        )
    return FileRejected(_("文件已损坏，无法作为压缩格式读取。请重新保存后上传。"))


def sniff(data: bytes) -> str:
    """'xlsx', 'ods', 'xls' or 'csv', from the content."""
    if data.startswith(OLE_MAGIC):
        return "xls"
    if data.startswith(ZIP_MAGIC):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                if "mimetype" in names and archive.read("mimetype").strip() == (
                    b"application/vnd.oasis.opendocument.spreadsheet"
                ):
                    return "ods"
                if "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names):
                    return "xlsx"
        except ZIP_READ_ERRORS as exc:
            raise _damaged() from exc
        raise FileRejected(_("文件是压缩包，但不是 Excel（.xlsx）或 ODS 表格。"))
    if data[:8].startswith((b"\x89PNG", b"%PDF", b"GIF8", b"\xff\xd8\xff")):
        raise FileRejected(
            _("文件内容是图片或 PDF，不是表格。请上传 .xlsx、.xls、.ods 或 .csv 文件。")
        )
    return "csv"


def check_zip(data: bytes, *, max_uncompressed: int | None = None) -> None:
    """Entries, total size, compression ratio, macros and DTDs, from the zip's directory."""
    lim = limits()
    if max_uncompressed is not None:
        lim["max_uncompressed"] = max_uncompressed
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except ZIP_READ_ERRORS as exc:
        raise _damaged() from exc
    with archive:
        infos = archive.infolist()
        if len(infos) > lim["max_entries"]:
            raise FileRejected(
                _("文件内部条目过多（%(n)d 个），疑似异常文件，已拒绝。") % {"n": len(infos)}
            )
        total = sum(i.file_size for i in infos)
        if total > lim["max_uncompressed"]:
            raise FileRejected(
                _("文件解压后超过 %(m)d MB，已拒绝。请拆分后分批导入。")
                % {"m": lim["max_uncompressed"] // 1048576}
            )
        for info in infos:
            if (
                info.file_size > 1024 * 1024
                and info.compress_size
                and (info.file_size / info.compress_size > lim["max_ratio"])
            ):
                raise FileRejected(_("文件压缩比异常（疑似“压缩炸弹”），已拒绝。"))
            if info.filename.lower().endswith("vbaproject.bin"):
                raise FileRejected(_("文件包含宏（.xlsm），不允许导入。请另存为普通 .xlsx 文件。"))
            try:
                # Every member is read once in full: a bad CRC or a corrupt stream is found here,
                # as a file error, not later inside a parser (the total is capped above).
                with archive.open(info) as handle:
                    head = handle.read(2048)
                    while handle.read(1 << 20):
                        pass
            except ZIP_READ_ERRORS as exc:
                raise _damaged(info.filename) from exc
            if info.filename.endswith(".xml") and (
                b"<!DOCTYPE" in head.upper() or b"<!ENTITY" in head.upper()
            ):
                raise FileRejected(_("文件包含不允许的 XML 声明（DTD），已拒绝。"))


def _isolated_options(kind: str) -> dict[str, Any]:
    return {
        "kind": kind,
        "max_rows": settings.IMPORT_MAX_ROWS,
        "max_cols": settings.IMPORT_MAX_COLUMNS,
        "max_cells": settings.IMPORT_MAX_CELLS,
        "memory_bytes": settings.IMPORT_PARSE_MEMORY_MB * 1024 * 1024,
        "cpu_seconds": settings.IMPORT_PARSE_SECONDS,
    }


def _refusal(code: str, params: dict[str, Any]) -> str:
    """The child's refusal, in Chinese, naming the sheet and the cell or size."""
    limits_text = _("最多 %(r)s 行、%(c)s 列") % {
        "r": f"{params.get('max_rows', 0):,}",
        "c": params.get("max_cols", 0),
    }
    messages = {
        "declared": _(
            "工作表“%(sheet)s”声明的数据范围到达单元格 %(ref)s，超出导入上限（%(lim)s）。"
            "请删除多余的空行空列，或将数据复制到新工作表后另存再导入。"
        ),
        "cell": _(
            "工作表“%(sheet)s”的单元格 %(ref)s 超出导入上限（%(lim)s）。"
            "请删除多余的行列后另存再导入。"
        ),
        "row": _("工作表“%(sheet)s”的第 %(ref)s 行超出导入上限（%(lim)s）。请拆分后分批导入。"),
        "size": _(
            "工作表“%(sheet)s”有 %(rows)s 行、%(cols)s 列，超出导入上限（%(lim)s）。"
            "请删除多余的行列或拆分后导入。"
        ),
        "cells": _(
            "工作表“%(sheet)s”的单元格过多（%(cells)s 个），超出导入上限 %(max_cells)s 个。"
        ),
        "csv_cols": _("CSV 文件第 %(row)s 行有 %(cols)s 列，超出导入上限 %(max_cols)s 列。"),
        "csv_rows": _("CSV 文件超过 %(max_rows)s 行的导入上限，请拆分后分批导入。"),
        "csv": _("CSV 文件格式有误（%(detail)s），请用 Excel 另存为 CSV 后重试。"),
        "encoding": _("无法识别 CSV 文件的编码，请另存为 UTF-8 或 GBK 编码。"),
        "binary": _("文件不是文本格式的 CSV。请上传 .xlsx、.xls、.ods 或 .csv 文件。"),
        "memory": _("读取文件所需内存超出上限，文件可能过大或异常。请拆分后分批导入。"),
        "unreadable": _("无法读取表格文件（文件可能已损坏或格式不受支持）。"),
    }
    values = {k: (f"{v:,}" if isinstance(v, int) and v >= 10000 else v) for k, v in params.items()}
    return messages.get(code, messages["unreadable"]) % {"lim": limits_text, **values}


def parse_isolated(kind: str, data: bytes) -> list[Sheet]:
    """Parse in a child process limited in memory and CPU time, with a wall-clock timeout: no
    file can take the web process or the worker down (issue #11, defect 2)."""
    options = _isolated_options(kind)
    try:
        completed = subprocess.run(  # noqa: S603 - our own script, fixed arguments, no shell
            [sys.executable, "-I", str(ISOLATED_SCRIPT), json.dumps(options)],
            input=data,
            capture_output=True,
            timeout=settings.IMPORT_PARSE_SECONDS + 5,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise FileRejected(
            _("读取文件超过 %(s)d 秒仍未完成，已停止。文件可能过大或异常，请拆分后分批导入。")
            % {"s": settings.IMPORT_PARSE_SECONDS}
        ) from exc
    if completed.returncode != 0 or not completed.stdout:
        logger.warning(
            "isolated parse of a %s file ended with code %s: %s",
            kind,
            completed.returncode,
            completed.stderr[-300:].decode("utf-8", "replace"),
        )
        if completed.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
            raise FileRejected(
                _("读取文件超过 %(s)d 秒仍未完成，已停止。文件可能过大或异常，请拆分后分批导入。")
                % {"s": settings.IMPORT_PARSE_SECONDS}
            )
        raise FileRejected(_refusal("memory", {}))
    # The child is our own script run from this file's folder; its pickle is as trusted as an
    # import of this module (a child able to forge it could already act as the same user).
    result = pickle.loads(completed.stdout)  # noqa: S301 - our own child's answer, see above
    if result[0] == "error":
        raise FileRejected(_refusal(result[1], result[2]))
    return [Sheet(name, rows) for name, rows in result[1]]


EXTENSIONS = {"xlsx": {".xlsx"}, "xls": {".xls"}, "ods": {".ods"}, "csv": {".csv", ".txt"}}


def read_table(data: bytes, file_name: str = "") -> tuple[str, list[Sheet]]:
    """Check and read an uploaded file; returns (format, sheets)."""
    lim = limits()
    if len(data) == 0:
        raise FileRejected(_("文件为空。"))
    if len(data) > lim["max_bytes"]:
        raise FileRejected(
            _("文件大小 %(s).1f MB，超过上限 %(m)d MB。请拆分后分批导入。")
            % {"s": len(data) / 1048576, "m": lim["max_bytes"] // 1048576}
        )
    from kechuang.core.uploads import UploadRefused, scan

    try:
        scan(data, file_name)
    except UploadRefused as exc:
        raise FileRejected(str(exc)) from exc
    kind = sniff(data)
    lower = file_name.lower()
    if lower.endswith(".xlsm"):
        raise FileRejected(_("不允许导入含宏的 .xlsm 文件。请另存为普通 .xlsx 文件。"))
    suffix = "." + lower.rsplit(".", 1)[-1] if "." in lower else ""
    if suffix and suffix not in EXTENSIONS[kind]:
        raise FileRejected(
            _("文件扩展名为 %(ext)s，但内容是 %(kind)s 格式，请检查文件。")
            % {"ext": suffix, "kind": kind}
        )
    if kind in ("xlsx", "ods"):
        check_zip(data)
    return kind, parse_isolated(kind, data)
