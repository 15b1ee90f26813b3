"""The rural line's part of the work report and the dashboard (registered in core.reporting):
§一(六) in the seed's wording, plan §三(五)'s commissioner coverage, a coverage card and a
panel (coverage by town, trainings by month, the points ranking)."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from kechuang.accounts.choices import RegionLevel
from kechuang.core.reporting import (
    PLAN,
    WORK,
    Card,
    Panel,
    Section,
    count,
    joined,
    register_card,
    register_panel,
    register_section,
)

NUMERALS = "零一二三四五六七八九十"


def _numeral(n: int) -> str:
    return NUMERALS[n] if 0 <= n <= 10 else str(n)


def _months(months: list[int]) -> str:
    if not months:
        return ""
    return f"{months[0]}月" if months[0] == months[-1] else f"{months[0]}-{months[-1]}月"


def rural_work(c: Any) -> str:
    """§一(六): the roster notice, the trainings (months, towns, materials, participants), the
    donations by town with their teams' captains, the stations applying for provincial level
    and the appraisals."""
    from kechuang.core.figures import short_name

    parts: list[str] = []
    bureau = "县科技局" if c.region.level == RegionLevel.COUNTY else f"{c.region.name}科技局"
    notices = c.fig("rural.roster_notices")
    if notices.value:
        titles = [c.mention("rural.roster_notices", t) for t in notices.facts["titles"][:2]]
        parts.append(f"调整了科技特派员队伍，印发了{'和'.join(titles)}。")
    trained = c.fig("rural.trainings")
    if trained.value:
        facts = trained.facts
        towns = facts["towns"]
        where = joined(towns[:4]) + ("等乡镇" if len(towns) > 4 else "")
        text = (
            f"{_months(facts['months'])}，分别在{where}举办了科技知识培训活动"
            f"{c.use('rural.trainings', count(trained.value))}场"
        )
        if facts["materials"]:
            text += (
                "，发放各类科技宣传资料"
                f"{c.use('rural.training_materials', count(facts['materials']))}份"
            )
        if facts["participants"]:
            text += (
                "，培训贫困劳动力、种养殖户等"
                f"{c.use('rural.training_participants', count(facts['participants']))}人次"
            )
        parts.append(text + "。")
    given = c.fig("rural.donations")
    if given.value:
        events = []
        for item in given.facts["items"][:4]:
            c.mention("rural.donations", item["items"])
            who = (
                f"{item['town']}{item['team']}队长{item['captain']}"
                if item["team"] and item["donor"] == item["captain"]
                else item["donor"]
            )
            events.append(
                f"{item['month']}月在{item['town']}举办了捐赠活动，{who}捐赠{item['items']}"
            )
        parts.append("；".join(events) + "，用以助力所在乡镇的乡村振兴。")
    applying = c.fig("rural.stations_applying")
    if applying.value:
        for kind, items in groupby(applying.facts["items"], key=lambda i: i["kind"]):
            names = joined([c.mention("rural.stations_applying", i["name"]) for i in items])
            parts.append(f"组织{names}申报省级{kind}。")
    appraised = c.fig("rural.appraisals")
    for item in appraised.facts.get("items", [])[:3]:
        c.mention("rural.appraisals", item["place"])
        achievements = item["achievements"]
        what = achievements[0] + (
            f"等{_numeral(len(achievements))}项科技成果" if len(achievements) > 1 else "科技成果"
        )
        experts = joined(item["institutions"][:3])
        day = item["on"]
        parts.append(
            f"{day.month}月{day.day}日，{bureau}组织{experts}等有关专家，在{item['place']}对"
            f"{short_name(item['enterprise'])}研发的{what}进行了成果鉴定。"
        )
    return "".join(parts)


register_section(Section("rural.work", WORK, 60, rural_work, heading="大力实施乡村振兴战略。"))


def rural_plan(c: Any) -> str:
    """Plan §三(五): the provincial park and stations to build on, and key-village coverage
    (the next year's target, or full coverage kept)."""
    home = "我县" if c.region.level == RegionLevel.COUNTY else c.region.name
    sentences = []
    provincial = c.fig("rural.stations_provincial")
    parks = [i["name"] for i in provincial.facts.get("items", []) if i["kind"] == "农业科技园区"]
    stations = [i for i in provincial.facts.get("items", []) if i["kind"] == "农科驿站"]
    if parks or stations:
        held = []
        if parks:
            held.append(joined([c.mention("rural.stations_provincial", p) for p in parks[:2]]))
        if stations:
            held.append(f"{len(stations)}家省级农科驿站")
        sentences.append(f"依托{'和'.join(held)}，带动乡村特色产业发展。")
    total = c.fig("rural.key_villages")
    if total.value:
        covered = c.fig("rural.key_villages_covered")
        target = c.fig("targets.next_key_villages_covered")
        shown_total = c.use("rural.key_villages", count(total.value))
        if covered.value == total.value:
            sentences.append(
                f"发挥科技特派员优势，在实现{home}{shown_total}个重点村科技特派员全覆盖的基础上，"
                "将科技特派员制度与农村专业协会结合，发挥农村乡土人才的作用。"
            )
        else:
            text = (
                f"发挥科技特派员优势，{home}{shown_total}个重点村中已有"
                f"{c.use('rural.key_villages_covered', count(covered.value))}个实现科技特派员覆盖"
            )
            if target.value:
                text += (
                    "，下一年度覆盖重点村"
                    f"{c.use('targets.next_key_villages_covered', count(target.value))}个以上"
                )
            else:
                uncovered = c.fig("rural.key_villages_uncovered")
                text += (
                    f"，尽快实现其余{c.use('rural.key_villages_uncovered', count(uncovered.value))}"
                    "个重点村全覆盖"
                )
            sentences.append(text + "。")
    if not sentences:
        return ""
    return "大力实施乡村振兴战略。" + "".join(sentences)


register_section(Section("rural.plan", PLAN, 45, rural_plan))
register_card(Card("rural.key_villages_covered", 39))


def rural_panel(*, user: Any, region: Any, period: Any, composer: Any) -> dict[str, Any]:
    """Coverage by town (map-free), trainings by month, the top of the points ranking."""
    from django.db.models import Count
    from django.db.models.functions import ExtractMonth
    from django.urls import reverse

    from .models import Training
    from .points import ranking
    from .selectors import by_town, coverage

    year = period.end.year
    rows = coverage(user=user, region=region, year=year)
    months = dict(
        Training.objects.visible_in(user, region)
        .filter(held_on__year=year)
        .annotate(month=ExtractMonth("held_on"))
        .values_list("month")
        .annotate(n=Count("pk"))
        .order_by("month")
        .values_list("month", "n")
    )
    top = ranking(user, year, region)[:5] if user is not None else []
    return {
        "year": year,
        "by_town": by_town(rows),
        "chart": {
            "labels": [f"{m}月" for m in range(1, 13)],
            "values": [months.get(m, 0) for m in range(1, 13)],
            "links": [
                f"{reverse('rural:training_list')}?year={year}&month={m}" for m in range(1, 13)
            ],
        },
        "top": [
            {"name": s.commissioner.name, "total": str(s.total), "pk": s.commissioner.pk}
            for s in top
        ],
        "coverage_url": reverse("rural:coverage") + f"?year={year}",
        "points_url": reverse("rural:points") + f"?year={year}",
    }


register_panel(Panel("rural.work", 39, "rural/_dashboard_rural.html", rural_panel))
