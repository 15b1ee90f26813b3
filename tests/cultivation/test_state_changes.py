"""The state-change block (issue #13) on tech-SME registrations: a dated, append-only history;
illegal moves refused in Chinese by the service, the API and the importer alike; a revocation
does not move a registration out of the period in which it was registered."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from kechuang.core.periods import Period
from kechuang.core.states import INITIAL, WORKFLOWS
from kechuang.cultivation import figures
from kechuang.cultivation.techsme import services as techsme_services
from kechuang.cultivation.techsme.models import SME_WORKFLOW, SmeEvent, SmeStatus
from kechuang.dataio import services as dataio
from kechuang.dataio.models import BatchStatus

from ..support.sheets import WRITERS, file_name

pytestmark = pytest.mark.django_db


def registered(actor, enterprise, year=2025, on=date(2025, 9, 1)):
    item = techsme_services.registration_mobilise(
        actor=actor, enterprise=enterprise, year=year, on=date(year, 4, 1)
    )
    for status, day in (
        (SmeStatus.SELF_EVALUATED, date(year, 5, 1)),
        (SmeStatus.PUBLICISED, date(year, 8, 1)),
    ):
        item = techsme_services.registration_advance(
            actor=actor, registration=item, status=status, on=day
        )
    return techsme_services.registration_advance(
        actor=actor,
        registration=item,
        status=SmeStatus.REGISTERED,
        on=on,
        registration_number="2025990101A0001",
    )


def test_the_workflow_is_registered_and_starts_at_mobilised():
    assert WORKFLOWS["techsme"] is SME_WORKFLOW
    assert SME_WORKFLOW.can(INITIAL, SmeStatus.MOBILISED)
    assert not SME_WORKFLOW.can(INITIAL, SmeStatus.REGISTERED)


def test_every_move_is_an_event_and_history_is_kept(personas, registry):
    item = registered(personas.staff_a, registry.a)
    states = list(item.events.values_list("state", "occurred_on"))
    assert [s for s, _d in states] == [
        "mobilised",
        "self_evaluated",
        "publicised",
        "registered",
    ]
    techsme_services.registration_advance(
        actor=personas.staff_a,
        registration=item,
        status=SmeStatus.REVOKED,
        on=date(2026, 3, 10),
        reason="提供虚假信息",
    )
    events = list(SME_WORKFLOW.history(item))
    assert [e.state for e in events][-2:] == ["registered", "revoked"]
    assert events[-1].reason == "提供虚假信息" and events[-1].created_by == personas.staff_a


def test_an_illegal_move_is_refused_in_chinese_and_writes_nothing(personas, registry):
    item = registered(personas.staff_a, registry.a)
    before = SmeEvent.objects.count()
    with pytest.raises(ValidationError) as err:
        techsme_services.registration_advance(
            actor=personas.staff_a,
            registration=item,
            status=SmeStatus.MOBILISED,
            on=date(2026, 1, 1),
        )
    message = str(err.value)
    assert "不能从“已入库”变为“已动员”" in message and "可以变为：已撤销" in message
    with pytest.raises(ValidationError, match="不能早于上一状态的日期"):
        techsme_services.registration_advance(
            actor=personas.staff_a,
            registration=item,
            status=SmeStatus.REVOKED,
            on=date(2025, 1, 1),
            reason="x",
        )
    assert SmeEvent.objects.count() == before
    item.refresh_from_db()
    assert item.status == SmeStatus.REGISTERED


def test_a_revocation_does_not_move_the_registration_out_of_its_period(personas, registry):
    item = registered(personas.staff_a, registry.a, on=date(2025, 9, 1))
    year_2025 = Period.year_of(2025)
    count = figures.tech_sme_registered(personas.staff_a, registry.a.region.parent, year_2025)
    assert count.value == 1
    techsme_services.registration_advance(
        actor=personas.staff_a,
        registration=item,
        status=SmeStatus.REVOKED,
        on=date(2026, 3, 10),
        reason="提供虚假信息",
    )
    after = figures.tech_sme_registered(personas.staff_a, registry.a.region.parent, year_2025)
    assert after.value == 1  # still registered in 2025
    year_2026 = Period.year_of(2026)
    assert (
        figures.tech_sme_registered(personas.staff_a, registry.a.region.parent, year_2026).value
        == 0
    )


def test_an_import_cannot_set_a_status_the_service_would_refuse(personas, registry):
    item = registered(personas.staff_a, registry.a)
    techsme_services.registration_advance(
        actor=personas.staff_a,
        registration=item,
        status=SmeStatus.REVOKED,
        on=date(2026, 3, 10),
        reason="提供虚假信息",
    )
    rows = [
        ["统一社会信用代码", "年度", "入库登记编号", "状态", "入库日期"],
        [registry.a.uscc, 2025, "2025990101A0001", "已入库", "2026-04-01"],
    ]
    batch = dataio.batch_upload(
        actor=personas.staff_a,
        sheet="sme-registrations",
        file_name=file_name("xlsx"),
        data=WRITERS["xlsx"](rows),
    )
    assert batch.status == BatchStatus.INVALID
    [error] = batch.errors
    assert error["column"] == "状态" and "不能从“已撤销”变为“已入库”" in error["reason"]


def test_an_imported_status_change_is_an_event(personas, registry):
    item = techsme_services.registration_mobilise(
        actor=personas.staff_a, enterprise=registry.a, year=2025, on=date(2025, 4, 1)
    )
    rows = [
        ["统一社会信用代码", "年度", "状态", "入库日期"],
        [registry.a.uscc, 2025, "已自评", "2025-05-02"],
    ]
    batch = dataio.batch_upload(
        actor=personas.staff_a,
        sheet="sme-registrations",
        file_name=file_name("xlsx"),
        data=WRITERS["xlsx"](rows),
    )
    assert batch.status == BatchStatus.READY, batch.errors
    dataio.batch_commit(actor=personas.staff_a, batch=batch)
    assert list(item.events.values_list("state", flat=True)) == ["mobilised", "self_evaluated"]
    last = item.events.last()
    assert last.occurred_on == date(2025, 5, 2) and last.created_by == personas.staff_a


def test_the_hte_pipeline_checks_its_steps_through_the_state_block():
    """One transitions map (core.states) decides every HTE step; the line keeps its wording."""
    from django.core.exceptions import ValidationError

    from kechuang.core.states import INITIAL, WORKFLOWS, check_move
    from kechuang.cultivation.hte.models import HTE_WORKFLOW, Stage

    assert WORKFLOWS["hte"] is HTE_WORKFLOW
    check_move(HTE_WORKFLOW, INITIAL, Stage.APPLIED)  # a first record may be the application
    check_move(HTE_WORKFLOW, Stage.TRAINED, Stage.TRAINED)  # a second training
    check_move(HTE_WORKFLOW, Stage.PUBLICISED, Stage.NOT_RECOGNISED)
    refusals = {
        (INITIAL, Stage.PUBLICISED): "之前须先有“申报”",
        (Stage.VERIFIED, Stage.RECOGNISED): "之前须先有“公示”",
        (Stage.APPLIED, Stage.TRAINED): "不能再记录更早的",
        (Stage.RECOGNISED, Stage.RECOGNISED): "已有结论",
        (Stage.NOT_RECOGNISED, Stage.APPLIED): "已有结论",
    }
    for (current, to), words in refusals.items():
        with pytest.raises(ValidationError) as caught:
            check_move(HTE_WORKFLOW, current, to)
        assert words in str(caught.value), (current, to)
