"""Reminders: certificates expiring within six months, annual reports not marked by 1 May."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from kechuang.core.models import Notification
from kechuang.cultivation import reminders
from kechuang.cultivation.hte.models import AnnualReport
from kechuang.enterprises.models import Qualification

pytestmark = pytest.mark.django_db


@pytest.fixture
def cert(registry):
    return Qualification.objects.create(
        enterprise=registry.a,
        kind="hte",
        number="GR2024A",
        issued_on=date(2024, 11, 20),
        valid_until=date(2027, 11, 19),
    )


def test_expiry_reminder_within_six_months_once_and_by_email(personas, cert):
    personas.staff_a.email = "staff-a@example.test"
    personas.staff_a.save()
    assert reminders.run(date(2027, 5, 18))["expiring"] == 0  # 185 days before
    assert reminders.run(date(2027, 5, 20))["expiring"] == 1  # 183 days before
    assert reminders.run(date(2027, 6, 1))["expiring"] == 0  # sent once
    note = Notification.objects.get(user=personas.staff_a, key__startswith="hte-expiring")
    assert "2027-11-19到期" in note.title and note.emailed
    expiry_mails = [m for m in mail.outbox if "到期" in m.subject]
    assert len(expiry_mails) == 1 and "哈威机械有限公司" in expiry_mails[0].subject
    assert not Notification.objects.filter(user=personas.staff_b).exists()  # other county


def test_annual_report_reminder_from_1_may_unless_marked(personas, cert):
    assert reminders.run(date(2026, 4, 30))["annual_report"] == 0
    assert reminders.run(date(2026, 5, 1))["annual_report"] == 1
    AnnualReport.objects.create(certificate=cert, year=2027, filed_on=date(2027, 4, 20))
    assert reminders.run(date(2027, 5, 2))["annual_report"] == 0


def test_notification_centre_and_acknowledge(client, personas, cert):
    reminders.run(date(2026, 5, 1))
    client.force_login(personas.staff_a)
    with time_machine.travel(date(2026, 5, 2)):
        client.force_login(personas.staff_a)
        home = client.get("/").content.decode()
        assert 'data-testid="notifications">提醒 <span class="badge text-bg-danger">1' in home
        note = Notification.objects.get(user=personas.staff_a)
        client.post("/notifications/", {"id": note.pk})
        note.refresh_from_db()
        assert note.acknowledged_at is not None
        client.force_login(personas.staff_b)
        client.post("/notifications/", {"id": note.pk})  # someone else's: nothing happens
        assert "尚未标记" not in client.get("/notifications/").content.decode()


def test_command_runs_for_a_given_day(personas, cert, capsys):
    call_command("send_reminders", "--date", "2027-06-01")
    assert "到期提醒 1 条" in capsys.readouterr().out
