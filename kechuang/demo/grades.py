"""Demo expert grades and HTE annual reports, so "pending" and "at risk" mean something.

Most certificates have their annual reports filed (a few holders are careless and miss two, which
puts the certificate at risk of revocation); about half of the HTE candidates whose verdict hangs
on the experts have been graded, and are re-assessed so the pool ranks by points, not bands.
"""

from __future__ import annotations

import random
from datetime import date
from typing import Any

from kechuang.accounts.models import Region

FILED_SHARE = 0.93  # of a diligent holder's due reports
CARELESS_SHARE = 0.06  # holders who miss most of their reports
GRADED_SHARE = 0.5  # of the candidates pending on expert grades


def build_annual_reports(rng: random.Random, counties: list[Region], log: Any) -> None:
    from kechuang.cultivation.hte.models import AnnualReport
    from kechuang.cultivation.hte.selectors import due_years
    from kechuang.dataio.engine import create_audited
    from kechuang.enterprises.models import Qualification

    today = date.today()
    reports: list[AnnualReport] = []
    for county in counties:
        certificates = Qualification.objects.filter(
            enterprise__region__parent=county, kind="hte", issued_on__isnull=False
        ).exclude(annual_reports__isnull=False)  # idempotent: a county already done is skipped
        for cert in certificates.order_by("pk"):
            if cert.issued_on is None or cert.valid_until is None:
                continue
            careless = rng.random() < CARELESS_SHARE
            for year in due_years(cert.issued_on, cert.valid_until, today):
                if rng.random() < (0.2 if careless else FILED_SHARE):
                    filed_on = date(year, rng.randint(3, 5), rng.randint(1, 28))
                    reports.append(AnnualReport(certificate=cert, year=year, filed_on=filed_on))
    create_audited(reports, None, cid="demo-seed")
    log(f"高企年报：{len(reports)} 份已填报")


def build_expert_grades(rng: random.Random, counties: list[Region], log: Any) -> None:
    from kechuang.cultivation.assessments.services import assess_enterprises
    from kechuang.cultivation.models import (
        Assessment,
        ExpertGrade,
        Grade,
        IpObtained,
        RuleName,
        Verdict,
    )
    from kechuang.dataio.engine import create_audited
    from kechuang.enterprises.models import Enterprise, Qualification

    year = date.today().year
    pending = list(
        Assessment.objects.filter(
            enterprise__region__parent__in=counties,
            rule=RuleName.HTE,
            year=year,
            is_latest=True,
            verdict=Verdict.UNDETERMINED,
        )
        .exclude(enterprise__expert_grades__year=year)
        .order_by("enterprise_id")
        .values_list("enterprise_id", flat=True)
    )
    chosen = [pk for pk in pending if rng.random() < GRADED_SHARE]
    # Holders were recognised once: the experts grade their IP and management higher.
    holders = set(
        Qualification.objects.filter(kind="hte", enterprise_id__in=chosen).values_list(
            "enterprise_id", flat=True
        )
    )
    experts = ["王建国（省科技评估中心）", "李晓梅（市生产力促进中心）", "陈志强（某大学机械学院）"]
    # Grades lean to the middle: most candidates are B–C, a few A or D.
    weights = [(Grade.A, 2), (Grade.B, 5), (Grade.C, 5), (Grade.D, 2), (Grade.E, 1)]
    letters = [g for g, w in weights for _i in range(w)]
    strong = [Grade.A, Grade.A, Grade.B, Grade.B, Grade.B, Grade.C]
    grades = []
    for pk in chosen:
        held = pk in holders
        grades.append(
            ExpertGrade(
                enterprise_id=pk,
                year=year,
                ip_advancement=rng.choice(strong if held else letters),
                ip_core_support=rng.choice(strong if held else letters),
                ip_obtained=IpObtained.OWN if rng.random() < 0.8 else IpObtained.TRANSFER,
                standards_bonus=rng.random() < (0.4 if held else 0.15),
                conversion_points=rng.randint(18, 28) if held else rng.randint(10, 28),
                rd_management_points=rng.randint(13, 19) if held else rng.randint(8, 19),
                expert=rng.choice(experts),
                note="演示数据",
            )
        )
    create_audited(grades, None, cid="demo-seed")
    enterprises = list(Enterprise.objects.filter(pk__in=chosen))
    assess_enterprises(actor=None, enterprises=enterprises, year=year)
    log(f"专家评分：{len(grades)} 家（共 {len(pending)} 家待专家评分），已重新评价")
