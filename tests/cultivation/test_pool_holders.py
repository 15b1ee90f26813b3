"""The HTE pool ranks candidates, not holders; an undecided innovation score is its own state,
not a gap (issue #12)."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from kechuang.cultivation.assessments import selectors as pool_selectors
from kechuang.cultivation.assessments import services
from kechuang.enterprises.models import Qualification

from .test_cultivation import YEAR, strong, weak

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 2)


def certify(enterprise, valid_until):
    Qualification.objects.create(
        enterprise=enterprise,
        kind="hte",
        number=f"GR{enterprise.pk:06d}",
        issued_on=date(valid_until.year - 3, valid_until.month, 1),
        valid_until=valid_until,
    )


def test_holders_leave_the_hte_ranking_unless_their_certificate_ends_soon(
    client, personas, regions
):
    settled = weak(regions)
    renewing = strong(regions, "续期企业有限公司")
    candidate = strong(regions, "候选企业有限公司")
    certify(settled, date(2028, 6, 30))
    certify(renewing, date(2027, 3, 31))
    with time_machine.travel(TODAY, tick=False):
        services.assess_enterprises(
            actor=None, enterprises=[settled, renewing, candidate], year=YEAR
        )
        ranked = list(pool_selectors.pool(user=personas.staff_a, year=YEAR))
        holders = list(
            pool_selectors.pool(user=personas.staff_a, year=YEAR, filters={"holders": 1})
        )
        client.force_login(personas.staff_a)
        page = client.get("/cultivation/", {"year": YEAR}).content.decode()
    names = [a.enterprise.name for a in ranked]
    assert "弱企业有限公司" not in names  # a holder does not "fail" as a candidate
    assert {"续期企业有限公司", "候选企业有限公司"} <= set(names)
    assert [a.enterprise.name for a in holders] == ["弱企业有限公司"]
    renewal = next(a for a in ranked if a.enterprise == renewing)
    assert renewal.renewal_until == date(2027, 3, 31)
    assert "2027-03-31到期，需重新认定" in page
    assert "1 家持证企业不参与排名" in page


def test_an_undecided_score_is_not_a_gap(personas, regions):
    from kechuang.rules import hte

    enterprise = strong(regions)
    rows = services.assess_one(actor=personas.staff_a, enterprise=enterprise, year=YEAR)
    assessment = next(a for a in rows if a.rule == "hte")
    replayed = hte.assess(hte.HteInput.from_dict(assessment.snapshot))
    score = next(c for c in replayed.criteria if c.code == "score")
    assert score.passed is None  # no expert grades entered: the range straddles 71
    assert "|score|" not in assessment.gap_codes
    assert any("取决于专家评分" in n for n in replayed.notes)
    assert assessment.verdict == "undetermined"
