"""Parse one uploaded table in a child process under memory and CPU limits (issue #11, defect 2).

A 5 KB spreadsheet whose only far cell is ``XFD1048576`` made the reader allocate hundreds of GiB
and abort the whole web process. This module runs as a separate Python process (``python
isolated.py OPTIONS < file``): it lowers its own address-space and CPU limits first, then checks
each sheet's declared and real dimensions *before* the spreadsheet library builds its grid, and
only then reads. Whatever a file does, only this child can die; the parent maps the outcome to a
Chinese message (``readers.parse_isolated``).

It imports nothing of Django or of the project, so it starts in tens of milliseconds.

Protocol: ``argv[1]`` is JSON with ``kind`` (xlsx, xls, ods, csv), ``max_rows``, ``max_cols``,
``max_cells``, ``memory_bytes``, ``cpu_seconds``; stdin is the file. Stdout is a pickle of
``("ok", [(sheet_name, rows), ...])`` or ``("error", code, params)``.
"""

from __future__ import annotations

import csv
import io
import json
import pickle
import re
import sys
import zipfile
from typing import Any

CHUNK = 1 << 20
OVERLAP = 256


class Refused(Exception):
    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code, self.params = code, params


def column_letters(n: int) -> str:
    letters = ""
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def greater_than(limit: str, alphabet: str) -> str:
    """A regex (no groups) matching strings of ``alphabet`` (ordered, no leading 'zero' issue
    for letters; digits assume no leading zeros) that denote a value above ``limit``: longer, or
    as long and larger at the first differing place."""
    first, last = alphabet[0], alphabet[-1]
    cls = f"[{first}-{last}]"
    options = [f"{cls}{{{len(limit) + 1},}}"]
    for i, ch in enumerate(limit):
        if ch == last:
            continue
        higher = alphabet[alphabet.index(ch) + 1]
        rest = len(limit) - i - 1
        options.append(
            re.escape(limit[:i]) + f"[{higher}-{last}]" + (f"{cls}{{{rest}}}" if rest else "")
        )
    return "(?:" + "|".join(options) + ")"


def sheet_names_by_part(archive: zipfile.ZipFile) -> dict[str, str]:
    """'xl/worksheets/sheet1.xml' -> the sheet's name, from workbook.xml and its rels."""
    try:
        book = archive.read("xl/workbook.xml").decode("utf-8", "replace")
        rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    except KeyError:
        return {}
    targets = {}
    for rel in re.finditer(r"<Relationship\b[^>]*>", rels):
        tag = rel.group(0)
        rid = re.search(r'\bId="([^"]+)"', tag)
        target = re.search(r'\bTarget="([^"]+)"', tag)
        if rid and target:
            path = target.group(1).lstrip("/")
            targets[rid.group(1)] = path if path.startswith("xl/") else "xl/" + path
    names = {}
    for sheet in re.finditer(r"<(?:\w+:)?sheet\b[^>]*>", book):
        tag = sheet.group(0)
        name = re.search(r'\bname="([^"]*)"', tag)
        rid = re.search(r'\br:id="([^"]+)"', tag) or re.search(r'\b\w+:id="([^"]+)"', tag)
        if name and rid and rid.group(1) in targets:
            names[targets[rid.group(1)]] = name.group(1)
    return names


def first_far(pattern: re.Pattern[bytes], text: bytes) -> str | None:
    position = 0
    while True:
        hit = pattern.search(text, position)
        if hit is None:
            return None
        if hit.start() > 0 and text[hit.start() - 1 : hit.start()].isspace():
            return hit.group(1).decode()
        position = hit.end()


