"""Updates over the API must name the version they started from (issue #11, defect 6), and an
enterprise user's change of a field it may not change is refused by name (defect 13)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def url(registry) -> str:
    return f"/api/v1/enterprises/{registry.a.pk}/"


def test_a_patch_without_version_is_refused_and_changes_nothing(client, personas, registry):
    client.force_login(personas.staff_a)
    response = client.patch(url(registry), {"address": "覆盖"}, content_type="application/json")
    assert response.status_code == 428
    assert response.json()["error"]["code"] == "version_required"
    assert "version" in response.json()["error"]["message"]
    registry.a.refresh_from_db()
    assert registry.a.address != "覆盖" and registry.a.version == 1


def test_if_match_carries_the_version_and_reads_carry_an_etag(client, personas, registry):
    client.force_login(personas.staff_a)
    read = client.get(url(registry))
    assert read["ETag"] == '"1"'
    ok = client.patch(
        url(registry), {"address": "新地址"}, content_type="application/json", HTTP_IF_MATCH='"1"'
    )
    assert ok.status_code == 200 and ok["ETag"] == '"2"'
    stale = client.patch(
        url(registry), {"address": "旧的"}, content_type="application/json", HTTP_IF_MATCH='"1"'
    )
    assert stale.status_code == 409
    assert stale.json()["error"]["fields"]["version"] == ["2"]
    bad = client.patch(
        url(registry), {"address": "x"}, content_type="application/json", HTTP_IF_MATCH="abc"
    )
    assert bad.status_code == 400


def test_upserting_existing_figures_needs_the_version(client, personas, registry):
    client.force_login(personas.staff_a)
    body = {"enterprise": registry.a.pk, "year": 2024, "employees": 77}
    assert (
        client.post("/api/v1/annual-figures/", body, content_type="application/json").status_code
        == 428
    )
    body["version"] = 1
    assert (
        client.post("/api/v1/annual-figures/", body, content_type="application/json").status_code
        == 201
    )
    new_year = {"enterprise": registry.a.pk, "year": 2023, "employees": 70}
    assert (
        client.post(
            "/api/v1/annual-figures/", new_year, content_type="application/json"
        ).status_code
        == 201
    )


def test_the_schema_documents_version_if_match_and_errors(client, personas):
    client.force_login(personas.staff_a)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    components = schema["components"]["schemas"]
    patch_body = components["PatchedEnterpriseRequest"]["properties"]["version"]
    assert not patch_body.get("readOnly") and "必填" in patch_body["description"]
    operation = schema["paths"]["/api/v1/enterprises/{id}/"]["patch"]
    assert {"200", "400", "401", "403", "404", "409", "428"} <= set(operation["responses"])
    assert any(p["name"] == "If-Match" for p in operation["parameters"])
    error = operation["responses"]["404"]["content"]["application/json"]["schema"]["$ref"]
    assert error.endswith("/Error")
    assert {"code", "message", "fields"} <= set(components["ErrorDetail"]["properties"])


def test_an_enterprise_users_privileged_fields_are_named_not_dropped(client, personas, registry):
    client.force_login(personas.enterprise_a)
    response = client.patch(
        url(registry),
        {"address": "我们的新地址", "is_above_scale": True, "name": "改名", "version": 1},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"is_above_scale", "name"}
    registry.a.refresh_from_db()
    assert registry.a.address != "我们的新地址" and registry.a.version == 1
    allowed = client.patch(
        url(registry), {"address": "我们的新地址", "version": 1}, content_type="application/json"
    )
    assert allowed.status_code == 200
