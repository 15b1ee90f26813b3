"""SEC-12 / SEC-13: the posture command, the fenced admin, the inactivity job."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_posture_passes_without_superusers(personas, capsys):
    call_command("security_posture")
    assert "通过" in capsys.readouterr().out


def test_posture_fails_on_an_everyday_superuser(personas):
    personas.admin.is_superuser = True
    personas.admin.save()
    with pytest.raises(CommandError, match="p-admin"):
        call_command("security_posture")
    personas.admin.is_break_glass = True
    personas.admin.save()
    call_command("security_posture")


def test_admin_site_is_hidden_outside_management_networks(client, personas):
    personas.admin.is_staff = personas.admin.is_superuser = True
    personas.admin.is_break_glass = True
    personas.admin.save()
    client.force_login(personas.admin)
    assert client.get("/admin/", REMOTE_ADDR="203.0.113.9").status_code == 404


def test_admin_site_needs_a_verified_second_factor(client, personas):
    personas.admin.is_staff = personas.admin.is_superuser = True
    personas.admin.save()
    client.force_login(personas.admin)
    response = client.get("/admin/", REMOTE_ADDR="127.0.0.1")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_inactivity_job_disables_stale_accounts(personas, capsys):
    personas.leader.last_login = timezone.now() - timedelta(days=120)
    personas.leader.save()
    call_command("disable_inactive_users")
    personas.leader.refresh_from_db()
    assert not personas.leader.is_active
    assert "p-leader" in capsys.readouterr().out
