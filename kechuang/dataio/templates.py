"""Blank templates: a data sheet with the headers, and a notes sheet explaining every column."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .columns import MONEY
from .engine import SheetSpec

REQUIRED_FILL = PatternFill("solid", fgColor="FFF2CC")


def blank_template(spec: type[SheetSpec], unit: str = "万元") -> bytes:
    workbook = Workbook()
    data = workbook.active
    data.title = "数据"
    for index, column in enumerate(spec.columns, start=1):
        cell = data.cell(row=1, column=index, value=column.header_for(unit))
        cell.font = Font(bold=True)
        if column.required:
            cell.fill = REQUIRED_FILL
        data.column_dimensions[get_column_letter(index)].width = max(12, len(cell.value) * 2 + 2)
    data.freeze_panes = "A2"
    notes = workbook.create_sheet("填写说明")
    notes.append([f"{spec.label}导入模板"])
    notes["A1"].font = Font(bold=True, size=14)
    notes.append([spec.notes])
    notes.append(
        [
            "在“数据”工作表第2行起填写，一行一条记录；黄色表头为必填列。列的顺序可以调整，列名不能修改"
            "（金额列名中的单位可改为“万元”或“元”，系统按列名中的单位换算，精确保存到分）。"
        ]
    )
    notes.append(
        ["上传后先预览检查：任何一行有错误，整个文件都不会导入，可下载错误行修改后重新上传。"]
    )
    notes.append([])
    notes.append(["列名", "必填", "类型", "单位", "说明"])
    for cell in notes[6]:
        cell.font = Font(bold=True)
    for column in spec.columns:
        notes.append(
            [
                column.header_for(unit),
                "是" if column.required else "",
                column.describe(),
                unit if column.kind == MONEY else "",
                column.help,
            ]
        )
    for letter, width in zip("ABCDE", (28, 6, 40, 8, 60), strict=True):
        notes.column_dimensions[letter].width = width
    for row in notes.iter_rows(min_row=7):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
