"""Files that used to take the server down (issue #11, defects 2 and 10).

A 5 KB sheet whose only far cell is XFD1048576 made the reader allocate hundreds of GiB and abort
the web process; a cell at ZZ200000 took 5.6 GB for 43 s; a zip with a bad CRC gave a 500, a
traceback on the command line and a batch stuck in "previewing". Each is now a file error naming
the sheet and the cell, through the page and the command line, and the server keeps answering.
"""

from __future__ import annotations

import io
import re
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from kechuang.dataio import isolated
from kechuang.dataio.models import BatchStatus, ImportBatch
from kechuang.dataio.readers import FileRejected, read_table
from kechuang.enterprises.models import Enterprise

from ..support.sheets import xlsx
from .test_engine import enterprise_rows

pytestmark = pytest.mark.django_db


def far_cell_xlsx(ref: str) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "名录"
    sheet["A1"] = "统一社会信用代码"
    sheet[ref] = "x"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def rewrite_sheet(data: bytes, change) -> bytes:
    """Rewrite xl/worksheets/sheet1.xml with change(xml) -> xml."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = change(body)
            target.writestr(info.filename, body)
    return out.getvalue()


def test_the_probe_files_are_small():
    assert len(far_cell_xlsx("XFD1048576")) < 6 * 1024
    assert len(far_cell_xlsx("ZZ200000")) < 6 * 1024


@pytest.mark.parametrize("ref", ["XFD1048576", "ZZ200000", "IW2", "A200001"])
def test_a_far_cell_is_refused_before_reading(ref):
    with pytest.raises(FileRejected) as info:
        read_table(far_cell_xlsx(ref), "far.xlsx")
    message = str(info.value)
    assert "工作表“名录”" in message and ref in message and "超出导入上限" in message


def test_the_limits_themselves_are_allowed(settings):
    settings.IMPORT_MAX_ROWS, settings.IMPORT_MAX_COLUMNS = 300, 30
    _kind, sheets = read_table(far_cell_xlsx("AD300"), "edge.xlsx")
    assert len(sheets[0].rows) == 300 and len(sheets[0].rows[0]) == 30
    with pytest.raises(FileRejected, match="AE300"):
        read_table(far_cell_xlsx("AE300"), "edge.xlsx")
    with pytest.raises(FileRejected, match="AD301"):
        read_table(far_cell_xlsx("AD301"), "edge.xlsx")


def test_a_lying_dimension_is_refused():
    """The cells are small but the sheet declares a huge range: refused before reading."""
    data = rewrite_sheet(
        xlsx([["a", "b"], [1, 2]]),
        lambda xml: re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:XFD1048576"', xml),
    )
    with pytest.raises(FileRejected, match=r"声明的数据范围.*XFD1048576"):
        read_table(data, "lie.xlsx")


def test_a_far_cell_without_a_dimension_is_refused():
    data = rewrite_sheet(
        far_cell_xlsx("XFD1048576"), lambda xml: re.sub(rb"<dimension [^>]*/>", b"", xml)
    )
    with pytest.raises(FileRejected, match=r"1048576.*超出导入上限"):
        read_table(data, "nodim.xlsx")


def test_the_parser_child_is_held_to_its_memory_limit(settings):
    """Whatever slips past the dimension checks meets the child's address-space limit: a
    legitimate file with a limit too small to read it is a clear file error, not a crash."""
    data = xlsx([["统一社会信用代码", *("列" * 19)]] + [["abc"] * 20] * 20_000)
    assert len(read_table(data, "ok.xlsx")[1][0].rows) == 20_001
    settings.IMPORT_PARSE_MEMORY_MB = 64
    with pytest.raises(FileRejected, match="内存超出上限"):
        read_table(data, "ok.xlsx")


def test_wide_csv_is_refused(settings):
    settings.IMPORT_MAX_COLUMNS = 10
    with pytest.raises(FileRejected, match="第 2 行有 11 列"):
        read_table(("a,b\n" + ",".join("x" * 11) + "\n").encode(), "wide.csv")


def test_greater_than_patterns_agree_with_numbers():
    pattern = re.compile(isolated.greater_than("200000", "0123456789") + "$")
    for n in (1, 9, 199999, 200000, 200001, 210000, 300000, 1000000, 1048576):
        assert bool(pattern.match(str(n))) == (n > 200000), n
    letters = re.compile(isolated.greater_than("IV", "ABCDEFGHIJKLMNOPQRSTUVWXYZ") + "$")
    for n in (1, 26, 27, 255, 256, 257, 702, 703, 16384):
        name = isolated.column_letters(n)
        assert bool(letters.match(name)) == (n > 256), name


def bad_crc_xlsx() -> bytes:
    """A real workbook whose sheet member's stored CRC no longer matches its data."""
    data = bytearray(xlsx(enterprise_rows(3)))
    archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
    info = archive.getinfo("xl/worksheets/sheet1.xml")
    # CRC-32 sits at offset 14 of the local header and 16 of the central directory entry.
    data[info.header_offset + 14] ^= 0xFF
    found = False
    for start in [m.start() for m in re.finditer(rb"PK\x01\x02", bytes(data))]:
        name_length = int.from_bytes(data[start + 28 : start + 30], "little")
        if data[start + 46 : start + 46 + name_length] == b"xl/worksheets/sheet1.xml":
            data[start + 16] ^= 0xFF
            found = True
    assert found
    return bytes(data)


def test_a_bad_crc_is_a_file_error():
    with pytest.raises(FileRejected, match=r"sheet1\.xml.*无法读取"):
        read_table(bad_crc_xlsx(), "crc.xlsx")


@pytest.mark.parametrize(
    ("name", "make", "expected"),
    [
        ("far.xlsx", lambda: far_cell_xlsx("XFD1048576"), "XFD1048576"),
        ("zz.xlsx", lambda: far_cell_xlsx("ZZ200000"), "ZZ200000"),
        ("crc.xlsx", bad_crc_xlsx, "无法读取"),
    ],
)
def test_through_the_page_and_the_server_keeps_answering(
    client, personas, regions, name, make, expected
):
    client.force_login(personas.staff_a)
    response = client.post("/data/enterprises/import/", {"file": SimpleUploadedFile(name, make())})
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert batch.status == BatchStatus.INVALID  # ended, not stuck in "previewing"
    page = client.get(response["Location"]).content.decode()
    assert expected in page
    assert client.get("/healthz").status_code == 200
    assert not Enterprise.objects.exists()


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda: far_cell_xlsx("XFD1048576"), "XFD1048576"),
        (lambda: far_cell_xlsx("ZZ200000"), "ZZ200000"),
        (bad_crc_xlsx, "无法读取"),
    ],
)
def test_through_the_command_line(tmp_path, personas, regions, capsys, make, expected):
    path = tmp_path / "hostile.xlsx"
    path.write_bytes(make())
    with pytest.raises(SystemExit) as info:
        call_command("import_sheet", "enterprises", str(path), "--user", "p-staff-a")
    assert info.value.code == 1
    captured = capsys.readouterr()
    assert expected in captured.out + captured.err
    assert "Traceback" not in captured.out + captured.err
    assert not Enterprise.objects.exists()
