"""Photo-only attachment kinds (issue #19, core.attachments): judged by the bytes before the
name, Pillow reads the header within the pixel limit and verifies the data."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from kechuang.core.attachments import check_image


def _png(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width``×``height`` (no pixel data needed to refuse it)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + header
    ihdr = struct.pack(">I", len(header)) + chunk + struct.pack(">I", zlib.crc32(chunk))
    end = struct.pack(">I", 0) + b"IEND" + struct.pack(">I", zlib.crc32(b"IEND"))
    return b"\x89PNG\r\n\x1a\n" + ihdr + end


def test_a_real_photo_passes_and_keeps_its_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (200, 10, 10)).save(buffer, "JPEG")
    upload = SimpleUploadedFile("田间.jpg", buffer.getvalue())
    data, kind = check_image(upload)
    assert (kind, data) == ("jpg", buffer.getvalue())
    assert upload.read(3) == b"\xff\xd8\xff"  # rewound for the store


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("报告.jpg", b"%PDF-1.7 a report", "照片“报告.jpg”不是图片（JPG/PNG）"),
        ("表格.png", b"PK\x03\x04 a workbook", "照片“表格.png”不是图片（JPG/PNG）"),
        ("巨幅.png", _png(10_000, 9_000), "照片“巨幅.png”有10000×9000像素，超过5000万像素的上限"),
        ("截断.png", _png(40, 30), "照片“截断.png”已损坏或不是有效的图片"),
        ("扩展名.png", b"\xff\xd8\xff\xe0" + b"\0" * 64, "与扩展名“.png”不符"),
    ],
)
def test_what_is_not_a_usable_photo_is_named(name, data, words):
    with pytest.raises(ValidationError) as refused:
        check_image(SimpleUploadedFile(name, data))
    assert words in " ".join(refused.value.messages)
