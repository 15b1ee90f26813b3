"""The enterprise portal's home names the enterprise and lists what it must do (issue #14):
an overdue survey form with its deadline, a certificate's annual report due, a notice to
confirm — overdue first."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from kechuang.enterprises.models import Qualification
from kechuang.rdstats import services as rd
from kechuang.rdstats.models import SurveyCampaign

pytestmark = pytest.mark.django_db


def test_the_enterprise_home_lists_its_work(client, personas, registry, regions):
    campaign = SurveyCampaign.objects.create(
        region=regions.county_a, year=2025, deadline=date(2026, 3, 31)
    )
    rd.campaign_add_enterprises(actor=personas.staff_a, campaign=campaign, enterprises=[registry.a])
    Qualification.objects.create(
        enterprise=registry.a,
        kind="hte",
        number="GR2025990001",
        issued_on=date(2025, 11, 20),
        valid_until=date(2028, 11, 19),
    )
    client.force_login(personas.enterprise_a)
    with time_machine.travel(date(2026, 4, 20), tick=False):
        client.force_login(personas.enterprise_a)
        page = client.get("/").content.decode()
        todos = client.get("/").context["todos"]
    assert 'data-testid="home-enterprise"' in page and registry.a.name in page
    texts = [t.text for t in todos]
    assert texts[0] == "填报2025年度企业研发投入统计表（未填报）"  # overdue comes first
    assert todos[0].overdue and todos[0].due == date(2026, 3, 31)
    assert "填报2025年度高新技术企业年报（证书GR2025990001）" in texts
    report = next(t for t in todos if "年报" in t.text)
    assert report.due == date(2026, 5, 31) and not report.overdue
    assert "已逾期" in page and "截止 2026-03-31" in page
    # after 31 May the report is missed, and says so
    with time_machine.travel(date(2026, 6, 2), tick=False):
        client.force_login(personas.enterprise_a)  # a new day's session
        later = client.get("/").context["todos"]
    missed = next(t for t in later if "年报" in t.text)
    assert missed.text.startswith("补报2025年度") and missed.overdue
    # another enterprise's home shows none of it
    client.force_login(personas.enterprise_b)
    other = client.get("/").content.decode()
    assert registry.a.name not in other and "GR2025990001" not in other


def test_staff_home_has_no_enterprise_line(client, personas, registry):
    client.force_login(personas.staff_a)
    page = client.get("/").content.decode()
    assert 'data-testid="home-enterprise"' not in page
