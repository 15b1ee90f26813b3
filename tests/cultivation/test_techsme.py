"""Tech-SME registration: batch calendar as data, status rules, qualification, update deadline."""

from __future__ import annotations

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError

from kechuang.core.calendar import batch_save
from kechuang.core.models import Batch
from kechuang.cultivation.techsme import selectors as techsme_selectors
from kechuang.cultivation.techsme import services as techsme_services
from kechuang.cultivation.techsme.models import SmeRegistration, SmeStatus
from kechuang.enterprises.models import Qualification

pytestmark = pytest.mark.django_db
YEAR = 2026


@pytest.fixture
def batch():
    return batch_save(
        batch=Batch(
            kind="techsme",
            year=YEAR,
            number=1,
            opens_on=date(YEAR, 6, 1),
            closes_on=date(YEAR, 6, 30),
            publicise_by=date(YEAR, 10, 15),
        )
    )


def test_batch_calendar_rejects_a_close_before_the_open():
    with pytest.raises(ValidationError) as err:
        batch_save(
            batch=Batch(
                kind="techsme",
                year=YEAR,
                number=2,
                opens_on=date(YEAR, 7, 31),
                closes_on=date(YEAR, 7, 1),
            )
        )
    assert "截止日期不能早于开始日期" in str(err.value)
    assert not Batch.objects.exists()


def test_the_path_to_registration_records_the_qualification(personas, registry, batch):
    a = registry.a
    item = techsme_services.registration_mobilise(
        actor=personas.staff_a, enterprise=a, year=YEAR, on=date(YEAR, 5, 20), batch=batch
    )
    for status, day in [(SmeStatus.SELF_EVALUATED, 10), (SmeStatus.PUBLICISED, 20)]:
        item = techsme_services.registration_advance(
            actor=personas.staff_a, registration=item, status=status, on=date(YEAR, 6, day)
        )
    item = techsme_services.registration_advance(
        actor=personas.staff_a,
        registration=item,
        status=SmeStatus.REGISTERED,
        on=date(YEAR, 7, 5),
        registration_number="202633010200000123",
    )
    assert item.status == SmeStatus.REGISTERED
    qualification = Qualification.objects.get(enterprise=a, kind="tech_sme")
    assert qualification.number == "202633010200000123"
    assert qualification.valid_until == date(YEAR, 12, 31)
    # every status change is in the audit history
    assert LogEntry.objects.get_for_object(item).count() >= 4


def test_status_cannot_skip_steps_and_needs_number_or_reason(personas, registry, batch):
    item = techsme_services.registration_mobilise(
        actor=personas.staff_a, enterprise=registry.a, year=YEAR, on=date(YEAR, 5, 20), batch=batch
    )
    with pytest.raises(ValidationError) as err:
        techsme_services.registration_advance(
            actor=personas.staff_a,
            registration=item,
            status=SmeStatus.REGISTERED,
            on=date(YEAR, 6, 1),
            registration_number="X",
        )
    assert "不能从“已动员”变为“已入库”" in str(err.value)
    item = techsme_services.registration_advance(
        actor=personas.staff_a,
        registration=item,
        status=SmeStatus.SELF_EVALUATED,
        on=date(YEAR, 6, 1),
    )
    with pytest.raises(ValidationError) as err:
        techsme_services.registration_advance(
            actor=personas.staff_a,
            registration=item,
            status=SmeStatus.REJECTED,
            on=date(YEAR, 6, 2),
        )
    assert "原因" in str(err.value)
    item.refresh_from_db()
    assert item.status == SmeStatus.SELF_EVALUATED  # nothing half-written


def test_one_registration_per_enterprise_and_year(personas, registry):
    techsme_services.registration_mobilise(
        actor=personas.staff_a, enterprise=registry.a, year=YEAR, on=date(YEAR, 5, 1)
    )
    with pytest.raises(ValidationError) as err:
        techsme_services.registration_mobilise(
            actor=personas.staff_a, enterprise=registry.a, year=YEAR, on=date(YEAR, 5, 2)
        )
    assert "已有2026年度" in str(err.value)


