"""The shared attachment component (issue #14): type judged by content, size and scanner
checked before storing, downloads scoped through the record, every upload audited."""

from __future__ import annotations

import io

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from kechuang.core.models import Attachment
from kechuang.enterprises.models import Enterprise

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def docx_bytes() -> bytes:
    from docx import Document

    document = Document()
    document.add_paragraph("营业执照扫描说明")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def upload(client, enterprise, name, data, kind="licence"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        "/attachments/add/",
        {
            "type": ContentType.objects.get_for_model(Enterprise).pk,
            "object": enterprise.pk,
            "kind": kind,
            "next": f"/enterprises/{enterprise.pk}/",
            "file": SimpleUploadedFile(name, data),
        },
        follow=True,
    )


def test_an_enterprise_uploads_its_licence_and_only_those_who_see_it_download_it(
    client, personas, registry
):
    client.force_login(personas.enterprise_a)
    page = upload(client, registry.a, "营业执照.pdf", PDF).content.decode()
    assert "已上传附件“营业执照.pdf”" in page
    stored = Attachment.objects.get()
    assert (stored.kind, stored.file_type, stored.size) == ("licence", "pdf", len(PDF))
    assert stored.uploaded_by == personas.enterprise_a
    assert "营业执照.pdf" not in stored.file.name  # stored under a neutral name
    detail = client.get(f"/enterprises/{registry.a.pk}/").content.decode()
    assert 'data-testid="attachment-link"' in detail and "营业执照" in detail
    got = client.get(f"/attachments/{stored.pk}/")
    assert got.status_code == 200 and b"".join(got.streaming_content) == PDF
    assert "attachment" in got["Content-Disposition"]
    # the audit log names the uploader
    entry = LogEntry.objects.get_for_object(stored).get()
    assert entry.actor == personas.enterprise_a
    # enterprise B and county B's staff: not found, by any URL
    for other in (personas.enterprise_b, personas.staff_b):
        client.force_login(other)
        assert client.get(f"/attachments/{stored.pk}/").status_code == 404
        assert upload(client, registry.a, "x.pdf", PDF).status_code == 404
        assert client.post(f"/attachments/{stored.pk}/delete/").status_code == 404
    # county A's staff see and may delete it
    client.force_login(personas.staff_a)
    assert client.get(f"/attachments/{stored.pk}/").status_code == 200
    client.post(f"/attachments/{stored.pk}/delete/", {"next": "/"})
    assert not Attachment.objects.exists()


def test_a_leader_reads_but_may_not_upload(client, personas, registry):
    client.force_login(personas.leader)
    detail = client.get(f"/enterprises/{registry.a.pk}/").content.decode()
    assert 'data-testid="attachments"' in detail and 'data-testid="attachment-form"' not in detail
    assert upload(client, registry.a, "a.pdf", PDF).status_code == 403
    assert not Attachment.objects.exists()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "营业执照.pdf",
            b"MZ\x90\x00 this is a program",
            "不是PDF、图片（JPG/PNG）、Word 或 Excel 文件",
        ),
        ("营业执照.pdf", PNG, "内容与扩展名“.pdf”不符"),
        ("说明.xlsx", None, "内容与扩展名“.xlsx”不符"),  # a Word file named .xlsx
        ("空.pdf", b"", "是空文件"),
    ],
)
def test_a_file_is_judged_by_its_bytes(client, personas, registry, name, data, message):
    client.force_login(personas.staff_a)
    page = upload(client, registry.a, name, docx_bytes() if data is None else data)
    text = page.content.decode()
    assert "附件未上传" in text and message in text and name in text
    assert not Attachment.objects.exists()


def test_real_office_files_and_images_are_accepted(client, personas, registry):
    from openpyxl import Workbook

    book = Workbook()
    book.active["A1"] = "证书清单"
    buffer = io.BytesIO()
    book.save(buffer)
    client.force_login(personas.staff_a)
    for name, data in (
        ("说明.docx", docx_bytes()),
        ("清单.xlsx", buffer.getvalue()),
        ("证书.PNG", PNG),
    ):
        assert (
            "已上传附件" in upload(client, registry.a, name, data, "certificate").content.decode()
        )
    assert sorted(Attachment.objects.values_list("file_type", flat=True)) == ["docx", "png", "xlsx"]


def test_size_limit_and_scanner_refuse_before_storing(client, personas, registry, settings):
    client.force_login(personas.staff_a)
    big = PDF + b"0" * (20 * 1024 * 1024)
    assert "超过20MB的上限" in upload(client, registry.a, "大.pdf", big).content.decode()
    settings.UPLOAD_SCANNER = "tests.core.test_upload_scanner_and_headers.refuse_eicar"
    eicar = PDF + b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
    text = upload(client, registry.a, "病毒.pdf", eicar).content.decode()
    assert "附件未上传" in text
    assert not Attachment.objects.exists()


def test_an_unknown_kind_or_record_type_is_refused(client, personas, registry):
    client.force_login(personas.staff_a)
    assert "附件类别“nope”无效" in upload(client, registry.a, "a.pdf", PDF, "nope").content.decode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    from kechuang.core.models import Batch

    answer = client.post(
        "/attachments/add/",
        {
            "type": ContentType.objects.get_for_model(Batch).pk,
            "object": 1,
            "kind": "other",
            "file": SimpleUploadedFile("a.pdf", PDF),
        },
    )
    assert answer.status_code == 404
