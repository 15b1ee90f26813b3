"""Read uploaded tables safely: .xlsx, .xls, .ods (python-calamine) and .csv (UTF-8 or GBK).

Every guard runs *before* a parser sees the bytes (security.md SEC-25/26): size, format sniffed
from the content (not the name), macro-enabled workbooks, zip bombs (entries, total size, ratio)
and XML with a DTD (billion laughs, external entities). Problems raise :class:`FileRejected`
with a Chinese message for the user.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

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
        except zipfile.BadZipFile as exc:
            raise FileRejected(_("文件已损坏，无法作为压缩格式读取。")) from exc
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
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
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
            if info.filename.endswith(".xml"):
                with archive.open(info) as handle:
                    head = handle.read(2048).upper()
                if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                    raise FileRejected(_("文件包含不允许的 XML 声明（DTD），已拒绝。"))


def decode_csv(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileRejected(_("无法识别 CSV 文件的编码，请另存为 UTF-8 或 GBK 编码。"))


def read_csv(data: bytes) -> list[Sheet]:
    text = decode_csv(data)
    if "\x00" in text:
        raise FileRejected(_("文件不是文本格式的 CSV。请上传 .xlsx、.xls、.ods 或 .csv 文件。"))
    sample = text[:4096]
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    try:
        rows = [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as exc:
        raise FileRejected(
            _("CSV 文件格式有误（%(e)s），请用 Excel 另存为 CSV 后重试。") % {"e": exc}
        ) from exc
    return [Sheet("CSV", rows)]


def read_workbook(data: bytes) -> list[Sheet]:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        for name in workbook.sheet_names:
            rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
            sheets.append(Sheet(name, [list(r) for r in rows]))
        return sheets
    except Exception as exc:  # calamine raises its own error types for broken files
        raise FileRejected(_("无法读取表格文件（文件可能已损坏或格式不受支持）。")) from exc


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
    sheets = read_csv(data) if kind == "csv" else read_workbook(data)
    return kind, sheets
