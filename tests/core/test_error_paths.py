"""Out-of-range values never reach the database, and nothing is saved on an error path
(issue #11, defect 5): a target for year 99999 used to answer 500, yet be saved, after which the
targets and tech-SME lists answered 500 for everybody."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.test import Client

from kechuang.targets.models import Target

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("year", [99999, 0, 1979, 2101, -1])
def test_an_out_of_range_year_is_a_400_and_nothing_is_saved(client, personas, year):
    client.force_login(personas.staff_a)
    response = client.post(
        "/api/v1/targets/",
        {"year": year, "metric": "hte_recognised", "value": 5},
        content_type="application/json",
    )
    assert response.status_code == 400, response.content
    assert "year" in response.json()["error"]["fields"]
    assert not Target.objects.exists()
    assert client.get("/api/v1/targets/").status_code == 200
    assert client.get("/targets/").status_code == 200
    assert client.get("/cultivation/tech-sme/").status_code == 200


@pytest.mark.parametrize("year", [2101, 1979, 30000])
def test_the_database_refuses_an_out_of_range_year(personas, year):
    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.create(
            year=year, metric="hte_recognised", value=1, region=personas.staff_a.region
        )


def test_a_write_that_ends_in_a_server_error_is_rolled_back(personas, monkeypatch):
    """Whatever fails after a save, the save does not stay."""
    from kechuang.targets.api import views

    def explode(self, obj):
        raise RuntimeError("serialising failed after the save")

    monkeypatch.setattr(views.TargetSerializer, "get_progress", explode)
    client = Client(raise_request_exception=False)
    client.force_login(personas.staff_a)
    response = client.post(
        "/api/v1/targets/",
        {"year": 2026, "metric": "hte_recognised", "value": 5},
        content_type="application/json",
    )
    assert response.status_code == 500
    assert not Target.objects.exists()
