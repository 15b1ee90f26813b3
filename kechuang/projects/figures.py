"""The projects line's figures (seed §一(五), plan §三(四); issue #18), each read from dated
records so a past period's count is that period's."""

from __future__ import annotations

from typing import Any

from django.db.models import Min, QuerySet, Sum
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from kechuang.core.figures import Column, Figure, Listing, Result, register, register_listing
from kechuang.core.periods import Period

from .choices import ProgrammeKind, ProposalKind, ProposalStatus
from .models import (
    BureauDocument,
    CompetitionEntry,
    IntroducedTalent,
    Proposal,
    ProposalEvent,
    TalentApplication,
)

GROUP = _("项目与人才")
PROPOSALS, APPLICATIONS = "projects.Proposal", "projects.TalentApplication"
ENTRIES, TALENTS, DOCUMENTS = (
    "projects.CompetitionEntry",
    "projects.IntroducedTalent",
    "projects.BureauDocument",
)
# a proposal is in the pool from the day the bureau collected (or reserved) it
ENTERED = (ProposalStatus.COLLECTED, ProposalStatus.RESERVED)

register_listing(
    Listing(
        model=PROPOSALS,
        noun=_("项目"),
        unit=_("项"),
        columns=(
            Column(_("项目名称"), "title"),
            Column(_("申报企业"), "enterprise__name"),
            Column(_("项目类型"), "get_kind_display"),
            Column(_("所处阶段"), "get_status_display"),
            Column(_("对应征集"), "call__title"),
            Column(_("所在乡镇"), "enterprise__region__name"),
        ),
        order=("enterprise__region__code", "title", "pk"),
        importance=("-requested_funds", "pk"),
        name="title",
        region="enterprise__region",
        companion=("enterprise__uscc", "title", "enterprise__region__name", "title"),
        related=("enterprise__region", "call"),
    )
)
register_listing(
    Listing(
        model=APPLICATIONS,
        noun=_("申报"),
        unit=_("人"),
        columns=(
            Column(_("申报人"), "person"),
            Column(_("申报企业"), "enterprise__name"),
            Column(_("人才计划"), "get_programme_display"),
            Column(_("申报阶段"), "get_status_display"),
        ),
        order=("year", "pk"),
        importance=("pk",),
        name="person",
        region="region",
        companion=("enterprise__uscc", "person", "region__name", "person"),
        related=("enterprise", "region"),
    )
)
register_listing(
    Listing(
        model=ENTRIES,
        noun=_("参赛项目"),
        unit=_("项"),
        columns=(
            Column(_("参赛项目"), "project"),
            Column(_("参赛企业"), "enterprise__name"),
            Column(_("大赛名称"), "competition"),
            Column(_("成绩"), "result"),
        ),
        order=("year", "pk"),
        importance=("pk",),
        name="project",
        region="enterprise__region",
        companion=("enterprise__uscc", "project", "enterprise__region__name", "project"),
        related=("enterprise__region",),
    )
)
register_listing(
    Listing(
        model=TALENTS,
        noun=_("人才"),
        unit=_("名"),
        columns=(
            Column(_("姓名"), "name"),
            Column(_("人才类别"), "category"),
            Column(_("引进企业"), "enterprise__name"),
            Column(_("引进日期"), "introduced_on"),
        ),
        order=("introduced_on", "pk"),
        importance=("introduced_on", "pk"),
        region="enterprise__region",
        companion=("enterprise__uscc", "name", "enterprise__region__name", "name"),
        related=("enterprise__region",),
    )
)
register_listing(
    Listing(
        model=DOCUMENTS,
        noun=_("文件"),
        unit=_("件"),
        columns=(
            Column(_("文件名称"), "title"),
            Column(_("状态"), "get_status_display"),
            Column(_("起草日期"), "drafted_on"),
        ),
        order=("drafted_on", "pk"),
        importance=("drafted_on", "pk"),
        name="title",
        region="region",
        companion=("document_number", "title", "region__name", "title"),
        related=("region",),
    )
)


def _proposals(user: Any, region: Any) -> QuerySet[Proposal]:
    found: QuerySet[Proposal] = Proposal.objects.visible_in(user, region)
    return found


def pooled(kind: str | None) -> Any:
    """Proposals that entered the reserve pool (collected or reserved) within the period,
    whatever happened to them after."""

    def compute(user: Any, region: Any, period: Period) -> Result:
        entered = (
            ProposalEvent.objects.filter(
                proposal__in=_proposals(user, region).values("pk"), state__in=ENTERED
            )
            .values("proposal_id")
            .annotate(first=Min("occurred_on"))
            .filter(first__gte=period.start, first__lte=period.end)
            .values("proposal_id")
        )
        found = _proposals(user, region).filter(pk__in=entered)
        if kind:
            found = found.filter(kind=kind)
        return Result(found.count(), found)

    return compute


