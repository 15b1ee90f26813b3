"""API skeleton: tokens, scoping, the schema and the uniform Chinese error shape."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from kechuang.accounts.models import ApiToken

pytestmark = pytest.mark.django_db


def get_token(client, username, password):
    response = client.post(
        "/api/v1/auth/token/",
        {"username": username, "password": password},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return response.json()


def test_token_authenticates_and_is_stored_hashed(client, personas, password):
    data = get_token(client, "p-staff-a", password)
    assert not ApiToken.objects.filter(key_hash=data["token"]).exists()
    assert ApiToken.objects.filter(key_hash=ApiToken.hash_key(data["token"])).exists()
    me = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {data['token']}")
    assert me.status_code == 200
    assert me.json()["username"] == "p-staff-a" and me.json()["roles"] == ["staff"]


def test_token_expires(client, personas, password):
    data = get_token(client, "p-staff-a", password)
    with time_machine.travel(timezone.now() + timedelta(hours=13)):
        response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {data['token']}")
    assert response.status_code == 401
    assert response.json()["error"]["message"] == "令牌无效或已过期。"


def test_wrong_password_gets_the_error_shape(client, personas):
    response = client.post(
        "/api/v1/auth/token/",
        {"username": "p-staff-a", "password": "x"},
        content_type="application/json",
    )
    assert response.status_code == 401
    assert response.json() == {
        "error": {"code": "authentication_failed", "message": "用户名或密码错误。", "fields": {}}
    }


def test_validation_errors_name_the_fields(client):
    response = client.post("/api/v1/auth/token/", {}, content_type="application/json")
    body = response.json()["error"]
    assert response.status_code == 400 and body["code"] == "invalid"
    assert set(body["fields"]) == {"username", "password"}


def test_anonymous_gets_401_in_chinese(client):
    response = client.get("/api/v1/me/")
    assert response.status_code in (401, 403)
    error = response.json()["error"]
    assert error["code"] == "not_authenticated"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in error["message"])  # a Chinese message


def test_regions_are_scoped_and_paginated(client, regions, personas):
    client.force_login(personas.staff_a)
    body = client.get("/api/v1/regions/").json()
    assert body["count"] == 2
    assert {r["code"] for r in body["results"]} == {"990101", "990101101"}
    assert client.get(f"/api/v1/regions/{regions.town_b.pk}/").status_code == 404
    filtered = client.get("/api/v1/regions/", {"level": 4}).json()
    assert [r["code"] for r in filtered["results"]] == ["990101101"]


def test_enterprise_users_cannot_list_regions(client, personas):
    client.force_login(personas.enterprise_a)
    response = client.get("/api/v1/regions/")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


def test_user_who_must_change_password_gets_no_token(client, regions, personas):
    from kechuang.accounts import services

    services.user_create(
        actor=personas.admin,
        username="fresh",
        password="Init#Pass2026x",
        roles=["staff"],
        region=regions.county_a,
    )
    response = client.post(
        "/api/v1/auth/token/",
        {"username": "fresh", "password": "Init#Pass2026x"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "password_change_required"


def test_openapi_schema_and_docs(client, personas):
    client.force_login(personas.staff_a)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert {"/api/v1/auth/token/", "/api/v1/me/", "/api/v1/regions/"} <= set(paths)
    docs = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in docs and "cdn" not in docs.lower()
