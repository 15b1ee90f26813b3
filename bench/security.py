"""The cost of issue #11's controls where they sit on a hot path: parsing uploads in a limited
child process (with the dimension scan), sealing the audit chain, and the sign-in rate limiter.
Needs no demo data: each part builds what it measures."""

from __future__ import annotations

import contextlib
import io
import statistics
import time
from typing import Any


def _sheet(rows: int, columns: int = 22) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("数据")
    sheet.append([f"列{i}" for i in range(columns)])
    for r in range(rows):
        sheet.append(
            [f"91330100MA{r:08d}", f"企业{r}有限公司", 2024]
            + [r * 1.5 + i for i in range(columns - 3)]
        )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _best(func: Any, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def parsing() -> list[str]:
    from django.test import override_settings
    from python_calamine import CalamineWorkbook

    from kechuang.dataio import isolated
    from kechuang.dataio.readers import check_zip, read_table

    lines = []
    for rows in (3_000, 100_000):
        data = _sheet(rows)

        def in_process(data: bytes = data) -> None:
            book = CalamineWorkbook.from_filelike(io.BytesIO(data))
            book.get_sheet_by_name("数据").to_python(skip_empty_area=False)

        def guarded(data: bytes = data) -> None:
            with override_settings(IMPORT_MAX_BYTES=200 * 1024 * 1024):
                read_table(data, "bench.xlsx")

        plain = _best(in_process)
        full = _best(guarded)
        scan = _best(lambda data=data: isolated.check_xlsx_dimensions(data, 200_000, 256))
        zip_guard = _best(lambda data=data: check_zip(data))
        lines.append(
            f"| {rows:,} × 22 | {len(data) / 1048576:.1f} MB | {plain:.2f} s | {full:.2f} s | "
            f"{full / plain:.1f}× | {scan:.2f} s | {zip_guard:.2f} s | {rows / full:,.0f} |"
        )
    return [
        "Reading an upload (best of 3): the library alone in the web process versus the guarded "
        "path (zip guard, child process with memory/CPU limits, dimension scan, transfer back).",
        "",
        "| rows | file | in process | guarded, isolated | ratio | dimension scan | zip guard | "
        "rows/s guarded |",
        "|---|---|---|---|---|---|---|---|",
        *lines,
        "",
        "The hostile probe files (a 5 KB sheet whose only far cell is `XFD1048576`; one at "
        "`ZZ200000`) are refused by the dimension scan in "
        + ", ".join(f"{_hostile(ref) * 1000:.0f} ms" for ref in ("XFD1048576", "ZZ200000"))
        + " (before: the process aborted; 5.6 GB for 43 s).",
    ]


def _hostile(ref: str) -> float:
    import openpyxl

    from kechuang.dataio.readers import FileRejected, read_table

    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "x"
    workbook.active[ref] = "y"
    out = io.BytesIO()
    workbook.save(out)
    start = time.perf_counter()
    with contextlib.suppress(FileRejected):
        read_table(out.getvalue(), "far.xlsx")
    return time.perf_counter() - start


def sealing() -> list[str]:
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction

    from kechuang.core import audit_chain
    from kechuang.core.models import AuditSeal

    audit_chain.seal_all()
    content_type = ContentType.objects.get_for_model(AuditSeal)
    count = 50_000
    with transaction.atomic():
        LogEntry.objects.bulk_create(
            [
                LogEntry(
                    content_type=content_type,
                    object_pk=str(i),
                    object_repr=f"bench {i}",
                    action=LogEntry.Action.UPDATE,
                    changes={"address": ["旧地址", f"新地址{i}"]},
                )
                for i in range(count)
            ],
            batch_size=5000,
        )
    start = time.perf_counter()
    sealed = audit_chain.seal("change")
    seal_time = time.perf_counter() - start
    start = time.perf_counter()
    report = audit_chain.verify("change")
    verify_time = time.perf_counter() - start
    assert report.ok and sealed >= count
    return [
        f"- Sealing {sealed:,} change-log rows into the audit chain: {seal_time:.2f} s "
        f"({sealed / seal_time:,.0f} rows/s); verifying the whole chain ({report.checked:,} rows): "
        f"{verify_time:.2f} s ({report.checked / verify_time:,.0f} rows/s).",
    ]


def rate_limit() -> list[str]:
    from django.test import Client

    client = Client()
    timings = []
    for i in range(200):
        start = time.perf_counter()
        client.post(
            "/accounts/login/",
            {"username": f"nobody{i}", "password": "x"},
            REMOTE_ADDR=f"10.{i // 250}.{i % 250}.1",
        )
        timings.append(time.perf_counter() - start)
    throttled = []
    for i in range(60):
        start = time.perf_counter()
        response = client.post(
            "/accounts/login/", {"username": f"burst{i}", "password": "x"}, REMOTE_ADDR="10.9.9.9"
        )
        if response.status_code == 429:
            throttled.append(time.perf_counter() - start)
    from django.core.cache import caches

    caches["counters"].clear()
    return [
        f"- A wrong password through the whole stack (rate-limit counters in the database, "
        f"Argon2, axes, login log): p50 {statistics.median(timings) * 1000:.1f} ms over "
        f"{len(timings)} attempts from different addresses; an attempt past the limit is "
        f"answered 429 in p50 {statistics.median(throttled) * 1000:.1f} ms without hashing "
        f"({len(throttled)} of 60 burst attempts) — "
        f"{statistics.median(timings) / statistics.median(throttled):.0f}× cheaper, which is "
        f"what keeps a burst from starving the other pages.",
    ]


def run() -> str:
    lines = ["## Security controls on hot paths (issue #11)", ""]
    lines += parsing()
    lines += [""]
    lines += sealing()
    lines += rate_limit()
    return "\n".join(lines)
