"""SEC-10 / security.md §5.5: enterprise A cannot reach B's data by any URL, id, filter or export.

The walker takes every URL pattern, fills its parameters with B's ids, and sends GET and POST as
enterprise A. It fails for a URL that is not classified, a status outside {302, 403, 404, 405}, a
body that contains B's canaries, or any change to B's rows. A new URL is walked automatically.
"""

from __future__ import annotations

import hashlib
import re

import pytest
from django.core import serializers
from django.urls import URLPattern, URLResolver, get_resolver

from kechuang.core.access import rule_for
from kechuang.enterprises.models import AnnualFigures, Enterprise, IntellectualProperty

pytestmark = pytest.mark.django_db

CANARIES = ["CANARY-B", "987654321", "13987654321", "139****4321"]


def walk(patterns=None, prefix="", namespace=""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            full = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), full)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield prefix + str(entry.pattern), name


ROUTES = [(r, n) for r, n in walk() if n and not n.startswith("admin:")]


def b_rows_digest(registry) -> str:
    rows = [
        *Enterprise.objects.filter(pk=registry.b.pk),
        *AnnualFigures.objects.filter(enterprise=registry.b),
        *IntellectualProperty.objects.filter(enterprise=registry.b),
    ]
    return hashlib.sha256(serializers.serialize("json", rows).encode()).hexdigest()


def b_ids(registry) -> dict[str, int]:
    return {
        "enterprise": registry.b.pk,
        "figures": AnnualFigures.objects.get(enterprise=registry.b).pk,
        "ip": IntellectualProperty.objects.get(enterprise=registry.b).pk,
    }


def fill(route: str, name: str, ids: dict[str, int]) -> str | None:
    if route.startswith("^") or "(?P" in route:
        return None
    if name in ("enterprises:figures_edit", "api:annual-figures-detail"):
        pk = ids["figures"]
    elif name in ("enterprises:ip_edit", "api:intellectual-property-detail"):
        pk = ids["ip"]
    else:
        pk = ids["enterprise"]
    path = re.sub(r"<int:pk>", str(pk), route)
    path = re.sub(r"<slug:sheet>", "enterprises", path)
    path = re.sub(r"<(?:\w+:)?(\w+)>", "1", path)
    return "/" + path


def assert_clean(response, where: str) -> None:
    body = response.content.decode(errors="ignore")
    for canary in CANARIES:
        assert canary not in body, f"{where} leaked {canary}"


def test_every_url_with_bs_ids_reveals_nothing_and_changes_nothing(client, personas, registry):
    client.force_login(personas.enterprise_a)
    before = b_rows_digest(registry)
    ids = b_ids(registry)
    walked = 0
    for route, name in ROUTES:
        assert rule_for(name) is not None, f"{name} is not classified"
        path = fill(route, name, ids)
        if path is None or name in ("accounts:logout",):
            continue
        for method in ("get", "post"):
            response = getattr(client, method)(
                path, {"enterprise": registry.b.pk, "address": "CHANGED"}
            )
            where = f"{method.upper()} {path} ({name})"
            assert_clean(response, where)
            if "<int:pk>" in route:  # an object of B's by id
                assert response.status_code in (302, 403, 404, 405), (where, response.status_code)
        walked += 1
    assert walked > 30
    assert b_rows_digest(registry) == before


@pytest.mark.parametrize(
    "params",
    [
        {"enterprise": "B"},
        {"enterprise_id": "B"},
        {"q": "CANARY-B"},
        {"q": "USCC-B"},
        {"uscc": "USCC-B"},
        {"region": "TOWN-B"},
    ],
)
def test_api_lists_and_filters_pointing_at_b_return_nothing_of_b(
    client, personas, registry, params, regions
):
    values = {"B": registry.b.pk, "USCC-B": registry.b.uscc, "TOWN-B": regions.town_b.pk}
    query = {k: values.get(v, v) for k, v in params.items()}
    client.force_login(personas.enterprise_a)
    for url in (
        "/api/v1/enterprises/",
        "/api/v1/annual-figures/",
        "/api/v1/intellectual-property/",
    ):
        response = client.get(url, query)
        assert_clean(response, f"{url} {query}")
        if response.status_code == 200:
            ids = {r.get("enterprise", r.get("id")) for r in response.json()["results"]}
            own_only = url == "/api/v1/enterprises/" and ids <= {registry.a.pk}
            assert registry.b.pk not in ids or own_only


def test_api_detail_of_b_is_404(client, personas, registry):
    client.force_login(personas.enterprise_a)
    ids = b_ids(registry)
    for url in (
        f"/api/v1/enterprises/{ids['enterprise']}/",
        f"/api/v1/annual-figures/{ids['figures']}/",
        f"/api/v1/intellectual-property/{ids['ip']}/",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert_clean(response, url)
        patch = client.patch(url, {"address": "X", "employees": 1}, content_type="application/json")
        assert patch.status_code in (403, 404), url


def test_a_cannot_write_figures_for_b_through_the_api(client, personas, registry):
    client.force_login(personas.enterprise_a)
    before = b_rows_digest(registry)
    response = client.post(
        "/api/v1/annual-figures/",
        {"enterprise": registry.b.pk, "year": 2030, "employees": 1},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["enterprise"] == ["企业不存在或不在您的范围内。"]
    assert b_rows_digest(registry) == before


def test_mass_assignment_on_own_profile_is_ignored(client, personas, registry):
    client.force_login(personas.enterprise_a)
    client.post(
        f"/enterprises/{registry.a.pk}/edit/",
        {
            "address": "A地址",
            "version": registry.a.version,
            "region": 999,
            "uscc": registry.b.uscc,
            "is_above_scale": "on",
            "enterprise": registry.b.pk,
        },
    )
    registry.a.refresh_from_db()
    assert registry.a.address == "A地址" and registry.a.uscc != registry.b.uscc
    assert not registry.a.is_above_scale


def test_enterprise_users_cannot_list_export_or_import(client, personas, registry):
    client.force_login(personas.enterprise_a)
    assert client.get("/enterprises/").status_code == 403
    assert client.get("/enterprises/export/").status_code == 403
    assert client.get("/data/enterprises/import/").status_code == 403
    assert client.get("/data/enterprises/template.xlsx").status_code == 403


def test_staff_of_county_a_cannot_reach_county_b(client, personas, registry):
    client.force_login(personas.staff_a)
    assert client.get(f"/enterprises/{registry.b.pk}/").status_code == 404
    assert client.get(f"/api/v1/enterprises/{registry.b.pk}/").status_code == 404
    export = client.get("/enterprises/export/", {"q": "CANARY"})
    assert_clean(export, "export")
