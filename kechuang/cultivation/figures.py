"""Cultivation's figures (seed-figures.md rows 5–10): trainings, joint guidance, verification,
applications by batch, tech-SME mobilisation and registration, recognitions."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from kechuang.core.figures import Figure, Result, enterprises_in, register
from kechuang.core.periods import EXPIRY_MONTHS, Period, months_after
from kechuang.cultivation.hte.models import Activity, PipelineEvent, Stage
from kechuang.cultivation.techsme.models import SmeRegistration, SmeStatus
from kechuang.enterprises.selectors import valid_qualifications


def _stage(stage: str, *, batch: int | None = None) -> Any:
    def compute(user: Any, region: Any, period: Period) -> Result:
        within = enterprises_in(user, region)
        events = PipelineEvent.objects.filter(
            enterprise__in=within.values("pk"),
            stage=stage,
            superseded_by__isnull=True,
            occurred_on__gte=period.start,
            occurred_on__lte=period.end,
        )
        if batch is not None:
            events = events.filter(batch=batch)
        records = within.filter(pk__in=events.values("enterprise_id"))
        mine = events
        months = sorted({d.month for d in mine.dates("occurred_on", "month")})
        texts = Activity.objects.filter(pk__in=mine.values("activity_id")).values_list(
            "organisers", flat=True
        )
        organisers = sorted(
            {
                name.strip()
                for text in texts.distinct()
                for name in text.replace("，", "、").replace(",", "、").split("、")
                if name.strip()
            }
        )
        return Result(records.count(), records, {"months": months, "organisers": organisers})

    return compute


def tech_sme_mobilised(user: Any, region: Any, period: Period) -> Result:
    within = enterprises_in(user, region)
    regs = SmeRegistration.objects.filter(
        enterprise__in=within.values("pk"),
        year__gte=period.start.year,
        year__lte=period.end.year,
    )
    records = within.filter(pk__in=regs.values("enterprise_id"))
    return Result(records.count(), records)


def tech_sme_registered(user: Any, region: Any, period: Period) -> Result:
    within = enterprises_in(user, region)
    # registered within the period, by the dated history: a later revocation is its own event
    # and does not move the registration out of the period it happened in (issue #13)
    regs = SmeRegistration.objects.filter(
        enterprise__in=within.values("pk"),
        events__state=SmeStatus.REGISTERED,
        events__occurred_on__gte=period.start,
        events__occurred_on__lte=period.end,
    )
    records = within.filter(pk__in=regs.values("enterprise_id"))
    # the count and the batches in one pass over the registrations (regs lie within the scope,
    # so their distinct enterprises are exactly ``records``): one query, not two
    counts = regs.aggregate(
        enterprises=Count("enterprise_id", distinct=True), batches=Count("batch", distinct=True)
    )
    return Result(counts["enterprises"], records, {"batches": counts["batches"]})


def certificates_expiring(user: Any, region: Any, period: Period) -> Result:
    """Valid HTE certificates that expire within six months of the count day (today, or the
    period's end once it is over) — those expiring later this month included (issue #12)."""
    on = period.as_of
    until = months_after(on, EXPIRY_MONTHS)
    expiring = (
        valid_qualifications("hte", on).filter(valid_until__lte=until).values("enterprise_id")
    )
    records = enterprises_in(user, region).filter(pk__in=expiring)
    return Result(
        records.count(),
        records,
        {"as_of": on, "until": until, "as_of_label": period.as_of_label},
    )


STAGE_FIGURES = [
    (
        "trained",
        Stage.TRAINED,
        None,
        _("参加高企认定培训的企业"),
        _("期间内有“认定培训”环节记录的企业。"),
    ),
    ("guided", Stage.GUIDED, None, _("现场指导的企业"), _("期间内有“现场指导”环节记录的企业。")),
    (
        "verified",
        Stage.VERIFIED,
        None,
        _("现场核实的企业"),
        _("期间内有“现场核实”环节记录的企业。"),
    ),
    (
        "applied",
        Stage.APPLIED,
        None,
        _("申报高企的企业"),
        _("期间内有“申报”环节记录的企业（各批次）。"),
    ),
    (
        "applied_batch1",
        Stage.APPLIED,
        1,
        _("申报第一批次高企的企业"),
        _("期间内申报第一批次高新技术企业认定的企业。"),
    ),
    ("recognised", Stage.RECOGNISED, None, _("新认定高新技术企业"), _("期间内记录“认定”的企业。")),
]

register(
    *[
        Figure(
            f"cultivation.hte_{key}",
            label,
            _("家"),
            text,
            _stage(stage, batch=batch),
            _("高企培育"),
        )
        for key, stage, batch, label, text in STAGE_FIGURES
    ],
    Figure(
        "cultivation.tech_sme_mobilised",
        _("动员参加科小评价的企业"),
        _("家"),
        _("期间所在年度有科技型中小企业入库记录（已动员及以后各状态）的企业。"),
        tech_sme_mobilised,
        _("科小入库"),
    ),
    Figure(
        "cultivation.tech_sme_registered",
        _("完成评价入库的科技型中小企业"),
        _("家"),
        _("期间内状态变为“已入库”的企业（其后被撤销的也计入当时的入库数）。"),
        tech_sme_registered,
        _("科小入库"),
        # the province's year holds ~45,000 registrations: the distinct count over their dated
        # events and the examples are 250 ms on SQLite (150 ms on PostgreSQL) — the province
        # and cities read it stored (decision 62), a county computes it in a few ms
        budget_ms=350,
    ),
    Figure(
        "cultivation.certificates_expiring",
        _("半年内到期的高企证书"),
        _("家"),
        _(
            "统计日（期间已结束为期末，否则为今天）证书仍有效、且在统计日起6个月内到期"
            "（含本月内到期）、需要重新认定的企业。"
        ),
        certificates_expiring,
        _("高企培育"),
    ),
)
