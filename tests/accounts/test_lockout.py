"""SEC-04: 5 failures lock the username for 30 minutes; same answer for unknown users."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from kechuang.accounts.choices import LoginEventKind
from kechuang.accounts.models import LoginEvent

from ..conftest import login_post

pytestmark = pytest.mark.django_db


def fail(client, username, times, **extra):
    for _ in range(times):
        login_post(client, username, "Wrong#Pass0000", **extra)


def test_correct_password_logs_in_and_is_recorded(client, personas, password):
    response = login_post(client, "p-staff-a", password)
    assert response.status_code == 302 and response["Location"] == "/"
    event = LoginEvent.objects.get(kind=LoginEventKind.SUCCESS)
    assert event.username == "p-staff-a" and event.ip_address == "10.1.2.3"


def test_fifth_failure_locks_even_the_correct_password(client, personas, password):
    fail(client, "p-staff-a", 5)
    response = login_post(client, "p-staff-a", password)
    assert response.status_code == 403
    assert "已被锁定30分钟" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_four_failures_do_not_lock(client, personas, password):
    fail(client, "p-staff-a", 4)
    assert login_post(client, "p-staff-a", password).status_code == 302


def test_lock_expires_after_30_minutes(client, personas, password):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        fail(client, "p-staff-a", 5)
    with time_machine.travel(start + timedelta(minutes=29), tick=False):
        assert login_post(client, "p-staff-a", password).status_code == 403
    with time_machine.travel(start + timedelta(minutes=31), tick=False):
        assert login_post(client, "p-staff-a", password).status_code == 302


def test_success_resets_the_counter(client, personas, password):
    fail(client, "p-staff-a", 4)
    assert login_post(client, "p-staff-a", password).status_code == 302
    client.logout()
    fail(client, "p-staff-a", 4)
    assert login_post(client, "p-staff-a", password).status_code == 302


def test_lock_is_per_username_not_per_ip(client, personas, password):
    """A bureau shares one address: X's failures must not lock Y at the same IP."""
    fail(client, "p-staff-a", 5, REMOTE_ADDR="10.9.9.9")
    assert login_post(client, "p-staff-b", password, REMOTE_ADDR="10.9.9.9").status_code == 302


def test_username_case_does_not_bypass_the_lock(client, personas, password):
    fail(client, "P-STAFF-A", 3)
    fail(client, "p-staff-a", 2)
    assert login_post(client, "p-staff-a", password).status_code == 403


def test_unknown_user_and_wrong_password_get_the_same_answer(client, personas):
    unknown = login_post(client, "nobody-here", "Wrong#Pass0000")
    wrong = login_post(client, "p-leader", "Wrong#Pass0000")
    assert unknown.status_code == wrong.status_code == 200
    assert "用户名或密码错误" in unknown.content.decode()
    assert "用户名或密码错误" in wrong.content.decode()
    assert "Wrong#Pass0000" not in wrong.content.decode()  # never echoes the password


def test_failures_and_lockout_are_logged(client, personas):
    fail(client, "p-staff-a", 5)
    kinds = list(
        LoginEvent.objects.filter(username__iexact="p-staff-a").values_list("kind", flat=True)
    )
    assert kinds.count(LoginEventKind.FAILURE) == 5
    assert kinds.count(LoginEventKind.LOCKOUT) >= 1


def test_api_token_endpoint_shares_the_lockout(client, personas, password):
    for _ in range(5):
        client.post(
            "/api/v1/auth/token/",
            {"username": "p-staff-a", "password": "Bad#Pass0000"},
            content_type="application/json",
        )
    response = client.post(
        "/api/v1/auth/token/",
        {"username": "p-staff-a", "password": password},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "locked"
