"""Coverage of the key villages (issue #19): a figure with a target, read from the year's
assignments."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from kechuang.core.figures import Column, Figure, Listing, Result, register, register_listing
from kechuang.core.periods import Period

from .models import PARTICIPANT_FIELDS, KeyVillage
from .selectors import coverage, summary

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
            facts["share"] = summary(rows)[1]
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


# --- the year's rural work (seed §一(六), rows 25–29 and 39) ----------------------------------

NOTICES, TRAININGS, DONATIONS, APPRAISALS, SERVICES = (
    "rural.RosterNotice",
    "rural.Training",
    "rural.Donation",
    "rural.Appraisal",
    "rural.ServiceRecord",
)

register_listing(
    Listing(
        model=NOTICES,
        noun=_("通知"),
        unit=_("个"),
        columns=(Column(_("通知名称"), "title"), Column(_("印发日期"), "issued_on")),
        order=("issued_on", "pk"),
        importance=("issued_on", "pk"),
        name="title",
        region="region",
        companion=("document_number", "title", "region__name", "issued_on"),
    )
)
register_listing(
    Listing(
        model=TRAININGS,
        noun=_("培训"),
        unit=_("场"),
        columns=(
            Column(_("培训主题"), "topic"),
            Column(_("培训日期"), "held_on"),
            Column(_("培训乡镇"), "town__name"),
        ),
        order=("held_on", "pk"),
        importance=("held_on", "pk"),
        name="topic",
        region="town",
        companion=("held_on", "topic", "town__name", "held_on"),
        related=("town",),
    )
)
register_listing(
    Listing(
        model=DONATIONS,
        noun=_("捐赠活动"),
        unit=_("次"),
        columns=(
            Column(_("捐赠物品"), "items"),
            Column(_("捐赠日期"), "donated_on"),
            Column(_("乡镇"), "town__name"),
            Column(_("捐赠人"), "donor"),
        ),
        order=("donated_on", "pk"),
        importance=("donated_on", "pk"),
        name="items",
        region="town",
        companion=("donated_on", "items", "town__name", "donated_on"),
        related=("town",),
    )
)
register_listing(
    Listing(
        model=APPRAISALS,
        noun=_("成果鉴定"),
        unit=_("次"),
        columns=(
            Column(_("鉴定地点"), "place"),
            Column(_("鉴定日期"), "appraised_on"),
            Column(_("完成单位"), "enterprise__name"),
        ),
        order=("appraised_on", "pk"),
        importance=("appraised_on", "pk"),
        name="place",
        region="enterprise__region",
        companion=("appraised_on", "place", "enterprise__name", "appraised_on"),
        related=("enterprise",),
    )
)
register_listing(
    Listing(
        model=SERVICES,
        noun=_("服务记录"),
        unit=_("次"),
        columns=(
            Column(_("服务对象"), "served_name"),
            Column(_("服务日期"), "served_on"),
            Column(_("服务村"), "village__name"),
            Column(_("特派员"), "commissioner__name"),
        ),
        order=("served_on", "pk"),
        importance=("served_on", "pk"),
        name="served_name",
        region="village",
        companion=("served_on", "served_name", "village__name", "served_on"),
        related=("village", "commissioner"),
    )
)


def _in_period(model: Any, day: str, user: Any, region: Any, period: Period) -> Any:
    return model.objects.visible_in(user, region).filter(
        **{f"{day}__gte": period.start, f"{day}__lte": period.end}
    )


def notices(user: Any, region: Any, period: Period) -> Result:
    from .models import RosterNotice

    found = _in_period(RosterNotice, "issued_on", user, region, period)
    titles = list(found.order_by("issued_on", "pk").values_list("title", flat=True))
    return Result(len(titles), found, {"titles": titles})


def _trainings(user: Any, region: Any, period: Period) -> tuple[Any, dict[str, Any]]:
    """The period's trainings and what the report says of them: the months, the towns (most
    trainings first), materials and participants."""
    from collections import Counter

    from .models import Training

    found = _in_period(Training, "held_on", user, region, period)
    rows = list(
        found.order_by("held_on", "pk").values_list(
            "held_on", "town__name", *PARTICIPANT_FIELDS, "materials"
        )
    )
    towns = Counter(row[1] for row in rows)
    facts = {
        "months": sorted({row[0].month for row in rows}),
        "towns": [name for name, _n in sorted(towns.items(), key=lambda t: (-t[1], t[0]))],
        "materials": sum(row[5] for row in rows),
        "participants": sum(row[2] + row[3] + row[4] for row in rows),
        "poor_labourers": sum(row[2] for row in rows),
        "growers": sum(row[3] for row in rows),
    }
    return found, facts


def trainings(user: Any, region: Any, period: Period) -> Result:
    found, facts = _trainings(user, region, period)
    return Result(found.count(), found, facts)


def _training_sum(key: str) -> Any:
    def compute(user: Any, region: Any, period: Period) -> Result:
        found, facts = _trainings(user, region, period)
        return Result(facts[key], found, facts)

    return compute


def donations(user: Any, region: Any, period: Period) -> Result:
    """The period's donation events: month, town, team, its captain and what was given."""
    from .models import Donation

    found = _in_period(Donation, "donated_on", user, region, period)
    items = [
        {
            "month": d.donated_on.month,
            "town": d.town.name,
            "team": d.team.name if d.team_id else "",
            "captain": d.team.captain.name if d.team_id else "",
            "donor": d.donor,
            "items": d.items,
        }
        for d in found.select_related("town", "team__captain").order_by("donated_on", "pk")
    ]
    return Result(len(items), found, {"items": items})


