"""The enterprise list and API run a fixed number of queries whatever the page size."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .factories import AnnualFiguresFactory, EnterpriseFactory, IpFactory

pytestmark = pytest.mark.django_db


def queries(client, url, params) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url,size_param", [("/enterprises/", "per_page"), ("/api/v1/enterprises/", "page_size")]
)
def test_query_count_is_fixed(client, personas, regions, url, size_param):
    for i in range(60):
        enterprise = EnterpriseFactory(region=regions.town_a, is_above_scale=bool(i % 2))
        AnnualFiguresFactory(enterprise=enterprise, year=2024)
        IpFactory(enterprise=enterprise)
    client.force_login(personas.staff_a)
    small = queries(client, url, {size_param: 20, "year": 2024})
    large = queries(client, url, {size_param: 50, "year": 2024})
    filtered = queries(
        client,
        url,
        {size_param: 50, "year": 2024, "is_above_scale": "1", "rd_ratio_min": "1", "q": "测试"},
    )
    assert small == large == filtered
    assert small <= 15  # includes the unread-reminders badge in the top bar
