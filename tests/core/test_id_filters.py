"""Id and number filters never overflow and never reveal which ids exist (issue #11, defect 11).

``?enterprise=99999999999999999999999`` gave an OverflowError 500; a non-existent id answered 400
while another county's id answered 200 with no rows. Every API list now answers a missing id and
a foreign id the same way, and a huge or malformed number with no server error."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import get_resolver, reverse

pytestmark = pytest.mark.django_db

PARAMS = ["enterprise", "region", "campaign", "batch", "parent", "certificate", "year", "town"]
BAD = ["99999999999999999999999", "-1", "1.5", "1e400", "NaN", "abc", ""]


def api_list_urls() -> list[str]:
    _prefix, api = get_resolver().namespace_dict["api"]
    names = {n for n in api.reverse_dict if isinstance(n, str) and n.endswith("-list")}
    return [reverse(f"api:{name}") for name in sorted(names)]


def test_there_are_api_lists_to_walk():
    assert len(api_list_urls()) >= 12


def body_of(response):
    data = response.json()
    if isinstance(data, dict) and "results" in data:
        return data["count"], data["results"]
    return data


@pytest.mark.parametrize("url", api_list_urls())
def test_missing_and_foreign_ids_answer_alike_and_nothing_overflows(personas, registry, url):
    client = Client(raise_request_exception=False)
    client.force_login(personas.staff_a)
    foreign = {
        "enterprise": registry.b.pk,
        "region": registry.b.region_id,
        "town": registry.b.region_id,
        "parent": registry.b.region.parent_id,
    }
    for param in PARAMS:
        for value in BAD:
            response = client.get(url, {param: value})
            assert response.status_code in (200, 400), (url, param, value, response.status_code)
        if param in foreign:
            missing = client.get(url, {param: 987654321})
            theirs = client.get(url, {param: foreign[param]})
            assert missing.status_code == theirs.status_code, (url, param)
            assert body_of(missing) == body_of(theirs), (url, param)


@pytest.mark.parametrize(
    "path",
    [
        "/enterprises/",
        "/cultivation/",
        "/cultivation/board/",
        "/cultivation/pipeline/",
        "/cultivation/tech-sme/",
        "/targets/",
        "/rdstats/",
        "/reports/",
    ],
)
def test_pages_take_any_year_or_id_without_a_server_error(personas, registry, path):
    client = Client(raise_request_exception=False)
    client.force_login(personas.staff_a)
    for param in ("year", "region", "town", "enterprise", "page", "per_page", "period"):
        for value in BAD:
            response = client.get(path, {param: value})
            assert response.status_code in (200, 302, 400, 404), (path, param, value)
