"""Platforms' figures (seed-figures.md rows 11–14, 31, 35, 37; diagnostic 3).

Where a platform stood on a day — its state and the level it held — is read from its dated
history, not from the record's current columns, so last year's report counts last year's
platforms. Every figure lists platforms (``records="platforms.Platform"``) except the
above-scale enterprises hosting one, which lists enterprises.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from django.utils.text import format_lazy
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from kechuang.core.figures import (
    Column,
    Figure,
    Listing,
    Result,
    covers,
    enterprises_in,
    register,
    register_listing,
    short_name,
)
from kechuang.core.figures import (
    enterprise_model as figure_model,
)
from kechuang.core.periods import Period
from kechuang.enterprises.models import Enterprise

from .choices import LEVEL_RANK, PlatformLevel, PlatformStatus
from .models import Platform, PlatformEvent

S = PlatformStatus
PLATFORMS = "platforms.Platform"
GROUP = _("创新平台")
LOW_LEVELS = (PlatformLevel.MUNICIPAL, PlatformLevel.COUNTY)  # "市级及以下"

register_listing(
    Listing(
        model=PLATFORMS,
        noun=_("平台"),
        unit=_("家"),
        columns=(
            Column(_("平台名称"), "name"),
            Column(_("平台类型"), "kind__name"),
            Column(_("现有级别"), "get_level_display"),
            Column(_("状态"), "get_status_display"),
            Column(_("依托单位"), "host_name"),
            Column(_("所在乡镇"), "region__name"),
        ),
        order=("region__code", "kind__order", "name", "pk"),
        importance=("name", "pk"),
        companion=("kind__name", "name", "region__name", "name"),
        related=("region", "kind", "host_enterprise"),
    )
)


def platforms_in(user: Any, region: Any) -> Any:
    """The platforms of the region's subtree the user may see (``user=None``: the system)."""
    return Platform.objects.visible_in(user, region)


def standing(user: Any, region: Any, on: date) -> dict[int, tuple[str, str]]:
    """Each platform's (state, level held) on day ``on``, from the history: the last event on
    or before the day gives the state; the last approval the level, unless revoked since."""
    found: dict[int, tuple[str, str]] = {}
    events = (
        PlatformEvent.objects.filter(
            platform__in=platforms_in(user, region).values("pk"), occurred_on__lte=on
        )
        .order_by("platform_id", "occurred_on", "pk")
        .values_list("platform_id", "state", "level")
    )
    for platform_id, state, level in events:
        held = found.get(platform_id, ("", ""))[1]
        if state == S.APPROVED:
            held = level or held
        elif state == S.REVOKED:
            held = ""
        found[platform_id] = (state, held)
    return found


def _records(user: Any, region: Any, ids: list[int]) -> Any:
    return platforms_in(user, region).filter(pk__in=ids)


def _label(level: str) -> str:
    return str(PlatformLevel(level).label) if level else ""


def total(user: Any, region: Any, period: Period) -> Result:
    """Platforms holding a level (approved, not revoked) on the count day, by level."""
    held = {pk: level for pk, (_s, level) in standing(user, region, period.as_of).items() if level}
    by_level = Counter(held.values())
    low = sum(by_level[level] for level in LOW_LEVELS)
    n = len(held)
    records = _records(user, region, list(held))
    # by id alone: the ids came from the user's scope, and the region filter beside a long id
    # list sent SQLite through the region subquery per id (a province: 2.5 s → ms)
    institutions = sorted(
        {
            name
            for pk, name in Platform.objects.exclude(host_institution="").values_list(
                "pk", "host_institution"
            )
            if pk in held
        }
    )
    return Result(
        n,
        records,
        {
            # platform records of any state: none at all means the line is not kept here
            "recorded": platforms_in(user, region).count(),
            "institutions": institutions,
            "by_level": {level.value: by_level.get(level.value, 0) for level in PlatformLevel},
            "low": low,
            "share_low": round(low * 100 / n, 1) if n else None,
            "as_of_label": period.as_of_label,
        },
    )


def _at_level(level: str) -> Any:
    def compute(user: Any, region: Any, period: Period) -> Result:
        held = [
            pk for pk, (_s, have) in standing(user, region, period.as_of).items() if have == level
        ]
        return Result(len(held), _records(user, region, held), {"as_of_label": period.as_of_label})

    return compute


def municipal_or_below(user: Any, region: Any, period: Period) -> Result:
    """Platforms holding a municipal or county level on the count day; the share of all."""
    held = {pk: lv for pk, (_s, lv) in standing(user, region, period.as_of).items() if lv}
    low = [pk for pk, level in held.items() if level in LOW_LEVELS]
    share = round(len(low) * 100 / len(held), 1) if held else None
    return Result(
        len(low),
        _records(user, region, low),
        {"share": share, "base": len(held), "as_of_label": period.as_of_label},
    )


