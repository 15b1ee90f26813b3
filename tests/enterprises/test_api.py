"""The registry API: same validation, scoping and audit as the pages."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry

from kechuang.enterprises.models import AnnualFigures, Enterprise

from .factories import make_uscc

pytestmark = pytest.mark.django_db


def test_list_filter_and_retrieve(client, personas, registry):
    client.force_login(personas.staff_a)
    body = client.get("/api/v1/enterprises/", {"q": "hwjx"}).json()
    assert body["count"] == 1
    item = body["results"][0]
    assert item["uscc"] == registry.a.uscc and item["town_name"] == "甲一镇"
    assert item["contact_phone"] == "138****0001"  # masked for everyone; reveal is a page action
    detail = client.get(f"/api/v1/enterprises/{registry.a.pk}/").json()
    assert detail["name"] == "哈威机械有限公司"


def test_contacts_are_masked_for_roles_without_the_permission(client, personas, registry):
    client.force_login(personas.leader)
    item = client.get(f"/api/v1/enterprises/{registry.a.pk}/").json()
    assert item["contact_phone"] == "138****0001"


def test_create_validates_like_the_form(client, personas, regions):
    client.force_login(personas.staff_a)
    bad = client.post(
        "/api/v1/enterprises/",
        {"uscc": "91990101000000000X", "name": "X", "town": regions.town_a.pk},
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert "校验码" in bad.json()["error"]["fields"]["uscc"][0]
    code = make_uscc("990101", 555)
    ok = client.post(
        "/api/v1/enterprises/",
        {"uscc": code.lower(), "name": "接口企业", "town": regions.town_a.pk},
        content_type="application/json",
    )
    assert ok.status_code == 201 and ok.json()["uscc"] == code
    created = Enterprise.objects.get(uscc=code)
    assert LogEntry.objects.get_for_object(created).get().actor == personas.staff_a


def test_update_with_stale_version_is_409(client, personas, registry):
    client.force_login(personas.staff_a)
    url = f"/api/v1/enterprises/{registry.a.pk}/"
    first = client.patch(url, {"address": "一", "version": 1}, content_type="application/json")
    assert first.status_code == 200 and first.json()["version"] == 2
    stale = client.patch(url, {"address": "二", "version": 1}, content_type="application/json")
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "conflict"
    registry.a.refresh_from_db()
    assert registry.a.address == "一"


def test_figures_upsert_and_rules(client, personas, registry):
    client.force_login(personas.staff_a)
    bad = client.post(
        "/api/v1/annual-figures/",
        {"enterprise": registry.a.pk, "year": 2023, "employees": 5, "st_staff": 6},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "st_staff" in bad.json()["error"]["fields"]
    ok = client.post(
        "/api/v1/annual-figures/",
        {"enterprise": registry.a.pk, "year": 2023, "sales_revenue": "1234.50", "employees": 5},
        content_type="application/json",
    )
    assert ok.status_code == 201 and ok.json()["sales_revenue"] == "1234.50"
    assert AnnualFigures.objects.filter(enterprise=registry.a).count() == 2
    listed = client.get("/api/v1/annual-figures/", {"enterprise": registry.a.pk, "year": 2023})
    assert listed.json()["count"] == 1


def test_ip_class_is_derived(client, personas, registry):
    client.force_login(personas.enterprise_a)
    response = client.post(
        "/api/v1/intellectual-property/",
        {
            "enterprise": registry.a.pk,
            "kind": "software_copyright",
            "number": "2024SR000001",
            "title": "企业管理软件",
            "status": "granted",
            "granted_on": "2024-03-01",
        },
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["ip_class"] == "II"


def test_enterprise_user_cannot_create_enterprises_via_api(client, personas, regions):
    client.force_login(personas.enterprise_a)
    response = client.post(
        "/api/v1/enterprises/",
        {"uscc": make_uscc("990101", 9), "name": "X", "town": regions.town_a.pk},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_schema_lists_the_registry_endpoints(client, personas):
    client.force_login(personas.staff_a)
    paths = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    assert {
        "/api/v1/enterprises/",
        "/api/v1/annual-figures/",
        "/api/v1/intellectual-property/{id}/",
    } <= set(paths)
