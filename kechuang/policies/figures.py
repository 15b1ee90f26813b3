"""The policy line's figures: one definition each."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kechuang.core.figures import (
    Column,
    Figure,
    Listing,
    Result,
    enterprises_in,
    register,
    register_listing,
)
from kechuang.core.periods import Period

GROUP = _("科技政策")
DISSEMINATIONS = "policies.Dissemination"
POLICIES = "policies.Policy"

register_listing(
    Listing(
        model=DISSEMINATIONS,
        noun=_("宣传"),
        unit=_("条"),
        columns=(
            Column(_("标题"), "title"),
            Column(_("宣传方式"), "get_outlet_display"),
            Column(_("发布日期"), "published_on"),
        ),
        order=("published_on", "pk"),
        importance=("published_on", "pk"),
        name="title",
        region="region",
        companion=("pk", "title", "region__name", "published_on"),
    )
)
register_listing(
    Listing(
        model=POLICIES,
        noun=_("政策"),
        unit=_("项"),
        columns=(
            Column(_("政策名称"), "title"),
            Column(_("文号"), "document_number"),
            Column(_("发布日期"), "issued_on"),
        ),
        order=("issued_on", "pk"),
        importance=("issued_on", "pk"),
        name="title",
        region="region",
        companion=("document_number", "title", "region__name", "issued_on"),
    )
)


def disseminations(user: Any, region: Any, period: Period) -> Result:
    """Dissemination records published in the period (posts, talks), with their titles and
    the outlets used, in order."""
    from .models import Dissemination

    found = Dissemination.objects.visible_in(user, region).filter(
        published_on__gte=period.start, published_on__lte=period.end
    )
    rows = list(found.order_by("published_on", "pk").values_list("title", "outlet", "reach"))
    outlets = list(dict.fromkeys(o for _t, o, _r in rows))
    return Result(
        len(rows),
        found,
        {
            "titles": [t for t, _o, _r in rows],
            "outlets": outlets,
            "reach": sum(r or 0 for _t, _o, r in rows),
        },
    )


def told(user: Any, region: Any, period: Period) -> Result:
    """Enterprises told of a policy in the period (the push ledger); ``pushes``: the pushes,
    ``policies``: how many policies were pushed."""
    from .models import Policy, Push

    within = enterprises_in(user, region)
    pushes = Push.objects.filter(
        enterprise__in=within.values("pk"),
        pushed_on__gte=period.start,
        pushed_on__lte=period.end,
    )
    records = within.filter(pk__in=pushes.values("enterprise_id"))
    policy_ids = list(pushes.order_by().values_list("policy_id", flat=True).distinct())
    titles = list(
        Policy.objects.filter(pk__in=policy_ids)
        .order_by("issued_on", "pk")
        .values_list("title", flat=True)
    )
    return Result(
        records.count(),
        records,
        {"pushes": pushes.count(), "policies": len(policy_ids), "titles": titles},
    )


def in_force(user: Any, region: Any, period: Period) -> Result:
    """Policies that apply in the region (its own and those of the regions above it) in force
    on the period's last day."""
    from .selectors import library

    day = period.end
    found = (
        library(user, region)
        .filter(issued_on__lte=day)
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=day))
    )
    return Result(found.count(), found, {})


register(
    Figure(
        "policies.disseminations",
        _("政策宣传"),
        _("条"),
        _("期间内通过微信、公众号、网站或宣讲发布的政策和科普宣传。"),
        disseminations,
        GROUP,
        records=DISSEMINATIONS,
        snapshot=False,
    ),
    Figure(
        "policies.told",
        _("获精准推送政策的企业"),
        _("家"),
        _("期间内推送台账中有记录的企业（事实“pushes”为推送次数）。"),
        told,
        GROUP,
    ),
    Figure(
        "policies.in_force",
        _("有效期内的科技政策"),
        _("项"),
        _("期末仍在有效期内的政策库政策。"),
        in_force,
        GROUP,
        records=POLICIES,
        snapshot=False,
    ),
)