def check_xlsx_dimensions(data: bytes, max_rows: int, max_cols: int) -> None:
    """Refuse a sheet whose declared range or any cell or row lies beyond the limits, by a
    streamed scan of its XML (the grid is never built)."""
    col_gt = greater_than(column_letters(max_cols), "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    row_gt = greater_than(str(max_rows), "0123456789")
    # One pattern with a literal prefix (fast in Python's re): a cell reference beyond the
    # columns or rows, or a row number beyond the rows; the byte before must be white space.
    far = re.compile(rb'r="((?:%s)[0-9]+|[A-Z]*(?:%s))"' % (col_gt.encode(), row_gt.encode()))
    dimension = re.compile(
        rb'<(?:\w+:)?dimension\s[^>]*?\bref="([A-Z]+)([0-9]+)(?::([A-Z]+)([0-9]+))?"'
    )
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = sheet_names_by_part(archive)
        for info in archive.infolist():
            part = info.filename
            if not (part.startswith("xl/worksheets/") and part.endswith(".xml")):
                continue
            sheet = names.get(part, part.rsplit("/", 1)[-1])
            with archive.open(info) as handle:
                tail = b""
                first = True
                while True:
                    chunk = handle.read(CHUNK)
                    if not chunk:
                        break
                    text = tail + chunk
                    if first:
                        found = dimension.search(text)
                        if found:
                            col, row = (
                                found.group(3) or found.group(1),
                                found.group(4) or found.group(2),
                            )
                            if column_number(col.decode()) > max_cols or int(row) > max_rows:
                                raise Refused(
                                    "declared",
                                    sheet=sheet,
                                    ref=(col + row).decode(),
                                    max_rows=max_rows,
                                    max_cols=max_cols,
                                )
                        first = False
                    ref = first_far(far, text)
                    if ref is not None:
                        raise Refused(
                            "row" if ref.isdigit() else "cell",
                            sheet=sheet,
                            ref=ref,
                            max_rows=max_rows,
                            max_cols=max_cols,
                        )
                    tail = text[-OVERLAP:]


def read_workbook(data: bytes, opts: dict[str, Any]) -> list[tuple[str, list[list[Any]]]]:
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    sheets = []
    for name in workbook.sheet_names:
        sheet = workbook.get_sheet_by_name(name)
        height, width = sheet.height, sheet.width
        if height > opts["max_rows"] or width > opts["max_cols"]:
            raise Refused(
                "size",
                sheet=name,
                rows=height,
                cols=width,
                max_rows=opts["max_rows"],
                max_cols=opts["max_cols"],
            )
        if height * width > opts["max_cells"]:
            raise Refused("cells", sheet=name, cells=height * width, max_cells=opts["max_cells"])
        rows = sheet.to_python(skip_empty_area=False)
        sheets.append((name, [list(r) for r in rows]))
    return sheets


def read_csv(data: bytes, opts: dict[str, Any]) -> list[tuple[str, list[list[Any]]]]:
    text = None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None:
        raise Refused("encoding")
    if "\x00" in text:
        raise Refused("binary")
    sample = text[:4096]
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    rows: list[list[str]] = []
    cells = 0
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            if len(row) > opts["max_cols"]:
                raise Refused(
                    "csv_cols",
                    sheet="CSV",
                    row=len(rows) + 1,
                    cols=len(row),
                    max_cols=opts["max_cols"],
                )
            rows.append(row)
            cells += len(row)
            if len(rows) > opts["max_rows"]:
                raise Refused("csv_rows", sheet="CSV", max_rows=opts["max_rows"])
    except csv.Error as exc:
        raise Refused("csv", detail=str(exc)) from exc
    return [("CSV", rows)]


def parse(data: bytes, opts: dict[str, Any]) -> tuple[Any, ...]:
    kind = opts["kind"]
    try:
        if kind == "csv":
            return ("ok", read_csv(data, opts))
        if kind == "xlsx":
            check_xlsx_dimensions(data, opts["max_rows"], opts["max_cols"])
        return ("ok", read_workbook(data, opts))
    except Refused as exc:
        return ("error", exc.code, exc.params)
    except MemoryError:
        return ("error", "memory", {})
    except Exception as exc:  # any library's error for a broken file: the file is unreadable
        return ("error", "unreadable", {"detail": type(exc).__name__})


def limit_self(memory_bytes: int, cpu_seconds: int) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))


def main() -> None:
    opts = json.loads(sys.argv[1])
    limit_self(opts["memory_bytes"], opts["cpu_seconds"])
    data = sys.stdin.buffer.read()
    result = parse(data, opts)
    sys.stdout.buffer.write(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    main()
