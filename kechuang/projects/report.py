"""The projects line's part of the work report and the dashboard (registered in
core.reporting): §一(五) in the seed's wording, plan §三(四)'s talent target, a pool panel."""

from __future__ import annotations

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
    wan,
)

from .choices import ProposalKind


def _named(c: Any, key: str, names: list[str]) -> str:
    for name in names:
        c.mention(key, name)
    return joined(names)


def _firms(c: Any, key: str, n: int = 2) -> list[str]:
    """The first enterprises behind a figure whose records are not enterprises (entries)."""
    from kechuang.core.figures import short_name

    records = c.fig(key).records
    if records is None:
        return []
    names = records.order_by("pk").values_list("enterprise__name", flat=True)
    return list(dict.fromkeys(short_name(name) for name in names if name))[:n]


def projects_work(c: Any) -> str:
    """§一(五): the reserve pool by kind, the coached proposals by name, the programme
    applicants and competition entries, the bureau's drafted documents."""
    sentences = []
    home = "我县" if c.region.level == RegionLevel.COUNTY else c.region.name
    bureau = "县科技局" if c.region.level == RegionLevel.COUNTY else f"{c.region.name}科技局"
    kinds = [
        (ProposalKind.ENTERPRISE_RD, "企业研发项目", "项"),
        (ProposalKind.AGRI_RD, "现代农业类重点研发计划项目", "项"),
        (ProposalKind.PLATFORM, "创新平台", "个"),
        (ProposalKind.TALENT, "人才项目", "项"),
    ]
    pool = []
    for kind, words, unit in kinds:
        key = f"projects.pool_{kind.value}"
        value = c.fig(key).value
        if value:
            pool.append(f"{words}{c.use(key, count(value))}{unit}")
    if pool:
        text = f"{bureau}结合省市级科技计划项目征集工作，广泛征集、储备{home}" + "、".join(pool)
        coached = c.fig("projects.coached")
        if coached.value:
            names = _named(c, "projects.coached", coached.examples(2))
            text += f"，重点筛选了{names}等项目和平台进行专门辅导"
        sentences.append(text + "，为本年度争取项目政策奠定基础。")
    leading = c.fig("projects.leading_talent")
    if leading.value:
        names = _named(c, "projects.leading_talent", leading.examples(2))
        sentences.append(f"组织{names}申报省泰山产业领军人才。")
    if c.fig("projects.competition_entries").value:
        firms = _named(c, "projects.competition_entries", _firms(c, "projects.competition_entries"))
        sentences.append(f"培育组织{firms}等企业参加省市创新创业大赛。")
    top = c.fig("projects.top_talent")
    if top.value:
        names = _named(c, "projects.top_talent", top.examples(2))
        sentences.append(f"积极推进{names}申报省市引进顶尖人才一事一议项目。")
    drafted = c.fig("projects.documents")
    if drafted.value:
        titles = drafted.examples(3)
        for title in titles:
            c.mention("projects.documents", title)
        sentences.append("积极落实人才举措，起草了" + "和".join(titles) + "。")
    return "".join(sentences)


register_section(
    Section("projects.work", WORK, 50, projects_work, heading="深入挖掘科技人才项目。")
)


def talent_plan(c: Any) -> str:
    """Plan §三(四): the next year's target of high-level talents introduced."""
    target = c.fig("targets.next_talent_introduced")
    if not target.value:
        return ""
    return (
        "深入实施科技人才工程。组织科技型企业推荐优秀人才项目参加省、市科技创新创业大赛和"
        "人才创新竞技行动，争取更多项目入选。做好人才飞地等平台项目建设，帮助企业引进高层次科研人才"
        f"{c.use('targets.next_talent_introduced', count(target.value))}名以上。"
    )


register_section(Section("projects.talent_plan", PLAN, 35, talent_plan))
register_card(Card("projects.pool", 38))


def pool_panel(*, user: Any, region: Any, period: Any, composer: Any) -> dict[str, Any]:
    """The pool by kind and stage now, the funded amount by year, the calls closing soon."""
    from datetime import timedelta

    from django.db.models import Count, Sum
    from django.urls import reverse
    from django.utils import timezone

    from .choices import NOT_SUBMITTED
    from .models import Call, Proposal, ProposalEvent
    from .selectors import pool_table

    proposals = Proposal.objects.visible_in(user, region)
    funded = (
        ProposalEvent.objects.filter(proposal__in=proposals.values("pk"), state="funded")
        .values_list("occurred_on__year")
        .annotate(total=Sum("amount"))
        .order_by("occurred_on__year")
    )
    today = timezone.localdate()
    closing = (
        Call.objects.filter(region__code__in=[region.code[:n] for n in (2, 4, 6)])
        .filter(deadline__gte=today, deadline__lte=today + timedelta(days=60))
        .order_by("deadline")[:5]
    )
    waiting = {
        row["call_id"]: row["n"]
        for row in proposals.filter(status__in=NOT_SUBMITTED, call__in=closing)
        .values("call_id")
        .annotate(n=Count("pk"))
    }
    return {
        "pool": pool_table(proposals),
        "funded": [{"year": year, "wan": wan(total or 0)} for year, total in funded],
        "closing": [
            {
                "title": call.title,
                "deadline": call.deadline.isoformat(),
                "waiting": waiting.get(call.pk, 0),
                "url": reverse("projects:proposal_list") + f"?call={call.pk}",
            }
            for call in closing
        ],
        "list_url": reverse("projects:proposal_list"),
    }


register_panel(Panel("projects.pool", 38, "projects/_dashboard_pool.html", pool_panel))