def reached(state: str) -> Any:
    """Proposals that reached ``state`` within the period (with the amount funded)."""

    def compute(user: Any, region: Any, period: Period) -> Result:
        events = ProposalEvent.objects.filter(
            proposal__in=_proposals(user, region).values("pk"),
            state=state,
            occurred_on__gte=period.start,
            occurred_on__lte=period.end,
        )
        found = _proposals(user, region).filter(pk__in=events.values("proposal_id"))
        facts: dict[str, Any] = {}
        if state == ProposalStatus.FUNDED:
            total = events.aggregate(total=Sum("amount"))["total"]
            facts["amount"] = total or 0
        return Result(found.count(), found, facts)

    return compute


def applied(programme: str) -> Any:
    """Applications to a talent programme organised in the period's years."""

    def compute(user: Any, region: Any, period: Period) -> Result:
        found = TalentApplication.objects.visible_in(user, region).filter(
            programme=programme, year__gte=period.start.year, year__lte=period.end.year
        )
        return Result(found.count(), found)

    return compute


def entries(user: Any, region: Any, period: Period) -> Result:
    found = CompetitionEntry.objects.visible_in(user, region).filter(
        year__gte=period.start.year, year__lte=period.end.year
    )
    return Result(found.count(), found)


def talents(user: Any, region: Any, period: Period) -> Result:
    found = IntroducedTalent.objects.visible_in(user, region).filter(
        introduced_on__gte=period.start, introduced_on__lte=period.end
    )
    return Result(found.count(), found)


def documents(user: Any, region: Any, period: Period) -> Result:
    found = BureauDocument.objects.visible_in(user, region).filter(
        drafted_on__gte=period.start, drafted_on__lte=period.end
    )
    return Result(found.count(), found)


register(
    Figure(
        "projects.pool",
        _("征集储备项目"),
        _("项"),
        _("期间内征集、储备（进入储备库）的项目，不论其后是否申报、立项。"),
        pooled(None),
        GROUP,
        records=PROPOSALS,
    ),
    *[
        Figure(
            f"projects.pool_{kind.value}",
            format_lazy("征集储备：{}", kind.label),
            _("个") if kind == ProposalKind.PLATFORM else _("项"),
            _("期间内征集、储备的该类项目。"),
            pooled(kind.value),
            GROUP,
            records=PROPOSALS,
        )
        for kind in ProposalKind
    ],
    Figure(
        "projects.coached",
        _("专门辅导的项目"),
        _("项"),
        _("期间内记录了辅导（辅导人、日期）的储备项目。"),
        reached(ProposalStatus.COACHED),
        GROUP,
        records=PROPOSALS,
    ),
    Figure(
        "projects.submitted",
        _("申报的项目"),
        _("项"),
        _("期间内向上级申报的储备项目。"),
        reached(ProposalStatus.SUBMITTED),
        GROUP,
        records=PROPOSALS,
    ),
    Figure(
        "projects.funded",
        _("立项的项目"),
        _("项"),
        _("期间内获得立项的项目；并给出立项资金合计（元，页面按万元显示）。"),
        reached(ProposalStatus.FUNDED),
        GROUP,
        records=PROPOSALS,
    ),
    Figure(
        "projects.leading_talent",
        _("申报省产业领军人才"),
        _("人"),
        _("期间所在年度组织申报省产业领军人才（如泰山产业领军人才工程）的人选。"),
        applied(ProgrammeKind.INDUSTRY_LEADING),
        GROUP,
        records=APPLICATIONS,
    ),
    Figure(
        "projects.top_talent",
        _("申报顶尖人才“一事一议”"),
        _("人"),
        _("期间所在年度推进申报省市引进顶尖人才“一事一议”项目的人选。"),
        applied(ProgrammeKind.TOP_TALENT),
        GROUP,
        records=APPLICATIONS,
    ),
    Figure(
        "projects.competition_entries",
        _("参加创新创业大赛"),
        _("项"),
        _("期间所在年度参加省、市创新创业大赛的项目。"),
        entries,
        GROUP,
        records=ENTRIES,
    ),
    Figure(
        "projects.talents_introduced",
        _("引进高层次科研人才"),
        _("名"),
        _("期间内帮助企业引进的高层次科研人才。"),
        talents,
        GROUP,
        records=TALENTS,
    ),
    Figure(
        "projects.documents",
        _("起草的政策文件"),
        _("件"),
        _("期间内县科技局起草的管理办法、评选表彰办法等政策文件。"),
        documents,
        GROUP,
        records=DOCUMENTS,
    ),
)
