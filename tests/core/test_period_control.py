"""One period control on every yearly page, and the chosen year kept while moving between
pages (issue #14)."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.utils import timezone

from kechuang.core.periods import SESSION_YEAR, Period, period_choices
from kechuang.enterprises.models import Qualification
from kechuang.rdstats.models import SurveyCampaign
from tests.enterprises.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def test_a_year_chosen_on_the_board_is_kept_by_the_other_yearly_pages(client, personas):
    client.force_login(personas.staff_a)
    this = timezone.localdate().year
    chosen = this - 2
    board = client.get(f"/cultivation/board/?year={chosen}")
    assert client.session[SESSION_YEAR] == chosen
    assert f'<option value="{chosen}" selected>' in board.content.decode()
    for url in ("/cultivation/pipeline/", "/cultivation/tech-sme/", "/targets/"):
        page = client.get(url).content.decode()
        assert f'<option value="{chosen}" selected>' in page, url
    # the dashboard opens on that year; the registry on its figures year (the year before)
    assert client.get("/reports/").context["period"].key == str(chosen)
    assert client.get("/enterprises/").context["year"] == chosen - 1
    # choosing a figures year on the registry does not move the work year
    client.get(f"/enterprises/?year={this - 4}")
    assert client.session[SESSION_YEAR] == chosen
    # a dashboard period names the work year too
    client.get(f"/reports/?period={this - 1}Q2")
    assert client.session[SESSION_YEAR] == this - 1
    assert client.get("/cultivation/board/").context["year"] == this - 1


def test_without_a_choice_pages_keep_their_own_defaults(client, personas):
    client.force_login(personas.staff_a)
    client.get("/reports/")  # an unasked default is not a choice
    assert SESSION_YEAR not in client.session
    from kechuang.enterprises.selectors import default_year

    assert client.get("/enterprises/").context["year"] == default_year()


def test_period_choices_offer_years_halves_and_quarters_and_the_custom_range():
    with time_machine.travel(date(2026, 5, 1)):
        keys = [key for key, _label in period_choices(Period.year_of(2025))]
        assert keys[:2] == ["2027", "2026"]
        assert keys[keys.index("2025") + 1 : keys.index("2025") + 7] == [
            "2025H1",
            "2025H2",
            "2025Q1",
            "2025Q2",
            "2025Q3",
            "2025Q4",
        ]
        assert "2024H1" not in keys
        custom = Period.parse("2025-03-01..2025-04-30")
        first = period_choices(custom)[0]
        assert first == (custom.key, custom.label)


def test_the_dashboard_period_select_and_custom_range(client, personas):
    client.force_login(personas.staff_a)
    page = client.get("/reports/?period=2025H1").content.decode()
    assert '<option value="2025H1" selected>2025年上半年</option>' in page
    assert 'data-testid="period"' in page and "data-reload" in page
    custom = client.get("/reports/?range=2025-03-01..2025-04-30")
    assert custom.context["period"].key == "2025-03-01..2025-04-30"
    bad = client.get("/reports/?range=2025-13-01..2025-04-30", follow=True)
    assert "无效" in bad.content.decode()


def test_certificates_are_seen_as_of_the_chosen_year(client, personas, regions):
    client.force_login(personas.staff_a)
    this = timezone.localdate().year
    old = EnterpriseFactory(region=regions.town_a, name="早年证书企业")
    Qualification.objects.create(
        enterprise=old,
        kind="hte",
        issued_on=date(this - 5, 11, 1),
        valid_until=date(this - 2, 10, 31),
    )
    page = client.get("/cultivation/certificates/").content.decode()
    assert "早年证书企业" not in page  # expired before this year began
    then = client.get(f"/cultivation/certificates/?year={this - 3}")
    assert "早年证书企业" in then.content.decode()
    assert then.context["title"] == f"{this - 3}年高新技术企业证书"
    assert then.context["today"] == date(this - 3, 12, 31)


def test_a_survey_page_switches_to_the_same_page_of_another_years_campaign(
    client, personas, regions
):
    client.force_login(personas.staff_a)
    region = regions.county_a
    now = SurveyCampaign.objects.create(region=region, year=2025, deadline="2026-03-31")
    before = SurveyCampaign.objects.create(region=region, year=2024, deadline="2025-03-31")
    page = client.get(f"/rdstats/campaigns/{now.pk}/").content.decode()
    assert 'action="/rdstats/campaigns/year/"' in page
    for name, path in (("detail", "/"), ("forms", "/forms/"), ("figures", "/figures/")):
        answer = client.get(
            "/rdstats/campaigns/year/", {"year": 2024, "region": region.pk, "page": name}
        )
        assert answer.status_code == 302
        assert answer["Location"] == f"/rdstats/campaigns/{before.pk}{path}"
    missing = client.get(
        "/rdstats/campaigns/year/", {"year": 2019, "region": region.pk}, follow=True
    )
    assert "2019年没有研发统计调查" in missing.content.decode()
