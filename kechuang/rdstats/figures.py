"""The R&D survey's figures (seed-figures.md row 4 and problem 4)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from kechuang.core.figures import Figure, Result, enterprises_in, register
from kechuang.core.periods import Period
from kechuang.core.scoping import region_q

from .models import SurveyCampaign, SurveyForm, SurveyStatus
from .selectors import HAS_RATIO, below_q, with_ratio

DONE = [SurveyStatus.SUBMITTED, SurveyStatus.ACCEPTED]


def campaigns_for(region: Any, period: Period) -> list[SurveyCampaign]:
    """The surveys carried out in the period (deadline inside it), else the data year's, of the
    region or any area within it."""
    within = SurveyCampaign.objects.filter(region_q("region", region.code)).select_related("region")
    run = list(within.filter(deadline__gte=period.start, deadline__lte=period.end))
    return run or list(within.filter(year=period.data_year))


def _forms(user: Any, region: Any, period: Period) -> tuple[Any, list[SurveyCampaign]]:
    campaigns = campaigns_for(region, period)
    forms = SurveyForm.objects.filter(
        campaign__in=campaigns, enterprise__in=enterprises_in(user, region).values("pk")
    )
    return forms, campaigns


def survey_submitted(user: Any, region: Any, period: Period) -> Result:
    forms, campaigns = _forms(user, region, period)
    done = forms.filter(status__in=DONE)
    records = enterprises_in(user, region).filter(pk__in=done.values("enterprise_id"))
    years = sorted({c.year for c in campaigns})
    return Result(
        records.count(), records, {"year": years[-1] if years else None, "invited": forms.count()}
    )


def rd_total(user: Any, region: Any, period: Period) -> Result:
    forms, campaigns = _forms(user, region, period)
    accepted = forms.filter(status=SurveyStatus.ACCEPTED)
    total = accepted.aggregate(rd=Sum("exp_total"))["rd"] or Decimal(0)
    records = enterprises_in(user, region).filter(pk__in=accepted.values("enterprise_id"))
    gdp = sum((c.gdp for c in campaigns if c.gdp and c.region_id == region.pk), Decimal(0))
    accepted_n = records.count()
    submitted_n = forms.filter(status__in=DONE).count()
    return Result(
        total.quantize(Decimal("0.01")),
        records,
        {
            "intensity": total * 100 / gdp if gdp else None,
            "gdp": gdp or None,
            # A total over the accepted forms only: say so wherever it is used (issue #12).
            "accepted": accepted_n,
            "submitted": submitted_n,
            "partial_label": (
                _("已审核%(a)d家（共提交%(s)d家）") % {"a": accepted_n, "s": submitted_n}
                if accepted_n < submitted_n
                else ""
            ),
        },
    )


def below_threshold(user: Any, region: Any, period: Period) -> Result:
    """Accepted forms whose R&D / revenue is below the survey's threshold (default 3 %)."""
    forms, campaigns = _forms(user, region, period)
    threshold = campaigns[0].threshold if campaigns else Decimal(3)
    accepted = with_ratio(forms.filter(status=SurveyStatus.ACCEPTED))
    rated = accepted.filter(HAS_RATIO)
    below = rated.filter(below_q(threshold))
    records = enterprises_in(user, region).filter(pk__in=below.values("enterprise_id"))
    base = rated.count()
    count = records.count()
    return Result(
        count,
        records,
        {
            "threshold": threshold,
            "base": base,
            "share": Decimal(count * 100) / base if base else None,
        },
    )


register(
    Figure(
        "rdstats.survey_submitted",
        _("填报研发投入统计年报的纳统企业"),
        _("家"),
        _("期间内截止的研发投入统计调查（没有时取数据年度的调查）中已提交或已通过的企业。"),
        survey_submitted,
        _("研发投入统计"),
    ),
    Figure(
        "rdstats.rd_total",
        _("研发经费支出合计"),
        _("元"),
        _("同一调查中已审核通过的统计表的研究开发费用合计之和；填写GDP时同时给出研发投入强度。"),
        rd_total,
        _("研发投入统计"),
    ),
    Figure(
        "rdstats.below_threshold",
        _("研发投入强度低于预警线的企业"),
        _("家"),
        _(
            "同一调查中已通过、有营业收入的企业里，研究开发费用÷营业收入低于预警线（调查设置，默认3%）的企业。"
        ),
        below_threshold,
        _("研发投入统计"),
    ),
)
