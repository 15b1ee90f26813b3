"""SEC-25 / SEC-26: hostile files are refused before a parser runs, with a clear message."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kechuang.dataio.readers import FileRejected, read_table

from ..support.sheets import xlsx


def rejected(data: bytes, name: str = "x.xlsx") -> str:
    with pytest.raises(FileRejected) as info:
        read_table(data, name)
    return str(info.value)


def zip_with(entries: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_real_xlsx_is_read():
    kind, sheets = read_table(xlsx([["a", "b"], [1, 2]]), "ok.xlsx")
    assert kind == "xlsx" and sheets[0].rows == [["a", "b"], [1.0, 2.0]]


def test_oversized_file(settings):
    settings.IMPORT_MAX_BYTES = 1024
    assert "超过上限" in rejected(b"a" * 2048, "big.csv")


def test_png_renamed_to_xlsx():
    assert "图片或 PDF" in rejected(b"\x89PNG\r\n\x1a\n" + b"0" * 100)


def test_xls_content_with_xlsx_name_is_refused():
    from ..support.sheets import xls

    assert "内容是 xls 格式" in rejected(xls([["a"]]), "trick.xlsx")


def test_macro_workbook_is_refused():
    data = zip_with({"xl/vbaProject.bin": b"\x00" * 10})
    assert "宏" in rejected(data)
    assert "宏" in rejected(xlsx([["a"]]), "book.xlsm")


def test_zip_bomb_by_size_and_ratio():
    bomb = zip_with({"xl/worksheets/sheet1.xml": b"0" * (101 * 1024 * 1024)})
    assert len(bomb) < 1024 * 1024
    message = rejected(bomb)
    assert "100 MB" in message or "压缩比" in message
    ratio = zip_with({"xl/worksheets/sheet1.xml": b"0" * (5 * 1024 * 1024)})
    assert "压缩比" in rejected(ratio)


def test_too_many_entries():
    data = zip_with({f"xl/x{i}.bin": b"" for i in range(1001)}, zipfile.ZIP_STORED)
    assert "条目过多" in rejected(data)


@pytest.mark.parametrize(
    "xml",
    [
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
        b"<worksheet>&lol2;</worksheet>",
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b"<worksheet>&xxe;</worksheet>",
    ],
)
def test_xml_with_a_dtd_is_refused(xml):
    message = rejected(zip_with({"xl/worksheets/sheet1.xml": xml}))
    assert "DTD" in message and "root:" not in message


def test_openpyxl_uses_defusedxml():
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML is True


def test_csv_in_gbk_and_utf8_bom():
    text = "企业名称,年度\n哈威机械,2024\n"
    for encoding in ("gbk", "gb18030", "utf-8-sig", "utf-8"):
        _kind, sheets = read_table(text.encode(encoding), "a.csv")
        assert sheets[0].rows[1] == ["哈威机械", "2024"], encoding


def test_bare_carriage_returns_in_csv_do_not_crash():
    # Found by hypothesis: csv.reader raised on a lone \r in an unquoted field (a 500 before).
    _kind, sheets = read_table("企业名称,年度\r哈威\r机械,2024\n".encode(), "a.csv")
    assert sheets[0].rows[0] == ["企业名称", "年度"]


def test_binary_junk_is_a_clear_error():
    message = rejected(b"\x00\x01\x02" * 50, "junk.csv")
    assert message


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(min_size=1, max_size=3000))
def test_random_bytes_never_crash_the_reader(data):
    try:
        read_table(data, "fuzz.xlsx")
    except FileRejected as exc:
        assert str(exc)


@settings(max_examples=40)
@given(st.binary(min_size=20, max_size=2000))
def test_corrupted_zip_payload_is_refused_cleanly(tail):
    data = b"PK\x03\x04" + tail
    try:
        read_table(data, "fuzz.xlsx")
    except FileRejected as exc:
        assert str(exc)
