"""Synthetic R&D survey campaigns: last year's (mostly reviewed) and the year before (accepted).

Form values are derived from each enterprise's registry figures with a small spread, so the
cross-checks fire for a few enterprises, as they would in a real county. Every name is invented.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from kechuang.accounts.models import Region

CENT = Decimal("0.01")
SPLIT = [  # share of R&D expenditure by category (sums to 1)
    ("exp_personnel", Decimal("0.45")),
    ("exp_direct", Decimal("0.30")),
    ("exp_depreciation", Decimal("0.08")),
    ("exp_amortisation", Decimal("0.02")),
    ("exp_design", Decimal("0.03")),
    ("exp_trials", Decimal("0.04")),
    ("exp_commissioned_universities", Decimal("0.05")),
]


def form_values(rng: random.Random, figures: dict[str, Any]) -> dict[str, Any]:
    """Coherent 107-2 totals (parts add up, of-which lines within totals) from yearly figures."""
    base = figures.get("rd_expense") or Decimal(0)
    spread = Decimal(rng.choice([100, 100, 100, 102, 98, 104, 96, 115, 88])) / 100
    total = (Decimal(base) * spread).quantize(CENT)
    values: dict[str, Any] = {"exp_total": total, "exp_other": total}
    for name, share in SPLIT:
        values[name] = (total * share).quantize(CENT)
        values["exp_other"] -= values[name]
    government = (total * Decimal(rng.choice([0, 0, 0, 5, 10])) / 100).quantize(CENT)
    values.update(src_own=total - government, src_government=government)
    staff = figures.get("rd_staff") or figures.get("st_staff") or max(1, int(total / 200_000))
    bachelors = max(0, int(staff * rng.uniform(0.4, 0.9)))
    masters = min(bachelors, int(staff * rng.uniform(0, 0.2)))
    values.update(
        operating_revenue=figures.get("sales_revenue"),
        total_cost=figures.get("total_cost"),
        staff_total=staff,
        staff_management=int(staff * 0.1),
        staff_women=int(staff * rng.uniform(0.15, 0.45)),
        staff_fulltime=int(staff * 0.7),
        staff_bachelor_plus=bachelors,
        staff_master=masters,
        staff_phd=min(bachelors - masters, int(staff * 0.03)),
        fte=(Decimal(staff) * Decimal("0.8")).quantize(Decimal("0.1")),
        out_patent_apps=rng.randint(0, 8),
        out_trademarks=rng.randint(0, 3),
    )
    values["out_invention_apps"] = rng.randint(0, values["out_patent_apps"])
    if values["total_cost"] is not None and total > values["total_cost"]:
        values["total_cost"] = total  # keep the demo's figures consistent with the checks
    return values


def _figures(enterprise_ids: list[int], year: int) -> dict[int, dict[str, Any]]:
    from kechuang.enterprises.models import AnnualFigures

    rows = AnnualFigures.objects.filter(enterprise_id__in=enterprise_ids, year=year).values(
        "enterprise_id", "rd_expense", "rd_staff", "st_staff", "sales_revenue", "total_cost"
    )
    return {r["enterprise_id"]: r for r in rows}


def build_campaign(
    rng: random.Random,
    region: Region,
    year: int,
    statuses: list[tuple[str, int]],
    *,
    audited: bool = True,
    keep_pending: set[int] = frozenset(),  # type: ignore[assignment]
    gdp: Decimal | None = None,
    today: date | None = None,
) -> Any:
    """A campaign for ``region``'s 纳统 enterprises with forms in the weighted ``statuses``.

    Given ``today``, the campaign is still running on that day (issue #14: the demo county is
    alive whenever it is generated): opened at least 40 days before, due at least 30 after,
    every form submitted between the two."""
    from kechuang.core.scoping import region_q
    from kechuang.dataio.engine import create_audited
    from kechuang.enterprises.models import Enterprise
    from kechuang.rdstats.models import SurveyCampaign, SurveyEvent, SurveyForm, SurveyStatus

    campaign = SurveyCampaign(
        region=region,
        year=year,
        deadline=max(date(year + 1, 3, 31), today + timedelta(days=30))
        if today
        else date(year + 1, 3, 31),
        instructions="请按国家统计局《企业研发活动情况表》口径填报，金额单位为万元。",
        gdp=gdp,
    )
    campaign.full_clean()
    campaign.save()
    ids = list(
        Enterprise.objects.filter(region_q("region", region.code), in_rd_statistics=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    figures = _figures(ids, year)
    names = [s for s, _w in statuses]
    weights = [w for _s, w in statuses]
    forms, events = [], []
    opened = date(year + 1, 1, 10)
    if today is not None:
        opened = min(opened, today - timedelta(days=40))
    for pk in ids:
        status = "pending" if pk in keep_pending else rng.choices(names, weights)[0]
        form = SurveyForm(campaign=campaign, enterprise_id=pk, status=status)
        if status == "pending":
            mine = figures.get(pk, {})
            form.operating_revenue = mine.get("sales_revenue")
            form.total_cost = mine.get("total_cost")
        else:
            for name, value in form_values(rng, figures.get(pk, {})).items():
                setattr(form, name, value)
        forms.append(form)
    if audited:
        created = create_audited(forms, None, cid="demo", additional={"source": "demo"})
    else:
        created = SurveyForm.objects.bulk_create(forms, batch_size=5000)
    path = {
        "pending": ["pending"],
        "draft": ["pending", "draft"],
        "submitted": ["pending", "draft", "submitted"],
        "returned": ["pending", "draft", "submitted", "returned"],
        "accepted": ["pending", "draft", "submitted", "accepted"],
    }
    comments = {"pending": "发起填报", "returned": "研发人员数与项目人月不符，请核对后重新提交。"}
    submitted_at = []
    for form in created:
        for status in path[form.status]:
            events.append(
                SurveyEvent(
                    form=form,
                    state=status,
                    occurred_on=opened,
                    note=comments.get(status, ""),
                )
            )
            if status == SurveyStatus.SUBMITTED:
                submitted_at.append(form.pk)
    if audited:
        create_audited(events, None, cid="demo", additional={"source": "demo"})
    else:
        SurveyEvent.objects.bulk_create(events, batch_size=5000)
    SurveyForm.objects.filter(pk__in=submitted_at).update(
        submitted_at=_aware(opened + timedelta(days=rng.randint(10, 70 if today is None else 39)))
    )
    return campaign


def _aware(day: date) -> Any:
    from datetime import datetime, time

    from django.utils import timezone

    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def build_rd_surveys(rng: random.Random, counties: list[Region], log: Any) -> None:
    from kechuang.accounts.models import User
    from kechuang.rdstats.models import SurveyCampaign

    last = date.today().year - 1
    keep = set(
        User.objects.filter(username="demo-enterprise-a").values_list(
            "enterprise_link__enterprise_id", flat=True
        )
    ) - {None}
    made = 0
    for county in counties:
        if SurveyCampaign.objects.filter(region=county).exists():
            continue
        build_campaign(rng, county, last - 1, [("accepted", 1)], gdp=Decimal("28500000000"))
        build_campaign(
            rng,
            county,
            last,
            [("accepted", 60), ("submitted", 15), ("returned", 5), ("draft", 10), ("pending", 10)],
            keep_pending=keep,
            gdp=Decimal("30200000000"),
            today=date.today(),
        )
        made += 2
    log(f"研发统计调查：{made} 个（{last - 1}、{last}年度）")
