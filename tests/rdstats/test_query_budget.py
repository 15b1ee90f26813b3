"""The survey's lists and the figures page run a fixed number of queries whatever their size."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kechuang.rdstats import services

from ..enterprises.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params or {}).status_code == 200
    return len(ctx.captured_queries)


def campaign_of(size, personas, regions):
    firms = [EnterpriseFactory(region=regions.town_a) for _ in range(size)]
    return services.campaign_open(
        actor=personas.staff_a,
        region=regions.county_a,
        year=2025 + size,  # one campaign per size
        deadline=date(2026, 3, 31),
        include_default=False,
        extra=firms,
    )


def test_fixed_query_counts(client, personas, regions):
    small, large = campaign_of(5, personas, regions), campaign_of(40, personas, regions)
    for campaign in (small, large):
        for form in list(campaign.forms.all())[::2]:
            services.form_save(
                actor=personas.staff_a,
                form=form,
                values={"exp_total": 1000, "exp_personnel": 1000, "operating_revenue": 50000},
            )
    client.force_login(personas.staff_a)
    for path in ("/", "/forms/", "/figures/"):
        counts = [queries(client, f"/rdstats/campaigns/{c.pk}{path}") for c in (small, large)]
        assert counts[0] == counts[1], (path, counts)
        assert counts[0] <= 20, (path, counts)
    api = [queries(client, "/api/v1/rd-forms/", {"campaign": c.pk}) for c in (small, large)]
    assert api[0] == api[1] and api[0] <= 15
    assert queries(client, "/rdstats/") <= 15
