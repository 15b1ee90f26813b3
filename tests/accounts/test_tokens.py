"""API tokens: every change names its user; tokens are logged, idle out, and die with the
password, logout and deactivation; users see and end their own sessions and tokens (issue #11,
defects 3 and 7)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from auditlog.models import LogEntry
from django.utils import timezone

from kechuang.accounts import services
from kechuang.accounts.choices import LoginEventKind
from kechuang.accounts.models import ApiToken, LoginEvent, UserSession

from ..conftest import login_post

pytestmark = pytest.mark.django_db


def token_for(client, username, password, ip="10.9.8.7") -> str:
    response = client.post(
        "/api/v1/auth/token/",
        {"username": username, "password": password},
        content_type="application/json",
        REMOTE_ADDR=ip,
    )
    assert response.status_code == 200, response.content
    return response.json()["token"]


def auth(key: str, ip: str = "10.9.8.7") -> dict:
    return {"HTTP_AUTHORIZATION": f"Token {key}", "REMOTE_ADDR": ip}


def test_changes_made_with_a_token_name_their_user(client, personas, registry, password):
    key = token_for(client, "p-staff-a", password)
    before = LogEntry.objects.count()
    created = client.post(
        "/api/v1/enterprises/",
        {
            "uscc": "91330100MA2KXXXX1X",
            "name": "令牌新建有限公司",
            "region": personas.staff_a.region.children.first().pk,
        },
        content_type="application/json",
        **auth(key),
    )
    assert created.status_code in (201, 400), created.content
    url = f"/api/v1/enterprises/{registry.a.pk}/"
    patched = client.patch(
        url,
        {"address": "令牌修改的地址", "version": registry.a.version},
        content_type="application/json",
        **auth(key),
    )
    assert patched.status_code == 200, patched.content
    new_rows = LogEntry.objects.order_by("-pk")[: LogEntry.objects.count() - before]
    assert new_rows, "the change left no audit row"
    for row in new_rows:
        assert row.actor_id == personas.staff_a.pk, (row.object_repr, row.changes)
    address = LogEntry.objects.get_for_object(registry.a).order_by("-pk").first()
    assert "令牌修改的地址" in str(address.changes) and address.actor == personas.staff_a


def test_issue_new_address_and_revocation_are_in_the_login_log(client, personas, password):
    key = token_for(client, "p-staff-a", password, ip="10.0.0.1")
    issued = LoginEvent.objects.get(kind=LoginEventKind.TOKEN_ISSUED)
    assert issued.user == personas.staff_a and issued.ip_address == "10.0.0.1"
    assert client.get("/api/v1/me/", **auth(key, "10.0.0.1")).status_code == 200
    assert not LoginEvent.objects.filter(kind=LoginEventKind.TOKEN_NEW_ADDRESS).exists()
    assert client.get("/api/v1/me/", **auth(key, "10.0.0.99")).status_code == 200
    moved = LoginEvent.objects.get(kind=LoginEventKind.TOKEN_NEW_ADDRESS)
    assert moved.ip_address == "10.0.0.99" and "10.0.0.1" in moved.detail
    assert client.post("/api/v1/auth/revoke/", **auth(key, "10.0.0.99")).status_code == 204
    assert LoginEvent.objects.filter(kind=LoginEventKind.TOKEN_REVOKED).count() == 1
    assert client.get("/api/v1/me/", **auth(key, "10.0.0.99")).status_code == 401


@pytest.mark.parametrize("event", ["password", "reset", "logout", "deactivate"])
def test_tokens_die_with_the_password_logout_and_deactivation(client, personas, password, event):
    from django.test import Client

    key = token_for(client, "p-staff-a", password)
    assert client.get("/api/v1/me/", **auth(key)).status_code == 200
    user = personas.staff_a
    if event == "password":
        services.user_change_password(user=user, new_password="Another#Pass2026")
    elif event == "reset":
        services.user_reset_password(actor=personas.admin, user=user, password="Reset#Pass2026")
    elif event == "logout":
        browser = Client()
        login_post(browser, "p-staff-a", password)
        browser.post("/accounts/logout/")
    else:
        services.user_set_active(actor=personas.admin, user=user, active=False)
    response = client.get("/api/v1/me/", **auth(key))
    assert response.status_code == 401
    assert ApiToken.objects.get().revoked_at is not None
    assert LoginEvent.objects.filter(kind=LoginEventKind.TOKEN_REVOKED, user=user).exists()


def test_idle_limit_per_role(client, personas, password):
    staff_key = token_for(client, "p-staff-a", password)
    admin_key = token_for(client, "p-admin", password)
    with time_machine.travel(timezone.now() + timedelta(minutes=20)):
        assert client.get("/api/v1/me/", **auth(staff_key)).status_code == 200
        response = client.get("/api/v1/me/", **auth(admin_key))
        assert response.status_code == 401
        assert "闲置超过 15 分钟" in response.json()["error"]["message"]
    with time_machine.travel(timezone.now() + timedelta(minutes=20 + 31)):
        assert client.get("/api/v1/me/", **auth(staff_key)).status_code == 401
    assert LoginEvent.objects.filter(kind=LoginEventKind.TOKEN_IDLE).count() == 2


def test_absolute_limit_is_shorter_for_admin_roles(client, personas, password):
    token_for(client, "p-admin", password)
    token_for(client, "p-staff-a", password)
    admin = ApiToken.objects.get(user=personas.admin)
    staff = ApiToken.objects.get(user=personas.staff_a)
    assert admin.expires_at - admin.created_at == timedelta(hours=2)
    assert staff.expires_at - staff.created_at == timedelta(hours=12)


def test_users_see_and_end_their_sessions_and_tokens(client, personas, password):
    from django.test import Client

    other = Client()
    login_post(other, "p-staff-a", password, REMOTE_ADDR="10.7.7.7")
    login_post(client, "p-staff-a", password, REMOTE_ADDR="10.1.2.3")
    key = token_for(Client(), "p-staff-a", password)
    page = client.get("/accounts/sessions/").content.decode()
    assert "10.7.7.7" in page and "10.1.2.3" in page and "当前会话" in page
    assert ApiToken.objects.get().short_id in page
    assert UserSession.objects.filter(user=personas.staff_a).count() == 2
    client.post("/accounts/sessions/end/", {"all": "1"})
    assert other.get("/").status_code == 302  # the other browser is signed out
    assert client.get("/").status_code == 200  # this one is not
    assert LoginEvent.objects.filter(kind=LoginEventKind.SESSION_REVOKED).exists()
    token = ApiToken.objects.get()
    client.post("/accounts/tokens/revoke/", {"token": str(token.pk)})
    assert client.get("/api/v1/me/", **auth(key)).status_code == 401


def test_nobody_revokes_another_users_token(client, personas, password):
    from django.test import Client

    token_for(Client(), "p-staff-b", password)
    theirs = ApiToken.objects.get()
    client.force_login(personas.staff_a)
    client.post("/accounts/tokens/revoke/", {"token": str(theirs.pk)})
    client.post("/accounts/tokens/revoke/", {"token": "99999999999999999999999"})
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_a_token_counts_as_a_login_for_the_inactivity_rule(client, personas, password):
    token_for(client, "p-staff-a", password)
    personas.staff_a.refresh_from_db()
    assert personas.staff_a.last_login is not None
    with time_machine.travel(timezone.now() + timedelta(days=30)):
        assert personas.staff_a not in services.disable_inactive_users(days=90)


@pytest.mark.parametrize(
    ("agent", "label"),
    [
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0",
            "Edge 120 · Windows",
        ),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
            "Safari 17 · iPhone",
        ),
        ("", "-"),
    ],
)
def test_sessions_show_a_readable_browser(agent, label):
    from kechuang.accounts.models import browser_label

    assert browser_label(agent) == label
