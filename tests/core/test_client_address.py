"""The client's address comes from X-Forwarded-For only through trusted proxies; the admin
fence, the login log and the audit log all use it (issue #11, defect 12)."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from kechuang.accounts.choices import LoginEventKind
from kechuang.accounts.models import LoginEvent
from kechuang.core.net import client_ip

pytestmark = pytest.mark.django_db


def request(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("trusted", "remote", "forwarded", "expected"),
    [
        ([], "203.0.113.9", "127.0.0.1", "203.0.113.9"),  # a client cannot claim to be local
        (["127.0.0.1/32"], "127.0.0.1", "203.0.113.9", "203.0.113.9"),
        (["127.0.0.1/32"], "127.0.0.1", "10.0.0.8, 203.0.113.9", "203.0.113.9"),  # rightmost
        (["127.0.0.1/32", "10.0.0.0/8"], "127.0.0.1", "203.0.113.9, 10.1.1.1", "203.0.113.9"),
        (["127.0.0.1/32"], "127.0.0.1", None, "127.0.0.1"),
        (["127.0.0.1/32"], "127.0.0.1", "garbage", "127.0.0.1"),
        (["127.0.0.1/32"], "127.0.0.1", "[2001:db8::1]:443", "2001:db8::1"),
        (["127.0.0.1/32"], "198.51.100.7", "127.0.0.1", "198.51.100.7"),  # not via the proxy
    ],
)
def test_forwarded_addresses_are_believed_only_from_trusted_proxies(
    settings, trusted, remote, forwarded, expected
):
    settings.TRUSTED_PROXIES = trusted
    assert client_ip(request(remote, forwarded)) == expected


def test_the_admin_fence_sees_the_real_client_behind_the_proxy(client, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1/32"]
    settings.ADMIN_ALLOWED_CIDRS = ["127.0.0.0/8", "10.10.0.0/16"]
    outside = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}
    inside = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "10.10.3.4"}
    assert client.get("/admin/login/", **outside).status_code == 404
    assert client.get("/admin/", **outside).status_code == 404
    assert client.get("/admin/login/", **inside).status_code == 200
    # without a trusted proxy, a forged header does not open the fence
    settings.TRUSTED_PROXIES = []
    forged = {"REMOTE_ADDR": "203.0.113.9", "HTTP_X_FORWARDED_FOR": "127.0.0.1"}
    assert client.get("/admin/login/", **forged).status_code == 404


def test_the_login_log_and_audit_log_record_the_real_client(client, settings, personas, password):
    from auditlog.models import LogEntry

    settings.TRUSTED_PROXIES = ["127.0.0.1/32"]
    via_proxy = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.23"}
    client.post("/accounts/login/", {"username": "p-admin", "password": password}, **via_proxy)
    event = LoginEvent.objects.filter(kind=LoginEventKind.SUCCESS).latest("pk")
    assert event.ip_address == "198.51.100.23"
    user = personas.staff_a
    client.post(f"/accounts/users/{user.pk}/active/", {"active": "0"}, **via_proxy)
    entry = LogEntry.objects.get_for_object(user).latest("pk")
    assert entry.remote_addr == "198.51.100.23"
