"""List pages and API lists run a fixed number of queries, whatever the page holds."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kechuang.accounts.choices import RegionLevel, Role
from kechuang.accounts.models import Region

from ..factories import RegionFactory, UserFactory

pytestmark = pytest.mark.django_db


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def add_users(regions, n, start):
    for i in range(n):
        UserFactory(username=f"bulk{start + i}", roles=[Role.STAFF], region=regions.town_a)


def add_towns(regions, n, start):
    for i in range(n):
        RegionFactory(
            code=f"990101{start + i:03d}",
            name=f"镇{start + i}",
            level=RegionLevel.TOWN,
            parent=regions.county_a,
        )


@pytest.mark.parametrize("url", ["/accounts/users/", "/accounts/users/?role=staff"])
def test_user_list_query_count_does_not_grow(client, regions, personas, url):
    client.force_login(personas.admin)
    add_users(regions, 3, 0)
    few = count_queries(client, url)
    add_users(regions, 20, 100)
    assert count_queries(client, url) == few
    assert few <= 16


def test_region_list_and_api_query_counts_do_not_grow(client, regions, personas):
    client.force_login(personas.staff_a)
    add_towns(regions, 3, 200)
    few_page = count_queries(client, "/accounts/regions/")
    few_api = count_queries(client, "/api/v1/regions/")
    add_towns(regions, 30, 300)
    assert Region.objects.within("990101").count() > 30
    assert count_queries(client, "/accounts/regions/") == few_page
    assert count_queries(client, "/api/v1/regions/") == few_api
