"""The upload scanning hook and the Permissions-Policy header (issue #11, level-3 controls)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kechuang.dataio.models import BatchStatus, ImportBatch
from kechuang.reports import rendering

from ..support.sheets import xlsx

pytestmark = pytest.mark.django_db

SEEN: list[str] = []


def refuse_eicar(data: bytes, file_name: str) -> str | None:
    SEEN.append(file_name)
    return "Eicar-Test-Signature" if b"EICAR" in data else None


def broken_scanner(data: bytes, file_name: str) -> str | None:
    raise OSError("clamd is not running")


def test_every_import_passes_the_scanner_first(client, personas, settings):
    settings.UPLOAD_SCANNER = "tests.core.test_upload_scanner_and_headers.refuse_eicar"
    client.force_login(personas.staff_a)
    client.post(
        "/data/enterprises/import/",
        {"file": SimpleUploadedFile("bad.csv", b"uscc,name\nEICAR,x\n")},
    )
    batch = ImportBatch.objects.get()
    assert batch.status == BatchStatus.INVALID
    assert "未通过安全扫描：Eicar-Test-Signature" in " ".join(batch.file_errors)
    assert "bad.csv" in SEEN


def test_a_scanner_that_fails_refuses(client, personas, settings):
    settings.UPLOAD_SCANNER = "tests.core.test_upload_scanner_and_headers.broken_scanner"
    client.force_login(personas.staff_a)
    client.post("/data/enterprises/import/", {"file": SimpleUploadedFile("ok.xlsx", xlsx([["a"]]))})
    assert "未能完成" in " ".join(ImportBatch.objects.get().file_errors)


def test_report_templates_pass_the_scanner(settings):
    settings.UPLOAD_SCANNER = "tests.core.test_upload_scanner_and_headers.refuse_eicar"
    with pytest.raises(rendering.TemplateProblem, match="安全扫描"):
        rendering.render(b"PK\x03\x04 EICAR", {})


def test_pages_and_api_carry_a_permissions_policy(client, personas):
    client.force_login(personas.staff_a)
    for url in ("/", "/api/v1/me/", "/accounts/login/", "/healthz"):
        policy = client.get(url)["Permissions-Policy"]
        assert "camera=()" in policy and "geolocation=()" in policy
    assert client.get("/api/v1/me/")["Cache-Control"] == "no-store"
