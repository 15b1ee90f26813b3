"""HTE certificate life cycle: validity, annual reports due 31 May, two missed → at risk."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from kechuang.cultivation.hte.models import AnnualReport
from kechuang.cultivation.hte.selectors import due_years, status_of
from kechuang.enterprises.models import Qualification

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "today,expected",
    [
        (date(2025, 5, 31), []),  # the deadline day itself is not yet missed
        (date(2025, 6, 1), [2025]),
        (date(2027, 6, 1), [2025, 2026, 2027]),
        (date(2030, 1, 1), [2025, 2026, 2027]),  # after expiry nothing more is due
    ],
)
def test_due_years_follow_the_31_may_deadline(today, expected):
    assert due_years(date(2024, 11, 20), date(2027, 11, 19), today) == expected


def certificate(enterprise, issued=date(2024, 11, 20)):
    return Qualification.objects.create(
        enterprise=enterprise,
        kind="hte",
        number="GR2024X",
        issued_on=issued,
        valid_until=date(issued.year + 3, 11, 19),
    )


def test_two_missed_reports_put_the_certificate_at_risk(registry):
    cert = certificate(registry.a)
    [status] = status_of([cert], date(2026, 6, 1))
    assert status.missed == (2025, 2026) and status.at_risk
    AnnualReport.objects.create(certificate=cert, year=2025, filed_on=date(2025, 5, 20))
    [status] = status_of([cert], date(2026, 6, 1))
    assert status.missed == (2026,) and not status.at_risk


def test_expiring_within_six_months(registry):
    cert = certificate(registry.a)
    assert not status_of([cert], date(2027, 5, 1))[0].expiring_soon
    assert status_of([cert], date(2027, 6, 1))[0].expiring_soon
    assert status_of([cert], date(2027, 11, 20))[0].expired


def test_certificates_page_filters_and_marks_a_report(client, personas, registry):
    cert = certificate(registry.a)
    certificate(registry.b)
    client.force_login(personas.staff_a)
    with time_machine.travel(date(2026, 6, 2)):
        page = client.get("/cultivation/certificates/", {"view": "at_risk"}).content.decode()
        assert "哈威机械有限公司" in page and "有取消风险" in page and "CANARY-B" not in page
        client.post(f"/cultivation/certificates/{cert.pk}/annual-report/", {"year": 2026})
        assert AnnualReport.objects.filter(certificate=cert, year=2026).exists()
        after = client.get("/cultivation/certificates/", {"view": "at_risk"}).content.decode()
        table = after[after.index('data-testid="certificates"') :]
        assert "哈威机械有限公司" not in table
    with time_machine.travel(date(2026, 6, 2)):
        expiring = client.get("/cultivation/certificates/", {"view": "expiring"}).content.decode()
        assert "哈威机械有限公司" in expiring  # valid until 2027-11-19: this year or next
    with time_machine.travel(date(2026, 6, 2)):
        other = Qualification.objects.get(enterprise=registry.b)
        assert (
            client.post(
                f"/cultivation/certificates/{other.pk}/annual-report/", {"year": 2026}
            ).status_code
            == 404
        )


def test_certificates_api_reports_status_and_is_scoped(client, personas, registry):

    for enterprise, number in [(registry.a, "GR-API-A"), (registry.b, "GR-API-B")]:
        Qualification.objects.create(
            enterprise=enterprise,
            kind="hte",
            number=number,
            issued_on=date(2020, 12, 1),
            valid_until=date(2023, 11, 30),
        )
    client.force_login(personas.staff_a)
    rows = client.get("/api/v1/certificates/").json()["results"]
    assert [r["number"] for r in rows] == ["GR-API-A"]
    assert rows[0]["status"]["expired"] is True
    assert rows[0]["status"]["annual_reports_missed"]  # none were filed
    client.force_login(personas.enterprise_b)
    rows = client.get("/api/v1/certificates/").json()["results"]
    assert [r["number"] for r in rows] == ["GR-API-B"]
