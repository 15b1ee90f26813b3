"""Write real spreadsheet files (xlsx, xls, ods, csv) from rows, for import tests."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from typing import Any

import openpyxl


def xlsx(rows: list[list[Any]], sheet: str = "数据") -> bytes:
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = sheet
    for row in rows:
        ws.append([float(v) if isinstance(v, Decimal) else v for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xls(rows: list[list[Any]], sheet: str = "数据") -> bytes:
    import xlwt

    workbook = xlwt.Workbook(encoding="utf-8")
    ws = workbook.add_sheet(sheet)
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, date):
                ws.write(r, c, value, date_style)
            elif isinstance(value, Decimal):
                ws.write(r, c, float(value))
            elif value is not None:
                ws.write(r, c, value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def ods(rows: list[list[Any]], sheet: str = "数据") -> bytes:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name=sheet)
    for row in rows:
        tr = TableRow()
        for value in row:
            if value is None:
                cell = TableCell()
            elif isinstance(value, int | float | Decimal) and not isinstance(value, bool):
                cell = TableCell(valuetype="float", value=str(value))
                cell.addElement(P(text=str(value)))
            elif isinstance(value, date):
                cell = TableCell(valuetype="date", datevalue=value.isoformat())
                cell.addElement(P(text=value.isoformat()))
            else:
                cell = TableCell(valuetype="string")
                cell.addElement(P(text=str(value)))
            tr.addElement(cell)
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[list[Any]], encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buffer.getvalue().encode(encoding)


WRITERS = {
    "xlsx": xlsx,
    "xls": xls,
    "ods": ods,
    "csv-utf8": lambda rows: csv_bytes(rows, "utf-8"),
    "csv-utf8-bom": lambda rows: csv_bytes(rows, "utf-8-sig"),
    "csv-gbk": lambda rows: csv_bytes(rows, "gbk"),
    "csv-gb18030": lambda rows: csv_bytes(rows, "gb18030"),
}
EXTENSION = {"xlsx": ".xlsx", "xls": ".xls", "ods": ".ods"}


def file_name(kind: str) -> str:
    return "data" + EXTENSION.get(kind, ".csv")
