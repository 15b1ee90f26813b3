"""The survey API: enterprises see and fill only their own form; staff review; aggregates."""

from __future__ import annotations

from datetime import date

import pytest

from kechuang.core.models import Notification

from .conftest import YEAR

pytestmark = pytest.mark.django_db


def test_open_a_campaign(client, personas, regions, registry, django_capture_on_commit_callbacks):
    client.force_login(personas.staff_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/rd-campaigns/",
            {
                "region": regions.county_a.pk,
                "year": YEAR,
                "deadline": date(YEAR + 1, 3, 31).isoformat(),
                "include_default": False,
                "extra_uscc": [registry.a.uscc.lower()],
            },
            content_type="application/json",
        )
    assert response.status_code == 201, response.content
    assert Notification.objects.filter(user=personas.enterprise_a).count() == 1
    refused = client.post(
        "/api/v1/rd-campaigns/",
        {"region": regions.county_a.pk, "year": YEAR, "deadline": "2026-03-31"},
        content_type="application/json",
    )
    assert refused.status_code == 400 and "已经发起" in str(refused.json())


def test_enterprise_fills_and_submits_staff_returns_and_accepts(client, county, personas):
    form = county.forms["A"]
    client.force_login(personas.enterprise_a)
    listed = client.get("/api/v1/rd-forms/").json()
    assert [r["id"] for r in listed["results"]] == [form.pk]
    patch = client.patch(
        f"/api/v1/rd-forms/{form.pk}/",
        {
            "version": form.version,
            "exp_total": "480000.00",  # last year (registry): 500,000
            "exp_personnel": "480000.00",
            "src_own": "480000.00",
            "staff_total": 3,
            "operating_revenue": "4000000.00",
            "projects": [{"name": "接口项目", "stage": "research", "staff": 2}],
        },
        content_type="application/json",
    )
    assert patch.status_code == 200, patch.content
    body = patch.json()
    assert body["status"] == "draft" and body["projects"][0]["name"] == "接口项目"
    assert body["findings"] == []
    stale = client.patch(
        f"/api/v1/rd-forms/{form.pk}/",
        {"version": form.version, "staff_total": 9},
        content_type="application/json",
    )
    assert stale.status_code == 409
    assert client.post(f"/api/v1/rd-forms/{form.pk}/submit/").json()["status"] == "submitted"
    assert client.post(f"/api/v1/rd-forms/{form.pk}/accept/").status_code == 403

    client.force_login(personas.staff_a)
    empty = client.post(
        f"/api/v1/rd-forms/{form.pk}/return/", {"comment": ""}, content_type="application/json"
    )
    assert empty.status_code == 400 and "退回意见" in str(empty.json())
    returned = client.post(
        f"/api/v1/rd-forms/{form.pk}/return/",
        {"comment": "请补充"},
        content_type="application/json",
    )
    assert returned.json()["status"] == "returned"
    client.force_login(personas.enterprise_a)
    client.post(f"/api/v1/rd-forms/{form.pk}/submit/")
    client.force_login(personas.staff_a)
    accepted = client.post(f"/api/v1/rd-forms/{form.pk}/accept/").json()
    assert [e["status"] for e in accepted["events"]][-3:] == ["returned", "submitted", "accepted"]


def test_figures_endpoint(client, county, personas):
    client.force_login(personas.staff_a)
    body = client.get(f"/api/v1/rd-campaigns/{county.campaign.pk}/figures/").json()
    assert body["accepted"] == 4 and float(body["rd_total"]) == 940000
    assert {b["band"]: b["n"] for b in body["bands"]}["na"] == 1
    assert [a["name"] for a in body["areas"]] == ["甲一镇", "甲二镇"]
    client.force_login(personas.enterprise_a)
    assert client.get(f"/api/v1/rd-campaigns/{county.campaign.pk}/figures/").status_code == 403
