"""Control characters: refused at input, escaped in every export (issue #11, defect 4).

A failed login with username ``evil\\x0bname`` or ``\\x07`` in an enterprise's own address used
to make the .xlsx exports answer 500, the auditor's login-log export included."""

from __future__ import annotations

import io

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kechuang.accounts.choices import LoginEventKind
from kechuang.accounts.models import LoginEvent
from kechuang.enterprises.models import Enterprise
from kechuang.utilities.xlsx import write_xlsx

pytestmark = pytest.mark.django_db


def cells(response) -> list[str]:
    assert response.status_code == 200, response.status_code
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None]


def test_the_login_log_export_survives_a_control_character(client, personas):
    LoginEvent(kind=LoginEventKind.FAILURE, username="evil\x0bname").save()
    client.force_login(personas.auditor)
    values = cells(client.get("/accounts/logs/logins/", {"export": "xlsx"}))
    assert "evil\\x0bname" in values


def test_the_registry_export_survives_a_control_character(client, personas, registry):
    Enterprise.objects.filter(pk=registry.a.pk).update(address="一号路\x07")
    client.force_login(personas.staff_a)
    values = cells(client.get("/enterprises/export/"))
    assert "一号路\\x07" in values


def test_a_form_field_with_a_control_character_is_refused(client, personas, registry):
    client.force_login(personas.staff_a)
    response = client.post(f"/enterprises/{registry.a.pk}/edit/", {"address": "a\x07b"})
    assert response.status_code == 400
    assert "控制字符" in response.content.decode() and "address" in response.content.decode()
    registry.a.refresh_from_db()
    assert "\x07" not in registry.a.address


def test_an_api_body_with_a_control_character_is_refused(client, personas, registry):
    client.force_login(personas.staff_a)
    response = client.patch(
        f"/api/v1/enterprises/{registry.a.pk}/",
        {"address": "a\x0bb", "version": 1},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"
    assert "address" in response.json()["error"]["message"]


def test_a_login_with_a_control_character_is_refused_not_logged(client):
    response = client.post("/accounts/login/", {"username": "evil\x0bname", "password": "x"})
    assert response.status_code == 400
    assert not LoginEvent.objects.filter(username__contains="\x0b").exists()


def test_tab_and_newline_keep_their_meaning(client, personas, registry):
    client.force_login(personas.staff_a)
    response = client.get("/enterprises/", {"q": "哈威\t"})
    assert response.status_code == 200


@given(st.text(max_size=40))
def test_any_text_exports(text):
    data = write_xlsx(["h"], [[text]], sheet_title=text or "x")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet.max_row == 2


def test_an_imported_cell_with_a_control_character_is_a_row_error(personas, regions):
    from kechuang.dataio import services

    from ..dataio.test_engine import enterprise_rows
    from ..support.sheets import csv_bytes

    rows = enterprise_rows(2)
    rows[1][1] = "控制\x07字符有限公司"  # .xlsx cannot even hold it; a CSV can
    batch = services.batch_upload(
        actor=personas.staff_a, sheet="enterprises", file_name="c.csv", data=csv_bytes(rows)
    )
    assert batch.status == "invalid"
    assert any("控制字符" in e["reason"] for e in batch.errors), batch.errors


def test_an_absurdly_nested_json_body_is_no_server_error(personas):
    from django.test import Client

    client = Client(raise_request_exception=False)
    client.force_login(personas.staff_a)
    body = "[" * 100_000 + "]" * 100_000
    response = client.post("/api/v1/targets/", body, content_type="application/json")
    assert response.status_code == 400