def appraisals(user: Any, region: Any, period: Period) -> Result:
    """The period's appraisals: date, the experts' institutions, place, enterprise and the
    achievements appraised."""
    from .models import Appraisal

    found = _in_period(Appraisal, "appraised_on", user, region, period)
    items = [
        {
            "on": a.appraised_on,
            "institutions": a.institutions,
            "place": a.place,
            "enterprise": a.enterprise.name,
            "achievements": a.achievement_list,
        }
        for a in found.select_related("enterprise").order_by("appraised_on", "pk")
    ]
    return Result(len(items), found, {"items": items})


def appraised(user: Any, region: Any, period: Period) -> Result:
    result = appraisals(user, region, period)
    return Result(sum(len(i["achievements"]) for i in result.facts["items"]), result.records)


def services(user: Any, region: Any, period: Period) -> Result:
    from .models import ServiceRecord

    found = _in_period(ServiceRecord, "served_on", user, region, period)
    return Result(found.count(), found)


def _rural_platforms(level: str | None) -> Any:
    """Stations and parks holding ``level`` on the count day (None: applying for provincial in
    the period), from the platforms' history."""

    def compute(user: Any, region: Any, period: Period) -> Result:
        from kechuang.platforms.choices import RURAL_KINDS
        from kechuang.platforms.figures import platforms_in, standing
        from kechuang.platforms.models import Platform, PlatformEvent

        rural = platforms_in(user, region).filter(kind__name__in=RURAL_KINDS)
        if level is None:
            events = PlatformEvent.objects.filter(
                platform__in=rural.values("pk"),
                state="applying",
                level="provincial",
                occurred_on__gte=period.start,
                occurred_on__lte=period.end,
            )
            ids = sorted(set(events.values_list("platform_id", flat=True)))
        else:
            held = standing(user, region, period.as_of)
            ids = sorted(
                pk
                for pk in rural.values_list("pk", flat=True)
                if held.get(pk, ("", ""))[1] == level
            )
        records = Platform.objects.filter(pk__in=ids)
        items = [
            {"name": name, "kind": kind, "town": town}
            for name, kind, town in records.order_by("kind__name", "name").values_list(
                "name", "kind__name", "region__name"
            )
        ]
        return Result(len(ids), records, {"items": items})

    return compute


register(
    Figure(
        "rural.roster_notices",
        _("特派员名单调整通知"),
        _("个"),
        _("期间印发的科技特派员名单调整通知（增补、调出特派员）。"),
        notices,
        GROUP,
        records=NOTICES,
    ),
    Figure(
        "rural.trainings",
        _("科技知识培训"),
        _("场"),
        _("期间举办的科技知识培训；并给出月份、乡镇、发放资料和参训人次。"),
        trainings,
        GROUP,
        records=TRAININGS,
    ),
    Figure(
        "rural.training_participants",
        _("培训参训人次"),
        _("人次"),
        _("期间培训的贫困劳动力、种养殖户和其他人员人次之和。"),
        _training_sum("participants"),
        GROUP,
        records=TRAININGS,
    ),
    Figure(
        "rural.training_materials",
        _("培训发放科技宣传资料"),
        _("份"),
        _("期间培训中发放的各类科技宣传资料份数之和。"),
        _training_sum("materials"),
        GROUP,
        records=TRAININGS,
    ),
    Figure(
        "rural.donations",
        _("捐赠活动"),
        _("次"),
        _("期间在乡镇举办的捐赠活动；并给出月份、乡镇、服务队队长和捐赠物品。"),
        donations,
        GROUP,
        records=DONATIONS,
    ),
    Figure(
        "rural.appraisals",
        _("成果鉴定"),
        _("次"),
        _("期间组织的科技成果鉴定会。"),
        appraisals,
        GROUP,
        records=APPRAISALS,
    ),
    Figure(
        "rural.appraised_achievements",
        _("鉴定的科技成果"),
        _("项"),
        _("期间成果鉴定会鉴定的科技成果项数。"),
        appraised,
        GROUP,
        records=APPRAISALS,
    ),
    Figure(
        "rural.service_records",
        _("特派员服务记录"),
        _("次"),
        _("期间科技特派员登记的到村服务记录。"),
        services,
        GROUP,
        records=SERVICES,
    ),
    Figure(
        "rural.stations_applying",
        _("申报省级的农科驿站和农业科技园区"),
        _("个"),
        _("期间有申报省级记录的农科驿站和农业科技园区（创新平台库）。"),
        _rural_platforms(None),
        GROUP,
        records="platforms.Platform",
    ),
    Figure(
        "rural.stations_provincial",
        _("省级农科驿站和农业科技园区"),
        _("个"),
        _("统计日持有省级级别的农科驿站和农业科技园区。"),
        _rural_platforms("provincial"),
        GROUP,
        records="platforms.Platform",
    ),
)