EVENT_COLUMNS = (
    "pk",
    "occurred_on",
    "level",
    "issuer",
    "platform_id",
    "platform__name",
    "platform__kind_id",
    "platform__kind__name",
    "platform__host_enterprise__name",
    "platform__host_institution",
    "platform__region__name",
    "platform__region__code",
)


def _events_in(state: str) -> Any:
    """Platforms with a ``state`` event within the period; facts: each event in date order
    (month, level, type, name, host, issuer) for the report's sentences. Plain rows, not model
    instances: a province's year holds ~2,000 of them."""

    def compute(user: Any, region: Any, period: Period) -> Result:
        rows = [
            dict(zip(EVENT_COLUMNS, row, strict=True))
            for row in PlatformEvent.objects.filter(
                platform__in=platforms_in(user, region).values("pk"),
                state=state,
                occurred_on__gte=period.start,
                occurred_on__lte=period.end,
            )
            .order_by("occurred_on", "pk")
            .values_list(*EVENT_COLUMNS)
        ]
        firsts = _firsts(rows) if state == S.APPROVED else set()
        items: list[dict[str, Any]] = []
        for row in rows:
            on, host = row["occurred_on"], row["platform__host_enterprise__name"]
            items.append(
                {
                    "id": row["platform_id"],
                    "on": on,
                    "month": on.month,
                    "year": on.year,
                    "level": row["level"],
                    "level_label": _label(row["level"]),
                    "kind": row["platform__kind__name"],
                    "name": row["platform__name"],
                    "host": short_name(host) if host else row["platform__host_institution"],
                    "institution": row["platform__host_institution"],
                    "town": row["platform__region__name"],
                    "issuer": row["issuer"],
                    "first": row["pk"] in firsts,
                }
            )
        ids = sorted({item["id"] for item in items})
        facts: dict[str, Any] = {"items": items}
        if items:  # the card's line: the latest, with its month, name and level
            last = items[-1]
            facts["note"] = _g("最近：%(m)s月 %(n)s（%(l)s%(k)s）") % {
                "m": last["month"],
                "n": last["name"],
                "l": last["level_label"],
                "k": last["kind"],
            }
        return Result(len(ids), _records(user, region, ids), facts)

    return compute


def _rank(level: str) -> int:
    return LEVEL_RANK.get(PlatformLevel(level), 0) if level else 0


def _firsts(approvals: list[dict[str, Any]]) -> set[int]:
    """The approvals that made their platform the county's first of its type at that level or
    higher (the seed's "这也是全县首家国家级众创空间"): one query for all of them."""
    if not approvals:
        return set()
    earlier = PlatformEvent.objects.filter(
        state=S.APPROVED,
        platform__kind_id__in={row["platform__kind_id"] for row in approvals},
        occurred_on__lt=max(row["occurred_on"] for row in approvals),
    )
    # per (type, county): the earlier approvals, so each check looks at a handful of rows
    before: dict[tuple[int, str], list[tuple[int, int, date]]] = {}
    for other, kind, code, level, on in earlier.values_list(
        "platform_id", "platform__kind_id", "platform__region__code", "level", "occurred_on"
    ):
        before.setdefault((kind, code[:6]), []).append((other, _rank(level), on))
    firsts = set()
    for row in approvals:
        rank = _rank(row["level"])
        group = before.get((row["platform__kind_id"], row["platform__region__code"][:6]), [])
        if rank and not any(
            other != row["platform_id"] and held >= rank and on < row["occurred_on"]
            for other, held, on in group
        ):
            firsts.add(row["pk"])
    return firsts


def _standing_in(*states: str) -> Any:
    """Platforms whose state on the count day is one of ``states`` (negotiations, plans)."""

    def compute(user: Any, region: Any, period: Period) -> Result:
        now = standing(user, region, period.as_of)
        ids = [pk for pk, (state, _level) in now.items() if state in states]
        # by id alone (the ids came from the user's scope; see total())
        chosen = Platform.objects.filter(pk__in=ids).select_related("kind", "host_enterprise")
        items = [
            {
                "id": p.pk,
                "name": p.name,
                "kind": p.kind.name,
                "host": short_name(p.host_name),
                "institution": p.host_institution,
                "state": now[p.pk][0],  # as on the count day, not today
                "sought": _label(p.sought_level),
            }
            for p in sorted(chosen, key=lambda p: (p.name, p.pk))
        ]
        return Result(len(ids), _records(user, region, ids), {"items": items})

    return compute


