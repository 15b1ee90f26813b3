"""Write .xlsx files safely: text that a spreadsheet would run as a formula is neutralised."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 cannot hold (openpyxl refuses them): they are shown as \xNN, so an export
# never fails and the auditor still sees what was typed (issue #11, defect 4).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _escape_control(match: re.Match[str]) -> str:
    return f"\\x{ord(match.group(0)):02x}"


def safe_text(value: str) -> str:
    """Escape control characters; prefix a quote to text starting with a formula trigger
    (SEC-27)."""
    if value and CONTROL_CHARACTERS.search(value):
        value = CONTROL_CHARACTERS.sub(_escape_control, value)
    if value and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def safe_sheet_title(title: str) -> str:
    cleaned = SHEET_TITLE_FORBIDDEN.sub("_", CONTROL_CHARACTERS.sub("", title)).strip("'")
    return cleaned[:31] or "Sheet1"


def cell_value(value):
    if value is None:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, datetime):
        return (
            value.replace(tzinfo=None)
            if value.tzinfo is None
            else value.astimezone().replace(tzinfo=None)
        )
    if isinstance(value, date):
        return value
    return safe_text(str(value))


def write_xlsx(
    headers: Sequence[str], rows: Iterable[Sequence], *, sheet_title: str = "Sheet1"
) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=safe_sheet_title(sheet_title))
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=safe_text(str(header)))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([cell_value(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
