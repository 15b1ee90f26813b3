"""Expert grades resolve pending HTE verdicts (issue #12): recorded with who and when, the
assessment narrows from a range to points, the pool re-ranks, audited and scoped."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError

from kechuang.cultivation.assessments import selectors as pool_selectors
from kechuang.cultivation.assessments import services
from kechuang.cultivation.models import ExpertGrade

from .test_cultivation import YEAR, strong

pytestmark = pytest.mark.django_db

TOP = {
    "ip_advancement": "A",
    "ip_core_support": "A",
    "ip_obtained": "own",
    "standards_bonus": True,
    "conversion_points": 28,
    "rd_management_points": 18,
}
BOTTOM = {
    "ip_advancement": "E",
    "ip_core_support": "E",
    "ip_obtained": "transfer",
    "standards_bonus": False,
    "conversion_points": 0,
    "rd_management_points": 0,
}


def hte_of(rows):
    return next(a for a in rows if a.rule == "hte")


def test_grades_narrow_a_pending_verdict_to_a_score(personas, regions):
    enterprise = strong(regions)
    before = hte_of(services.assess_one(actor=personas.staff_a, enterprise=enterprise, year=YEAR))
    assert before.verdict == "undetermined" and before.score_min < before.score_max
    grade, rows = services.expert_grade_save(
        actor=personas.staff_a, enterprise=enterprise, year=YEAR, expert="张专家", **TOP
    )
    after = hte_of(rows)
    assert after.verdict == "pass" and after.score_min >= 71
    assert after.score_max - after.score_min < before.score_max - before.score_min
    assert grade.entered_by == personas.staff_a and grade.expert == "张专家"
    _grade, rows = services.expert_grade_save(
        actor=personas.staff_a, enterprise=enterprise, year=YEAR, **BOTTOM
    )
    low = hte_of(rows)
    assert low.verdict == "fail" and "|score|" in low.gap_codes
    assert ExpertGrade.objects.count() == 1  # one record per enterprise and year, updated
    assert LogEntry.objects.get_for_object(grade).count() == 2


def test_the_pool_re_ranks_and_counts_what_is_still_pending(personas, regions):
    a = strong(regions, "甲评分企业有限公司")
    b = strong(regions, "乙评分企业有限公司")
    services.assess_enterprises(actor=None, enterprises=[a, b], year=YEAR)
    pending = pool_selectors.pool(user=personas.staff_a, year=YEAR).filter(verdict="undetermined")
    assert pending.count() == 2
    services.expert_grade_save(actor=personas.staff_a, enterprise=b, year=YEAR, **TOP)
    ranked = list(pool_selectors.pool(user=personas.staff_a, year=YEAR))
    assert ranked[0].enterprise == b and ranked[0].verdict == "pass"
    assert (
        pool_selectors.pool(user=personas.staff_a, year=YEAR).filter(verdict="undetermined").count()
        == 1
    )


def test_partial_grades_keep_the_rest_of_the_band(personas, regions):
    enterprise = strong(regions)
    rows = services.assess_one(actor=personas.staff_a, enterprise=enterprise, year=YEAR)
    wide = hte_of(rows)
    _g, rows = services.expert_grade_save(
        actor=personas.staff_a, enterprise=enterprise, year=YEAR, conversion_points=20
    )
    narrower = hte_of(rows)
    assert wide.score_min <= narrower.score_min <= narrower.score_max <= wide.score_max
    assert narrower.score_max - narrower.score_min < wide.score_max - wide.score_min


def test_out_of_range_points_and_other_counties_are_refused(personas, regions, registry):
    enterprise = strong(regions)
    with pytest.raises(ValidationError):
        services.expert_grade_save(
            actor=personas.staff_a, enterprise=enterprise, year=YEAR, conversion_points=31
        )
    with pytest.raises(PermissionDenied):
        services.expert_grade_save(
            actor=personas.staff_b, enterprise=enterprise, year=YEAR, conversion_points=10
        )
    assert not ExpertGrade.objects.exists()


def test_the_page(client, personas, regions):
    enterprise = strong(regions)
    services.assess_one(actor=personas.staff_a, enterprise=enterprise, year=YEAR)
    client.force_login(personas.staff_a)
    report = client.get(f"/cultivation/enterprises/{enterprise.pk}/", {"year": YEAR})
    assert "专家评分" in report.content.decode()
    url = f"/cultivation/enterprises/{enterprise.pk}/grades/?year={YEAR}"
    assert "未评（保留区间）" in client.get(url).content.decode()
    data = {**TOP, "standards_bonus": "true", "expert": "李专家", "note": "", "year": YEAR}
    response = client.post(url, data, follow=True)
    page = response.content.decode()
    assert "专家评分已保存并重新评价：符合" in page
    assert ExpertGrade.objects.get().expert == "李专家"
    client.force_login(personas.leader)
    assert client.post(url, data).status_code == 403  # leaders read only
    client.force_login(personas.staff_b)
    assert client.get(url).status_code == 404  # another county's enterprise
