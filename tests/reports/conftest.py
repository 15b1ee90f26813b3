"""A hand-counted county for the figures, the dashboard and the report (period: 2025).

甲一镇: 一号机械 (above scale, key cultivated; 2024 figures: no bachelor staff), 二号制药 (above
scale; 5 bachelor staff), 三号软件 (not above scale). Trainings 2025-04 for 一号 and 二号 (with
县财政局、县税务局), guidance 2025-05 for 一号, 一号 applied in batch 1 on 2025-07-10; 三号
mobilised and registered as a tech SME (batch 1) on 2025-06-30; 二号 holds an HTE certificate
2023-11-20 – 2026-11-19. Enterprise B (county B) has its own training, never counted for A.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal as D
from typing import Any

import pytest

from kechuang.core.calendar import batch_save
from kechuang.core.models import Batch
from kechuang.cultivation.hte import services as hte_services
from kechuang.cultivation.techsme import services as techsme_services
from kechuang.enterprises import services as registry_services
from kechuang.targets.services import target_set

from ..enterprises.factories import AnnualFiguresFactory, EnterpriseFactory

YEAR = 2025


@dataclass
class Mini:
    e1: Any
    e2: Any
    e3: Any


@pytest.fixture
def mini(personas, regions, registry) -> Mini:
    staff = personas.staff_a
    e1 = EnterpriseFactory(
        name="一号机械有限公司", region=regions.town_a, is_above_scale=True, is_key_cultivated=True
    )
    e2 = EnterpriseFactory(name="二号制药有限公司", region=regions.town_a, is_above_scale=True)
    e3 = EnterpriseFactory(name="三号软件有限公司", region=regions.town_a)
    AnnualFiguresFactory(enterprise=e1, year=YEAR - 1, employees=50, bachelor_plus_staff=0)
    AnnualFiguresFactory(enterprise=e2, year=YEAR - 1, employees=80, bachelor_plus_staff=5)
    hte_services.activity_record(
        actor=staff,
        kind="training",
        title="高企认定培训",
        held_on=date(YEAR, 4, 15),
        enterprises=[e1, e2],
        year=YEAR,
        organisers="县科技局、县财政局、县税务局",
    )
    hte_services.activity_record(
        actor=personas.staff_b,
        kind="training",
        title="乙县培训",
        held_on=date(YEAR, 4, 16),
        enterprises=[registry.b],
        year=YEAR,
    )
    hte_services.activity_record(
        actor=staff,
        kind="guidance",
        title="联合现场指导",
        held_on=date(YEAR, 5, 20),
        enterprises=[e1],
        year=YEAR,
        organisers="县科技局、县财政局",
    )
    hte_services.event_record(
        actor=staff,
        enterprise=e1,
        year=YEAR,
        stage="applied",
        occurred_on=date(YEAR, 7, 10),
        batch=1,
    )
    batch = batch_save(
        batch=Batch(
            kind="techsme",
            year=YEAR,
            number=1,
            opens_on=date(YEAR, 3, 1),
            closes_on=date(YEAR, 5, 31),
        )
    )
    reg = techsme_services.registration_mobilise(
        actor=staff, enterprise=e3, year=YEAR, on=date(YEAR, 3, 10), batch=batch
    )
    for status, extra in (
        ("self_evaluated", {}),
        ("publicised", {}),
        ("registered", {"registration_number": "2025370101A0001"}),
    ):
        reg = techsme_services.registration_advance(
            actor=staff, registration=reg, status=status, on=date(YEAR, 6, 30), **extra
        )
    registry_services.qualification_create(
        actor=staff,
        enterprise=e2,
        kind="hte",
        number="GR202399000001",
        year=2023,
        issued_on=date(2023, 11, 20),
        valid_until=date(2026, 11, 19),
    )
    target_set(actor=staff, year=YEAR + 1, metric="hte_recognised", value=12)
    assert D(1)  # the module's Decimal import is used by tests importing from here
    return Mini(e1, e2, e3)
