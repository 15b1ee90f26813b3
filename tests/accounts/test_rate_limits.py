"""Sign-in rate limits per address and per username, on top of the username lock; admin lockouts
reach the security admins (issue #11, defect 8)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from kechuang.accounts.choices import LoginEventKind
from kechuang.accounts.models import LoginEvent
from kechuang.core.models import Notification

pytestmark = pytest.mark.django_db


def attempt(client, username, ip, password="Wrong#Pass0000"):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_a_burst_from_one_address_is_slowed_before_any_password_is_checked(client, personas):
    with time_machine.travel(timezone.now(), tick=False):
        codes = [attempt(client, f"nobody{i}", "10.5.5.5").status_code for i in range(12)]
        assert codes[:10] == [200] * 10
        assert codes[10:] == [429, 429]
        refused = attempt(client, "p-staff-a", "10.5.5.5")
        assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
        assert "过于频繁" in refused.content.decode()
        # another address is not affected
        assert attempt(client, "nobody", "10.5.5.6").status_code == 200
    # only the attempts that reached the form were failures; the throttling is logged once
    assert LoginEvent.objects.filter(kind=LoginEventKind.FAILURE).count() == 11
    assert LoginEvent.objects.filter(kind=LoginEventKind.THROTTLED).count() == 1


def test_one_username_from_many_addresses_is_limited(client, personas, settings):
    settings.AUTH_RATE_USERNAME = "8/15m"
    # One frozen instant: django-ratelimit counts in fixed windows aligned to the clock, so
    # attempts spread over seconds could straddle a window boundary and reset the count.
    codes = []
    with time_machine.travel(timezone.now(), tick=False):
        for i in range(9):
            codes.append(attempt(client, "P-Leader", f"10.6.0.{i}").status_code)
    # the username lock (5 failures) answers 403 first; the rate limit then answers 429
    assert codes[5] == 403 and codes[8] == 429


def test_the_token_endpoint_answers_429_in_the_error_shape(client, personas, settings):
    settings.AUTH_RATE_IP_BURST = "3/10s"
    with time_machine.travel(timezone.now(), tick=False):
        for _ in range(3):
            client.post(
                "/api/v1/auth/token/",
                {"username": "x", "password": "y"},
                content_type="application/json",
            )
        response = client.post(
            "/api/v1/auth/token/",
            {"username": "x", "password": "y"},
            content_type="application/json",
        )
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "throttled"
    assert "Retry-After" in response


def test_limits_reset_with_the_window(client, personas, password):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for i in range(10):
            attempt(client, f"n{i}", "10.7.0.1")
        assert attempt(client, "n", "10.7.0.1").status_code == 429
    with time_machine.travel(start + timedelta(seconds=15), tick=False):
        ok = attempt(client, "p-staff-a", "10.7.0.1", password)
        assert ok.status_code == 302


def test_an_admin_lockout_is_told_to_the_security_admins(client, personas):
    start = timezone.now()
    for i in range(6):
        with time_machine.travel(start + timedelta(seconds=i * 3), tick=False):
            attempt(client, "p-admin", "10.8.0.1")
    note = Notification.objects.get(user=personas.security)
    assert "p-admin" in note.title and "10.8.0.1" in note.body
    assert not Notification.objects.filter(user=personas.admin).exists()


def test_a_staff_lockout_is_not_broadcast(client, personas):
    start = timezone.now()
    for i in range(6):
        with time_machine.travel(start + timedelta(seconds=i * 3), tick=False):
            attempt(client, "p-staff-a", "10.8.0.2")
    assert LoginEvent.objects.filter(kind=LoginEventKind.LOCKOUT).exists()
    assert not Notification.objects.exists()
