"""The registry's figures (seed-figures.md rows 30 and problem 2)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from kechuang.core.figures import Figure, Result, enterprises_in, register
from kechuang.core.periods import Period

from .models import AnnualFigures
from .selectors import valid_qualifications


def above_scale_count(user: Any, region: Any, period: Period) -> Result:
    records = enterprises_in(user, region).filter(is_above_scale=True)
    return Result(records.count(), records)


def above_scale_without_bachelor(user: Any, region: Any, period: Period) -> Result:
    """Above-designated-size enterprises whose yearly figures report no staff with a bachelor's
    degree or above (0), for the data year."""
    above = enterprises_in(user, region).filter(is_above_scale=True)
    none = AnnualFigures.objects.filter(
        year=period.data_year, bachelor_plus_staff=0, enterprise__in=above.values("pk")
    ).values("enterprise_id")
    records = above.filter(pk__in=none)
    # both counts in one pass over the above-scale enterprises (two scans on a province: 409 ms)
    counts = above.order_by().aggregate(
        above_scale=Count("pk"), without=Count("pk", filter=Q(pk__in=none))
    )
    if not counts["without"]:
        # none (the usual answer): the names and ids are known without asking — on PostgreSQL
        # the examples' sorted LIMIT would probe every above-scale enterprise to find none
        records = records.none()
    return Result(
        counts["without"], records, {"year": period.data_year, "above_scale": counts["above_scale"]}
    )


def in_statistics_count(user: Any, region: Any, period: Period) -> Result:
    records = enterprises_in(user, region).filter(in_rd_statistics=True)
    return Result(records.count(), records)


def _holders(kind: str) -> Any:
    """Enterprises holding a qualification of ``kind`` valid on the period's last day."""

    def compute(user: Any, region: Any, period: Period) -> Result:
        on = period.as_of
        holders = valid_qualifications(kind, on).values("enterprise_id")
        records = enterprises_in(user, region).filter(pk__in=holders)
        return Result(records.count(), records, {"as_of": on, "as_of_label": period.as_of_label})

    return compute


hte_valid = _holders("hte")
tech_sme_valid = _holders("tech_sme")


register(
    Figure(
        "enterprises.above_scale",
        _("规模以上企业"),
        _("家"),
        _("企业库中标记为“规上企业”的企业（当前状态）。"),
        above_scale_count,
        _("企业库"),
    ),
    Figure(
        "enterprises.above_scale_without_bachelor",
        _("没有本科及以上学历人员的规上企业"),
        _("家"),
        _("规上企业中，数据年度（期间结束前一年）年度数据填报“本科及以上学历人数”为0的企业。"),
        above_scale_without_bachelor,
        _("企业库"),
    ),
    Figure(
        "enterprises.in_statistics",
        _("纳统企业"),
        _("家"),
        _("企业库中标记为“纳统企业”的企业（当前状态）。"),
        in_statistics_count,
        _("企业库"),
    ),
    Figure(
        "enterprises.hte_valid",
        _("有效期内高新技术企业"),
        _("家"),
        _(
            "统计日（期间已结束为期末，否则为今天）证书在有效期内的高新技术企业："
            "发证日期不晚于统计日、有效期至不早于统计日。企业库的“高新技术企业”筛选用同一口径。"
        ),
        hte_valid,
        _("企业库"),
    ),
    Figure(
        "enterprises.tech_sme_valid",
        _("有效期内科技型中小企业"),
        _("家"),
        _("统计日（期间已结束为期末，否则为今天）入库登记仍有效的科技型中小企业。"),
        tech_sme_valid,
        _("企业库"),
    ),
)