def test_batch_year_must_match(personas, registry, batch):
    with pytest.raises(ValidationError) as err:
        techsme_services.registration_mobilise(
            actor=personas.staff_a,
            enterprise=registry.a,
            year=YEAR + 1,
            on=date(YEAR + 1, 5, 1),
            batch=batch,
        )
    assert "批次年度" in str(err.value)


def test_staff_cannot_register_another_countys_enterprise(personas, registry):
    with pytest.raises(PermissionDenied):
        techsme_services.registration_mobilise(
            actor=personas.staff_a, enterprise=registry.b, year=YEAR, on=date(YEAR, 5, 1)
        )
    assert not SmeRegistration.objects.exists()


def _registered(enterprise, year, number):
    return SmeRegistration.objects.create(
        enterprise=enterprise,
        year=year,
        status=SmeStatus.REGISTERED,
        status_on=date(year, 7, 1),
        registration_number=number,
    )


def test_annual_update_deadline_end_of_march(personas, registry):
    a = _registered(registry.a, YEAR - 1, "A-1")
    _registered(registry.b, YEAR - 1, "B-1")
    # before the deadline: pending for A's county, not overdue
    pending = techsme_selectors.updates_pending(user=personas.staff_a, today=date(YEAR, 3, 1))
    assert [r.enterprise_id for r in pending] == [registry.a.pk]  # B is another county's
    assert not techsme_selectors.updates_overdue(
        user=personas.staff_a, today=date(YEAR, 3, 31)
    ).exists()
    # after 31 March it is overdue, until the update is marked
    overdue = techsme_selectors.updates_overdue(user=personas.staff_a, today=date(YEAR, 4, 1))
    assert [r.pk for r in overdue] == [a.pk]
    techsme_services.update_mark(actor=personas.staff_a, registration=a, on=date(YEAR, 4, 2))
    assert not techsme_selectors.updates_overdue(
        user=personas.staff_a, today=date(YEAR, 4, 3)
    ).exists()
    assert a.update_due == date(YEAR, 3, 31)


def test_behind_batch_and_counts(personas, registry, batch):
    item = techsme_services.registration_mobilise(
        actor=personas.staff_a, enterprise=registry.a, year=YEAR, on=date(YEAR, 5, 20), batch=batch
    )
    assert not techsme_selectors.behind_batch(
        user=personas.staff_a, today=date(YEAR, 6, 30)
    ).exists()
    assert [
        r.pk for r in techsme_selectors.behind_batch(user=personas.staff_a, today=date(YEAR, 7, 1))
    ] == [item.pk]
    assert not techsme_selectors.behind_batch(
        user=personas.staff_b, today=date(YEAR, 7, 1)
    ).exists()
    counts = techsme_selectors.status_counts(user=personas.staff_a, year=YEAR)
    assert counts[SmeStatus.MOBILISED] == 1
    assert counts[SmeStatus.REGISTERED] == 0


def test_list_page_shows_own_county_only_and_marks_the_update(client, personas, registry):
    from django.utils import timezone

    last_year = timezone.localdate().year - 1
    a = _registered(registry.a, last_year, "A-NUM-1")
    _registered(registry.b, last_year, "CANARY-B-NUM")
    client.force_login(personas.staff_a)
    page = client.get(f"/cultivation/tech-sme/?year={last_year}").content.decode()
    assert "A-NUM-1" in page and "哈威机械有限公司" in page
    assert "CANARY-B" not in page
    assert "标记已更新" in page
    response = client.post(f"/cultivation/tech-sme/{a.pk}/update/")
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.updated_on == timezone.localdate()
    # another county's registration cannot be marked through the URL
    b = SmeRegistration.objects.get(registration_number="CANARY-B-NUM")
    assert client.post(f"/cultivation/tech-sme/{b.pk}/update/").status_code == 404
    b.refresh_from_db()
    assert b.updated_on is None


def test_enterprise_users_cannot_open_the_list(client, personas, registry):
    client.force_login(personas.enterprise_a)
    assert client.get("/cultivation/tech-sme/").status_code == 403


