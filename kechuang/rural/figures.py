"""Coverage of the key villages (issue #19): a figure with a target, read from the year's
assignments."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from kechuang.core.figures import Column, Figure, Listing, Result, register, register_listing
from kechuang.core.periods import Period

from .models import KeyVillage
from .selectors import coverage

GROUP = _("科技特派员")
VILLAGES = "rural.KeyVillage"

register_listing(
    Listing(
        model=VILLAGES,
        noun=_("村"),
        unit=_("个"),
        columns=(
            Column(_("村（社区）"), "village__name"),
            Column(_("所在乡镇"), "village__parent__name"),
            Column(_("类别"), "kind"),
        ),
        order=("village__code",),
        importance=("village__code",),
        name="village__name",
        region="village",
        companion=("village__code", "village__name", "village__parent__name", "village__code"),
        related=("village__parent",),
    )
)


def _covered(flag: bool | None) -> Any:
    def compute(user: Any, region: Any, period: Period) -> Result:
        rows = coverage(user=user, region=region, year=period.year)
        chosen = [r for r in rows if flag is None or r.covered == flag]
        ids = [r.village.pk for r in chosen]
        found = KeyVillage.objects.filter(village_id__in=ids)
        facts: dict[str, Any] = {"base": len(rows)}
        if flag is True:
            facts["share"] = round(len(chosen) * 100 / len(rows), 1) if rows else None
        return Result(len(chosen), found, facts)

    return compute


register(
    Figure(
        "rural.key_villages",
        _("重点村"),
        _("个"),
        _("区划内标记的重点村（如原省定扶贫工作重点村）。"),
        _covered(None),
        GROUP,
        records=VILLAGES,
    ),
    Figure(
        "rural.key_villages_covered",
        _("科技特派员已覆盖的重点村"),
        _("个"),
        _("当年有科技特派员服务对接到村的重点村；并给出占全部重点村的比重（%）。"),
        _covered(True),
        GROUP,
        records=VILLAGES,
    ),
    Figure(
        "rural.key_villages_uncovered",
        _("未覆盖的重点村"),
        _("个"),
        _("当年没有科技特派员服务对接到村的重点村。"),
        _covered(False),
        GROUP,
        records=VILLAGES,
    ),
)
