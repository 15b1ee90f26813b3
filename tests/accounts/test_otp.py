"""SEC-06: TOTP enrolment, verification, reuse, lockout, enforcement per role."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import override_settings
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from kechuang.accounts.choices import LoginEventKind
from kechuang.accounts.models import LoginEvent

from ..conftest import login_post

pytestmark = pytest.mark.django_db


def current_token(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def enrol(client) -> TOTPDevice:
    page = client.get("/accounts/otp/setup/")
    assert page.status_code == 200 and "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(confirmed=False)
    response = client.post("/accounts/otp/setup/", {"token": current_token(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    return device


@override_settings(OTP_REQUIRED_ROLES={"bureau_admin"})
def test_required_role_without_device_is_sent_to_enrolment(client, personas, password):
    login_post(client, "p-admin", password)
    response = client.get("/accounts/users/")
    assert response.status_code == 302 and response["Location"] == "/accounts/otp/setup/"
    enrol(client)
    assert client.get("/accounts/users/").status_code == 200


@override_settings(OTP_REQUIRED_ROLES=set())
def test_enrolled_user_must_verify_after_password_login(client, personas, password):
    login_post(client, "p-staff-a", password)
    device = enrol(client)
    client.post("/accounts/logout/")
    login_post(client, "p-staff-a", password)
    response = client.get("/accounts/regions/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/otp/verify/")
    wrong = client.post("/accounts/otp/verify/", {"token": "000000"})
    assert "动态口令不正确" in wrong.content.decode()
    # The next 30-second step (the enrolment token is spent; a failure throttles briefly).
    with time_machine.travel(timezone.now() + timedelta(seconds=60)):
        device.refresh_from_db()
        ok = client.post(
            "/accounts/otp/verify/?next=/accounts/regions/", {"token": current_token(device)}
        )
        assert ok.status_code == 302 and ok["Location"] == "/accounts/regions/"
        assert client.get("/accounts/regions/").status_code == 200


def test_a_used_token_cannot_be_used_again(client, personas, password):
    login_post(client, "p-staff-a", password)
    device = enrol(client)
    used = current_token(device)  # accepted during enrolment
    client.post("/accounts/logout/")
    login_post(client, "p-staff-a", password)
    replay = client.post("/accounts/otp/verify/", {"token": used})
    assert replay.status_code == 200
    assert "动态口令不正确" in replay.content.decode()


def test_wrong_tokens_count_toward_the_lockout(client, personas, password):
    login_post(client, "p-staff-a", password)
    enrol(client)
    client.post("/accounts/logout/")
    login_post(client, "p-staff-a", password)
    for _ in range(5):
        client.post("/accounts/otp/verify/", {"token": "000000"})
    assert LoginEvent.objects.filter(kind=LoginEventKind.OTP_FAILURE).count() == 5
    # Locked now: the right password is refused too.
    client.logout()
    assert login_post(client, "p-staff-a", password).status_code == 403


def test_api_token_requires_otp_for_enrolled_users(client, personas, password):
    login_post(client, "p-staff-a", password)
    device = enrol(client)
    client.post("/accounts/logout/")
    data = {"username": "p-staff-a", "password": password}
    missing = client.post("/api/v1/auth/token/", data, content_type="application/json")
    assert missing.status_code == 401 and missing.json()["error"]["code"] == "otp_required"
    with time_machine.travel(timezone.now() + timedelta(seconds=60)):
        device.refresh_from_db()
        ok = client.post(
            "/api/v1/auth/token/",
            {**data, "otp_token": current_token(device)},
            content_type="application/json",
        )
    assert ok.status_code == 200 and ok.json()["token"]
