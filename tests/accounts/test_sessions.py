"""SEC-05 / SEC-07 / SEC-13: idle and absolute expiry, logout, fixation, other sessions."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from kechuang.accounts import services
from kechuang.accounts.choices import LoginEventKind
from kechuang.accounts.models import LoginEvent

from ..conftest import login_post

pytestmark = pytest.mark.django_db


def test_idle_31_minutes_ends_the_session(client, personas, password):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        login_post(client, "p-staff-a", password)
        assert client.get("/").status_code == 200
    with time_machine.travel(start + timedelta(minutes=29), tick=False):
        assert client.get("/").status_code == 200  # activity renews the idle timer
    with time_machine.travel(start + timedelta(minutes=29 + 31), tick=False):
        response = client.get("/")
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    assert LoginEvent.objects.filter(kind=LoginEventKind.EXPIRED, username="p-staff-a").exists()


def test_admin_roles_idle_out_after_15_minutes(client, personas, password):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        login_post(client, "p-admin", password)
    with time_machine.travel(start + timedelta(minutes=16), tick=False):
        assert client.get("/").status_code == 302


def test_active_session_ends_after_12_hours(client, personas, password):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        login_post(client, "p-staff-a", password)
    now = start
    for _ in range(24):  # a request every 25 minutes for 10 hours
        now += timedelta(minutes=25)
        with time_machine.travel(now, tick=False):
            assert client.get("/").status_code == 200
    with time_machine.travel(start + timedelta(hours=12, minutes=5), tick=False):
        assert client.get("/").status_code == 302


def test_logout_deletes_the_server_session_and_old_cookie_is_useless(client, personas, password):
    login_post(client, "p-staff-a", password)
    old_key = client.cookies["sessionid"].value
    assert client.post("/accounts/logout/").status_code == 302
    assert not Session.objects.filter(session_key=old_key).exists()
    replay = Client()
    replay.cookies["sessionid"] = old_key
    assert replay.get("/").status_code == 302
    assert LoginEvent.objects.filter(kind=LoginEventKind.LOGOUT).count() == 1


def test_logout_by_get_is_refused(client, personas):
    client.force_login(personas.staff_a)
    assert client.get("/accounts/logout/").status_code == 405


def test_session_key_changes_at_login(client, personas, password):
    client.get("/accounts/login/")
    client.session.save()
    before = client.session.session_key
    login_post(client, "p-staff-a", password)
    assert client.session.session_key != before


def test_session_cookie_flags(client, personas, password):
    response = login_post(client, "p-staff-a", password)
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_password_change_ends_other_sessions(personas, password):
    first, second = Client(), Client()
    login_post(first, "p-staff-a", password)
    login_post(second, "p-staff-a", password)
    response = first.post(
        "/accounts/password/",
        {
            "old_password": password,
            "new_password1": "Other#Pass2026z",
            "new_password2": "Other#Pass2026z",
        },
    )
    assert response.status_code == 302
    assert first.get("/").status_code == 200  # the session that changed it stays
    assert second.get("/").status_code == 302  # every other one is gone


def test_disabled_user_is_rejected_on_next_request(client, personas):
    client.force_login(personas.staff_a)
    assert client.get("/").status_code == 200
    services.user_set_active(actor=personas.admin, user=personas.staff_a, active=False)
    assert client.get("/").status_code == 302


def test_inactive_accounts_are_disabled_after_90_days(personas):
    now = timezone.now()
    personas.staff_a.last_login = now - timedelta(days=91)
    personas.staff_a.save()
    personas.staff_b.last_login = now - timedelta(days=89)
    personas.staff_b.save()
    disabled = services.disable_inactive_users(days=90)
    assert personas.staff_a in disabled
    personas.staff_a.refresh_from_db()
    personas.staff_b.refresh_from_db()
    assert not personas.staff_a.is_active and personas.staff_b.is_active


def test_a_page_view_within_a_minute_writes_nothing(client, personas, password):
    """Issue #15, reads do not write: the session is saved only when it changes, and the idle
    clock moves at most once a minute — so the second of two quick page views runs no INSERT,
    UPDATE or DELETE at all (on SQLite every write locks the whole database)."""
    import re
    from datetime import timedelta

    import time_machine
    from django.db import connection
    from django.utils import timezone

    write = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.I)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.post("/accounts/login/", {"username": "p-staff-a", "password": password})
        client.get("/enterprises/")
    writes: list[str] = []

    def spy(execute, sql, params, many, context):
        if write.match(sql):
            writes.append(sql[:60])
        return execute(sql, params, many, context)

    later = time_machine.travel(start + timedelta(seconds=30), tick=False)
    with later, connection.execute_wrapper(spy):
        assert client.get("/enterprises/").status_code == 200
        assert client.get("/cultivation/board/").status_code == 200
    assert writes == []
    # a minute later the idle clock moves (one session write), and the session still lives
    minute = time_machine.travel(start + timedelta(seconds=95), tick=False)
    with minute, connection.execute_wrapper(spy):
        assert client.get("/enterprises/").status_code == 200
    assert writes and all("session" in w.lower() for w in writes)
    # idle for the limit counted from the last recorded view: still the 30 minutes, to the minute
    with time_machine.travel(start + timedelta(seconds=95 + 29 * 60), tick=False):
        assert client.get("/enterprises/").status_code == 200
