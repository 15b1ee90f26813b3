"""The auditor sees the login and change logs and nothing else; nobody can edit either."""

from __future__ import annotations

import io

import openpyxl
import pytest
from auditlog.models import LogEntry

from kechuang.accounts.choices import LoginEventKind
from kechuang.accounts.models import LoginEvent
from kechuang.core.access import url_policy

from ..conftest import login_post

pytestmark = pytest.mark.django_db


def test_login_log_lists_events_with_ip_and_agent(client, personas, password):
    login_post(client, "p-staff-a", "Wrong#Pass0000", HTTP_USER_AGENT="TestBrowser/1.0")
    client.force_login(personas.auditor)
    body = client.get("/accounts/logs/logins/").content.decode()
    assert "p-staff-a" in body and "登录失败" in body
    assert "10.1.2.3" in body and "TestBrowser/1.0" in body


def test_login_log_filters_by_kind(client, personas, password):
    login_post(client, "p-staff-a", "Wrong#Pass0000")
    login_post(client, "p-leader", password)
    client.logout()
    client.force_login(personas.auditor)
    body = client.get("/accounts/logs/logins/", {"kind": "failure"}).content.decode()
    assert "p-staff-a" in body and "p-leader" not in body


def test_login_log_exports_to_xlsx(client, personas):
    login_post(client, "=cmd|calc", "Wrong#Pass0000")
    client.force_login(personas.auditor)
    response = client.get("/accounts/logs/logins/", {"export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("时间", "用户名", "事件")
    assert ("'=cmd|calc", "登录失败") in [(r[1], r[2]) for r in rows[1:]]


def test_change_log_shows_who_changed_what(client, personas):
    from kechuang.accounts import services

    services.user_update(actor=personas.admin, user=personas.staff_a, full_name="新名字")
    client.force_login(personas.auditor)
    body = client.get("/accounts/logs/changes/", {"model": "user"}).content.decode()
    assert "新名字" in body and "修改" in body


@pytest.mark.parametrize("name", ["staff_a", "admin", "leader", "security", "enterprise_a"])
def test_other_roles_cannot_read_the_logs(client, personas, name):
    client.force_login(getattr(personas, name))
    assert client.get("/accounts/logs/logins/").status_code == 403
    assert client.get("/accounts/logs/changes/").status_code == 403


def test_auditor_cannot_reach_business_or_user_pages(client, personas):
    client.force_login(personas.auditor)
    assert client.get("/accounts/users/").status_code == 403
    assert client.get("/accounts/regions/").status_code == 403


def test_log_urls_accept_reads_only():
    policy = url_policy()
    for name in ("accounts:login_log", "accounts:change_log"):
        assert not policy[name].write


def test_log_rows_cannot_be_changed_through_the_model(personas):
    event = LoginEvent(kind=LoginEventKind.FAILURE, username="x")
    event.save()
    event.username = "y"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()


def test_admin_site_offers_no_change_or_delete_on_logs(rf, personas):
    from django.contrib import admin

    request = rf.get("/admin/")
    request.user = personas.admin
    personas.admin.is_superuser = True
    for model in (LoginEvent, LogEntry):
        model_admin = admin.site._registry[model]
        assert not model_admin.has_change_permission(request)
        assert not model_admin.has_delete_permission(request)
        assert not model_admin.has_add_permission(request)
