"""SEC-07 / SEC-17: no password or session key reaches the logs; log lines cannot be forged."""

from __future__ import annotations

import logging

import pytest

from kechuang.core.logging import RequestIdFilter

from ..conftest import login_post

pytestmark = pytest.mark.django_db


def test_login_flows_log_no_password_or_session_key(client, personas, password, caplog):
    caplog.set_level(logging.DEBUG)
    login_post(client, "p-staff-a", "Wrong#Pass0000")
    for _ in range(5):
        login_post(client, "p-leader", "Wrong#Pass1111")
    login_post(client, "p-staff-a", password)
    session_key = client.session.session_key
    client.post(
        "/accounts/password/",
        {
            "old_password": password,
            "new_password1": "Fresh#Pass2026",
            "new_password2": "Fresh#Pass2026",
        },
    )
    client.post(
        "/api/v1/auth/token/",
        {"username": "p-staff-b", "password": "Api#Wrong999"},
        content_type="application/json",
    )
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert caplog.records, "the flows above should have logged something"
    for secret in (
        password,
        "Wrong#Pass0000",
        "Wrong#Pass1111",
        "Fresh#Pass2026",
        "Api#Wrong999",
        session_key,
    ):
        assert secret not in text


def test_crlf_in_logged_values_is_escaped():
    record = logging.LogRecord(
        "x", logging.INFO, __file__, 1, "user %s failed", ("evil\r\nFAKE ENTRY",), None
    )
    RequestIdFilter().filter(record)
    message = record.getMessage()
    assert "\n" not in message and "\r" not in message
    assert "evil\\r\\nFAKE ENTRY" in message