def test_reminders_for_the_update_and_a_missed_batch(personas, registry, batch):
    from kechuang.core.models import Notification
    from kechuang.cultivation import reminders

    _registered(registry.a, YEAR - 1, "A-1")
    techsme_services.registration_mobilise(
        actor=personas.staff_a, enterprise=registry.a, year=YEAR, on=date(YEAR, 5, 20), batch=batch
    )
    assert reminders.run(date(YEAR, 2, 28))["sme_update"] == 0
    counts = reminders.run(date(YEAR, 3, 1))
    assert counts["sme_update"] == 1
    assert reminders.run(date(YEAR, 3, 2))["sme_update"] == 0  # sent once
    counts = reminders.run(date(YEAR, 7, 1))
    assert counts["sme_batch"] == 1
    titles = list(
        Notification.objects.filter(user=personas.staff_a).values_list("title", flat=True)
    )
    assert any("科小年度信息更新" in t for t in titles)
    assert any("未在2026年第1批截止前完成科小自评" in t for t in titles)
    assert not Notification.objects.filter(user=personas.staff_b).exists()


def test_staff_enter_a_batch_mobilise_from_the_pool_and_advance(client, personas, registry):
    from django.utils import timezone

    year = timezone.localdate().year
    client.force_login(personas.staff_a)
    response = client.post(
        "/cultivation/tech-sme/batches/add/",
        {"year": year, "number": 1, "opens_on": f"{year}-06-01", "closes_on": f"{year}-05-01"},
        follow=True,
    )
    assert "截止日期不能早于开始日期" in response.content.decode()
    assert not Batch.objects.exists()
    client.post(
        "/cultivation/tech-sme/batches/add/",
        {"year": year, "number": 1, "opens_on": f"{year}-06-01", "closes_on": f"{year}-06-30"},
    )
    batch = Batch.objects.get(kind="techsme", year=year, number=1)
    # the confirm page lists the ticked enterprises of the user's county only
    page = client.get(
        f"/cultivation/tech-sme/mobilise/?year={year}&enterprises={registry.a.pk}"
        f"&enterprises={registry.b.pk}"
    ).content.decode()
    assert "哈威机械有限公司" in page and "CANARY-B" not in page
    client.post(
        "/cultivation/tech-sme/mobilise/",
        {
            "year": year,
            "enterprises": [registry.a.pk, registry.b.pk],
            "on": f"{year}-05-20",
            "batch": batch.pk,
        },
    )
    item = SmeRegistration.objects.get()
    assert (item.enterprise_id, item.batch_id) == (registry.a.pk, batch.pk)
    # the list offers only the next status, and a missing number is refused in Chinese
    listing = client.get(f"/cultivation/tech-sme/?year={year}").content.decode()
    advance = listing[listing.index(f'data-testid="advance-{item.pk}"') :]
    advance = advance[: advance.index("</form>")]
    assert 'value="self_evaluated"' in advance and 'value="registered"' not in advance
    client.post(
        f"/cultivation/tech-sme/{item.pk}/advance/",
        {"status": "self_evaluated", "on": f"{year}-06-10"},
    )
    client.post(
        f"/cultivation/tech-sme/{item.pk}/advance/",
        {"status": "publicised", "on": f"{year}-06-20"},
    )
    response = client.post(
        f"/cultivation/tech-sme/{item.pk}/advance/",
        {"status": "registered", "on": f"{year}-07-01"},
        follow=True,
    )
    assert "入库须填写入库登记编号" in response.content.decode()
    item.refresh_from_db()
    assert item.status == SmeStatus.PUBLICISED


def test_other_countys_registration_cannot_be_advanced(client, personas, registry):
    b = SmeRegistration.objects.create(
        enterprise=registry.b, year=YEAR, status=SmeStatus.MOBILISED, status_on=date(YEAR, 5, 1)
    )
    client.force_login(personas.staff_a)
    response = client.post(
        f"/cultivation/tech-sme/{b.pk}/advance/",
        {"status": "self_evaluated", "on": f"{YEAR}-06-10"},
    )
    assert response.status_code == 404
    b.refresh_from_db()
    assert b.status == SmeStatus.MOBILISED


