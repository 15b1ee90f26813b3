"""Deadline reminders (daily job) and the workbench card."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command

from kechuang.core.models import Notification
from kechuang.rdstats import reminders

pytestmark = pytest.mark.django_db


def test_due_soon_then_overdue_each_once(county, personas):
    deadline = county.campaign.deadline
    assert reminders.run(deadline - timedelta(days=8)) == {
        "rd_due": 0,
        "rd_overdue": 0,
        "rd_unreachable": 0,
    }
    soon = reminders.run(deadline - timedelta(days=3))
    assert soon["rd_due"] == 1  # only A of the laggards has an account (or any contact)
    assert soon["rd_unreachable"] == 1  # the other: no account, no e-mail, no mobile
    assert reminders.run(deadline - timedelta(days=2))["rd_due"] == 0  # once per deadline
    note = Notification.objects.get(user=personas.enterprise_a, key__startswith="rd-due")
    assert "将于" in note.title and note.url == f"/rdstats/forms/{county.forms['A'].pk}/"

    late = reminders.run(deadline + timedelta(days=1))
    assert late["rd_overdue"] == 2  # A, and county A's staff (laggard count)
    staff_note = Notification.objects.get(user=personas.staff_a, key__startswith="rd-laggards")
    assert "仍有2家企业未提交" in staff_note.title
    assert not Notification.objects.filter(user=personas.staff_b, key__startswith="rd-").exists()
    assert reminders.run(deadline + timedelta(days=2))["rd_overdue"] == 0  # same week


def test_send_reminders_runs_every_work_line(county):
    out = io.StringIO()
    day = county.campaign.deadline - timedelta(days=1)
    call_command("send_reminders", "--date", day.isoformat(), stdout=out)
    text = out.getvalue()
    assert "研发统计截止前提醒 1 条" in text
    assert "高企证书到期提醒" in text  # cultivation's reminders run too


def test_workbench_cards(client, county, personas):
    client.force_login(personas.enterprise_a)
    html = client.get("/").content.decode()
    assert f"/rdstats/forms/{county.forms['A'].pk}/" in html
    assert "填报2025年度企业研发投入统计表（未填报）" in html  # the home to-do list
    client.force_login(personas.staff_a)
    html = client.get("/").content.decode()
    assert "已通过 4，待审核 1，未提交 2" in html
