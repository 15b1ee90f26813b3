"""Every API answer is JSON in the one error shape, in development too (issue #11, defect 13)."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("debug", [True, False])
def test_unknown_api_urls_answer_json(settings, personas, debug):
    settings.DEBUG = debug
    client = Client()
    client.force_login(personas.staff_a)
    response = client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("debug", [True, False])
def test_server_errors_answer_json_with_the_request_id(settings, personas, monkeypatch, debug):
    from kechuang.accounts.api import views

    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.MeSerializer, "to_representation", explode)
    settings.DEBUG = debug
    client = Client(raise_request_exception=False)
    client.force_login(personas.staff_a)
    response = client.get("/api/v1/me/")
    assert response.status_code == 500
    body = response.json()["error"]
    assert body["code"] == "server_error" and body["request_id"] == response["X-Request-ID"]
    assert "boom" not in response.content.decode()


def test_a_csrf_failure_on_the_api_answers_json(personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.staff_a)
    response = client.post("/api/v1/targets/", {}, content_type="application/json")
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/json")


def test_the_figures_list_is_documented_as_the_array_it_is(client, personas):
    client.force_login(personas.staff_a)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    documented = schema["paths"]["/api/v1/figures/"]["get"]["responses"]["200"]["content"]
    assert documented["application/json"]["schema"]["type"] == "array"
    assert isinstance(client.get("/api/v1/figures/").json(), list)