def test_api_batches_registrations_and_advance(client, personas, registry):
    client.force_login(personas.staff_a)
    refused = client.post(
        "/api/v1/sme-batches/",
        {"year": YEAR, "number": 1, "opens_on": "2026-06-30", "closes_on": "2026-06-01"},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert "截止日期不能早于开始日期" in str(refused.json())
    batch = client.post(
        "/api/v1/sme-batches/",
        {"year": YEAR, "number": 1, "opens_on": "2026-06-01", "closes_on": "2026-06-30"},
        content_type="application/json",
    ).json()
    created = client.post(
        "/api/v1/sme-registrations/",
        {
            "enterprise": registry.a.pk,
            "year": YEAR,
            "batch": batch["id"],
            "status_on": "2026-05-20",
        },
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["status_display"] == "已动员"
    assert created.json()["update_due"] == "2027-03-31"
    # another county's enterprise: not found, nothing stored
    other = client.post(
        "/api/v1/sme-registrations/",
        {"enterprise": registry.b.pk, "year": YEAR, "status_on": "2026-05-20"},
        content_type="application/json",
    )
    assert other.status_code == 404
    pk = created.json()["id"]
    skipped = client.post(
        f"/api/v1/sme-registrations/{pk}/advance/",
        {"status": "registered", "on": "2026-06-10", "registration_number": "N1"},
        content_type="application/json",
    )
    assert skipped.status_code == 400 and "不能从“已动员”变为“已入库”" in str(skipped.json())
    moved = client.post(
        f"/api/v1/sme-registrations/{pk}/advance/",
        {"status": "self_evaluated", "on": "2026-06-10"},
        content_type="application/json",
    )
    assert moved.status_code == 200 and moved.json()["status"] == "self_evaluated"
    listed = client.get("/api/v1/sme-registrations/", {"year": YEAR, "status": "self_evaluated"})
    assert [r["id"] for r in listed.json()["results"]] == [pk]


def test_api_registrations_are_scoped_and_read_only_for_enterprises(client, personas, registry):
    b = SmeRegistration.objects.create(
        enterprise=registry.b, year=YEAR, status=SmeStatus.MOBILISED, status_on=date(YEAR, 5, 1)
    )
    client.force_login(personas.staff_a)
    assert client.get("/api/v1/sme-registrations/").json()["count"] == 0
    assert client.get(f"/api/v1/sme-registrations/{b.pk}/").status_code == 404
    assert (
        client.post(
            f"/api/v1/sme-registrations/{b.pk}/advance/",
            {"status": "self_evaluated", "on": "2026-06-10"},
            content_type="application/json",
        ).status_code
        == 404
    )
    client.force_login(personas.enterprise_b)
    assert client.get("/api/v1/sme-registrations/").status_code == 403


def test_revocation_ends_the_qualification(personas, registry):
    item = SmeRegistration.objects.create(
        enterprise=registry.a,
        year=YEAR,
        status=SmeStatus.PUBLICISED,
        status_on=date(YEAR, 6, 1),
    )
    item = techsme_services.registration_advance(
        actor=personas.staff_a,
        registration=item,
        status=SmeStatus.REGISTERED,
        on=date(YEAR, 7, 1),
        registration_number="R-1",
    )
    techsme_services.registration_advance(
        actor=personas.staff_a,
        registration=item,
        status=SmeStatus.REVOKED,
        on=date(YEAR, 9, 1),
        reason="未按期更新信息表",
    )
    qualification = Qualification.objects.get(enterprise=registry.a, kind="tech_sme")
    assert qualification.valid_until == date(YEAR, 9, 1)
    assert "未按期更新信息表" in qualification.note
    # the registry no longer counts it as a tech SME of that year
    from kechuang.enterprises.selectors import enterprise_list

    assert (
        enterprise_list(user=personas.staff_a, year=YEAR).get(pk=registry.a.pk).is_tech_sme is False
    )