def above_scale_hosting(user: Any, region: Any, period: Period) -> Result:
    """Above-scale enterprises hosting a platform that holds a level on the count day."""
    held = [pk for pk, (_s, lv) in standing(user, region, period.as_of).items() if lv]
    hosts = sorted(
        set(
            Platform.objects.filter(pk__in=held, host_enterprise__isnull=False).values_list(
                "host_enterprise_id", flat=True
            )
        )
    )
    # the region's above-scale enterprises (scoped) met in Python: a host-id list beside the
    # region filter sent SQLite through the region subquery per id, and a host subquery had
    # PostgreSQL hash the whole enterprise table (a province: 4.5 s / 0.25 s → both ~0.1 s)
    model = figure_model()
    if covers(user, region):  # the user sees the whole region: its code prefix is the scope
        ids = [
            pk
            for pk, code in model.objects.filter(pk__in=hosts, is_above_scale=True).values_list(
                "pk", "region__code"
            )
            if code.startswith(region.code)
        ]
    else:
        above = set(
            enterprises_in(user, region).filter(is_above_scale=True).values_list("pk", flat=True)
        )
        ids = [pk for pk in hosts if pk in above]
    records = model.objects.filter(pk__in=sorted(ids))
    return Result(len(ids), records)


def industries_without(user: Any, region: Any, period: Period) -> Result:
    """Industry divisions (行业大类, the code's first two digits) of the region's above-scale
    enterprises without a platform that holds a level in that division — the seed's "与重点
    产业…相比" (a platform's key industry, else its host's industry)."""
    divisions = {
        code[:2]
        for code in enterprises_in(user, region)
        .filter(is_above_scale=True)
        .exclude(industry_code="")
        .order_by()  # the registry's pinyin order would join the DISTINCT
        .values_list("industry_code", flat=True)
        .distinct()
        if code
    }
    held = [pk for pk, (_s, lv) in standing(user, region, period.as_of).items() if lv]
    # the platform's key industry, else its host's: two plain look-ups, no join
    rows = list(
        Platform.objects.filter(pk__in=held).values_list("industry_code", "host_enterprise_id")
    )
    need = sorted({host for own, host in rows if not own and host})
    codes = dict(
        Enterprise.objects.filter(pk__in=need).values_list("pk", "industry_code") if need else []
    )
    covered = {(own or codes.get(host) or "")[:2] for own, host in rows}
    missing = sorted(divisions - covered)
    return Result(len(missing), None, {"divisions": len(divisions), "missing": missing})


def _count(key: str, label: Any, text: Any, compute: Any, **kw: Any) -> Figure:
    return Figure(f"platforms.{key}", label, _("家"), text, compute, GROUP, records=PLATFORMS, **kw)


register(
    _count(
        "total",
        _("各类科技创新平台"),
        _("统计日持有级别（已获批且未撤销）的各类创新平台，按获批记录计。"),
        total,
    ),
    *[
        _count(
            f"at_{level.value}",
            format_lazy("{}{}", level.label, _("创新平台")),
            format_lazy("{}{}{}", _("统计日持有"), level.label, _("级别的创新平台。")),
            _at_level(level.value),
        )
        for level in PlatformLevel
    ],
    _count(
        "municipal_or_below",
        _("市级及以下创新平台"),
        _("统计日持有市级或县级级别的创新平台；并给出占全部平台的比重（%）。"),
        municipal_or_below,
    ),
    _count(
        "approved",
        _("期间获批的创新平台"),
        _("期间内有“已批准”记录的平台（含升级获批），附月份、级别和发文单位。"),
        _events_in(S.APPROVED),
    ),
    _count(
        "recommended_province",
        _("期间推荐至省的创新平台"),
        _("期间内有“已推荐至省”记录的平台。"),
        _events_in(S.RECOMMENDED_PROVINCE),
    ),
    _count(
        "applying",
        _("期间申报的创新平台"),
        _("期间内有“申报中”记录的平台（含升级申报），附申报级别。"),
        _events_in(S.APPLYING),
    ),
    _count(
        "negotiating",
        _("洽谈中的创新平台"),
        _("统计日处于“洽谈中”或“初步意向”的平台。"),
        _standing_in(S.NEGOTIATING, S.INTENTION),
    ),
    _count(
        "building",
        _("谋划建设中的创新平台"),
        _("统计日处于“谋划中”的平台（下步计划的在建平台）。"),
        _standing_in(S.PLANNING),
    ),
    Figure(
        "platforms.above_scale_hosting",
        _("依托创新平台的规上企业"),
        _("家"),
        _("规模以上企业中，依托统计日持有级别的创新平台的企业。"),
        above_scale_hosting,
        GROUP,
    ),
    Figure(
        "platforms.industries_without",
        _("尚无创新平台的规上企业行业大类"),
        _("个"),
        _(
            "规模以上企业所属行业大类（行业代码前两位）中，没有持有级别的创新平台"
            "（平台的重点产业，未填时按依托企业的行业）的大类数。"
        ),
        industries_without,
        GROUP,
    ),
)
