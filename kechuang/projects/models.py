"""Project calls and the reserve pool, talent programmes and competitions, introduced talents
and the bureau's own policy drafts (issue #18; seed §一(五), plan §三(四))."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kechuang.accounts.models import Region
from kechuang.core.fields import Fields
from kechuang.core.money import money_field
from kechuang.core.scoping import Scope, ScopedQuerySet
from kechuang.core.states import INITIAL, StateEvent, Workflow, register
from kechuang.enterprises.models import Enterprise
from kechuang.platforms.choices import PlatformLevel

from .choices import (
    ApplicationStatus,
    CallLevel,
    DocumentStatus,
    ProgrammeKind,
    ProposalKind,
    ProposalStatus,
)

CALL_FIELDS = Fields(
    "title",
    "programme",
    "level",
    "kind",
    "opens_on",
    "deadline",
    "requires_hte",
    "requires_tech_sme",
    "platform_level",
    "rd_ratio_min",
    "requires_partner",
    "note",
    "region",
)


class Call(models.Model):
    """A call for proposals (征集) of a provincial or municipal programme, with the conditions
    an applicant must meet as structured fields (each one checked against the registry)."""

    title = models.CharField(_("征集名称"), max_length=200)
    programme = models.CharField(
        _("计划类别"), max_length=100, help_text=_("如：省重点研发计划、市科技计划")
    )
    level = models.CharField(_("级别"), max_length=20, choices=CallLevel.choices)
    kind = models.CharField(_("项目类型"), max_length=20, choices=ProposalKind.choices)
    opens_on = models.DateField(_("开始日期"))
    deadline = models.DateField(_("截止日期"))
    requires_hte = models.BooleanField(_("须为高新技术企业"), default=False)
    requires_tech_sme = models.BooleanField(_("须为入库科技型中小企业"), default=False)
    platform_level = models.CharField(
        _("须有创新平台（级别不低于）"), max_length=20, choices=PlatformLevel.choices, blank=True
    )
    rd_ratio_min = models.DecimalField(
        _("研发投入占营业收入比例不低于（%）"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("按上一年度数据"),
    )
    requires_partner = models.BooleanField(_("须有合作高校院所"), default=False)
    note = models.TextField(_("其他要求与说明"), blank=True)
    region = models.ForeignKey(
        Region, verbose_name=_("组织单位（区划）"), on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(region="region")

    class Meta:
        verbose_name = _("项目征集")
        verbose_name_plural = _("项目征集")
        ordering = ["-deadline", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:call_detail", args=[self.pk])

    def clean(self) -> None:
        if self.opens_on and self.deadline and self.deadline < self.opens_on:
            raise ValidationError(
                {
                    "deadline": _("截止日期（%(d)s）不能早于开始日期（%(o)s）。")
                    % {"d": f"{self.deadline:%Y-%m-%d}", "o": f"{self.opens_on:%Y-%m-%d}"}
                }
            )


PROPOSAL_FIELDS = Fields(
    "enterprise",
    "call",
    "kind",
    "title",
    "budget",
    "own_funds",
    "requested_funds",
    "partner",
    "starts_on",
    "ends_on",
    "note",
    own=(
        "call",
        "kind",
        "title",
        "budget",
        "own_funds",
        "requested_funds",
        "partner",
        "starts_on",
        "ends_on",
        "note",
    ),
)


class Proposal(models.Model):
    """An enterprise's project proposal in the reserve pool, moving by dated stages."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("申报企业"), on_delete=models.PROTECT, related_name="+"
    )
    call = models.ForeignKey(
        Call,
        verbose_name=_("对应征集"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
    )
    kind = models.CharField(_("项目类型"), max_length=20, choices=ProposalKind.choices)
    title = models.CharField(_("项目名称"), max_length=200)
    budget = money_field(_("总投资"))
    own_funds = money_field(_("自筹资金"))
    requested_funds = money_field(_("申请资金"))
    partner = models.ForeignKey(
        "talent.Institution",
        verbose_name=_("合作高校院所"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    starts_on = models.DateField(_("起始日期"), null=True, blank=True)
    ends_on = models.DateField(_("结束日期"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    status = models.CharField(
        _("所处阶段"), max_length=20, choices=ProposalStatus.choices, blank=True
    )
    status_on = models.DateField(_("阶段日期"), null=True, blank=True)
    funded_amount = money_field(_("立项资金"))
    document_number = models.CharField(_("立项文号"), max_length=100, blank=True)
    need = models.ForeignKey(
        "talent.TechNeed",
        verbose_name=_("来自技术需求"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        editable=False,
    )
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(region="enterprise__region", enterprise="enterprise_id")

    class Meta:
        verbose_name = _("申报项目")
        verbose_name_plural = _("申报项目")
        ordering = ["-status_on", "-pk"]
        indexes = [models.Index(fields=["status", "status_on"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:proposal_detail", args=[self.pk])

    def clean(self) -> None:
        problems: dict[str, Any] = {}
        parts = [v for v in (self.own_funds, self.requested_funds) if v is not None]
        if self.budget is not None and parts and sum(parts) > self.budget:
            problems["requested_funds"] = _(
                "自筹资金与申请资金之和（%(s)s万元）超过总投资（%(b)s万元）。"
            ) % {"s": _wan(sum(parts)), "b": _wan(self.budget)}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            problems["ends_on"] = _("结束日期不能早于起始日期。")
        if self.call_id and self.kind and self.call and self.call.kind != self.kind:
            problems["kind"] = _("项目类型须与征集的类型（%(k)s）一致。") % {
                "k": self.call.get_kind_display()
            }
        if problems:
            raise ValidationError(problems)


def _wan(yuan: object) -> str:
    from kechuang.core.money import show

    return str(show(yuan))


class ProposalEvent(StateEvent):
    """A dated stage of a proposal: who coached it, a funding decision's amount and document."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("申报项目"), on_delete=models.CASCADE, related_name="events"
    )
    coach = models.CharField(_("辅导人"), max_length=100, blank=True)
    amount = money_field(_("立项资金"))
    document_number = models.CharField(_("立项文号"), max_length=100, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(region="proposal__enterprise__region", enterprise="proposal__enterprise_id")

    @property
    def state_label(self) -> str:
        return PROPOSAL_WORKFLOW.label(self.state)

    class Meta(StateEvent.Meta):
        verbose_name = _("项目进展")
        verbose_name_plural = _("项目进展")
        indexes = [models.Index(fields=["state", "occurred_on"], name="proposal_event_state")]


S = ProposalStatus
PROPOSAL_WORKFLOW = register(
    Workflow(
        key="projects.proposal",
        choices=ProposalStatus,
        moves={
            INITIAL: frozenset({S.DRAFT, S.COLLECTED, S.RESERVED}),
            S.DRAFT: frozenset({S.COLLECTED, S.WITHDRAWN}),
            S.COLLECTED: frozenset({S.RESERVED, S.WITHDRAWN}),
            S.RESERVED: frozenset({S.COACHED, S.SUBMITTED, S.WITHDRAWN}),
            S.COACHED: frozenset({S.SUBMITTED, S.WITHDRAWN}),
            S.SUBMITTED: frozenset({S.FUNDED, S.NOT_FUNDED, S.WITHDRAWN}),
            S.FUNDED: frozenset(),
            S.NOT_FUNDED: frozenset({S.RESERVED}),  # kept in the pool for the next call
            S.WITHDRAWN: frozenset(),
        },
        event_model=ProposalEvent,
        subject="proposal",
        requires={
            S.COACHED: {"coach": _("辅导须填写辅导人（单位或专家）。")},
            S.FUNDED: {
                "amount": _("立项须填写立项资金。"),
                "document_number": _("立项须填写立项文号。"),
            },
        },
    )
)


APPLICATION_FIELDS = Fields(
    "year", "programme", "programme_name", "person", "enterprise", "status", "status_on", "note"
)


class TalentApplication(models.Model):
    """An application to a talent programme (省产业领军人才, 顶尖人才一事一议 …): the person, the
    enterprise behind them, where it stands."""

    year = models.PositiveSmallIntegerField(_("年度"))
    programme = models.CharField(_("人才计划"), max_length=30, choices=ProgrammeKind.choices)
    programme_name = models.CharField(
        _("计划全称"), max_length=100, blank=True, help_text=_("如：泰山产业领军人才工程")
    )
    person = models.CharField(_("申报人"), max_length=50, blank=True)
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("申报企业"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("申报阶段"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.PREPARING,
    )
    status_on = models.DateField(_("阶段日期"))
    note = models.CharField(_("说明"), max_length=300, blank=True)
    region = models.ForeignKey(
        Region, verbose_name=_("组织单位（区划）"), on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(region="region", enterprise="enterprise_id")

    class Meta:
        verbose_name = _("人才计划申报")
        verbose_name_plural = _("人才计划申报")
        ordering = ["-year", "-status_on", "-pk"]

    def __str__(self) -> str:
        who = self.person or (self.enterprise.name if self.enterprise is not None else "")
        return f"{who}（{self.get_programme_display()}）"

    def get_absolute_url(self) -> str:
        return reverse("projects:application_detail", args=[self.pk])

    def clean(self) -> None:
        if not self.person and not self.enterprise_id:
            raise ValidationError({"person": _("请填写申报人或选择申报企业。")})


ENTRY_FIELDS = Fields("year", "competition", "level", "enterprise", "project", "result", "note")


class CompetitionEntry(models.Model):
    """An entry in a provincial or municipal innovation and entrepreneurship competition."""

    year = models.PositiveSmallIntegerField(_("年度"))
    competition = models.CharField(_("大赛名称"), max_length=200, help_text=_("如：省创新创业大赛"))
    level = models.CharField(_("级别"), max_length=20, choices=CallLevel.choices)
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("参赛企业"), on_delete=models.PROTECT, related_name="+"
    )
    project = models.CharField(_("参赛项目"), max_length=200)
    result = models.CharField(
        _("成绩"), max_length=50, blank=True, help_text=_("如：一等奖、优秀奖；未出结果不填")
    )
    note = models.CharField(_("说明"), max_length=300, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(region="enterprise__region", enterprise="enterprise_id")

    class Meta:
        verbose_name = _("创新创业大赛参赛")
        verbose_name_plural = _("创新创业大赛参赛")
        ordering = ["-year", "pk"]

    def __str__(self) -> str:
        return self.project

    def get_absolute_url(self) -> str:
        return reverse("projects:entry_detail", args=[self.pk])


TALENT_FIELDS = Fields("name", "category", "field", "enterprise", "introduced_on", "note")


class IntroducedTalent(models.Model):
    """A high-level talent an enterprise introduced with the bureau's help (the target
    "帮助企业引进高层次科研人才X名以上" counts these)."""

    name = models.CharField(_("姓名"), max_length=50)
    category = models.CharField(
        _("人才类别"), max_length=50, help_text=_("如：博士、正高级职称、省级领军人才")
    )
    field = models.CharField(_("专业领域"), max_length=100, blank=True)
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("引进企业"), on_delete=models.PROTECT, related_name="+"
    )
    introduced_on = models.DateField(_("引进日期"))
    note = models.CharField(_("说明"), max_length=300, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(region="enterprise__region", enterprise="enterprise_id")

    class Meta:
        verbose_name = _("引进高层次人才")
        verbose_name_plural = _("引进高层次人才")
        ordering = ["-introduced_on", "-pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("projects:talent_detail", args=[self.pk])


DOCUMENT_FIELDS = Fields(
    "title", "kind", "status", "drafted_on", "issued_on", "document_number", "region", "note"
)


class BureauDocument(models.Model):
    """A policy document the bureau drafts (管理办法, 评选表彰办法 …): drafted, then issued."""

    title = models.CharField(
        _("文件名称"), max_length=200, help_text=_("如：高层次人才创新创业大赛管理办法")
    )
    kind = models.CharField(
        _("文件类别"), max_length=50, blank=True, help_text=_("如：管理办法、评选表彰办法")
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=DocumentStatus.choices, default=DocumentStatus.DRAFTED
    )
    drafted_on = models.DateField(_("起草日期"))
    issued_on = models.DateField(_("印发日期"), null=True, blank=True)
    document_number = models.CharField(_("文号"), max_length=100, blank=True)
    region = models.ForeignKey(
        Region, verbose_name=_("起草单位（区划）"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("说明"), max_length=300, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(region="region")

    class Meta:
        verbose_name = _("起草的政策文件")
        verbose_name_plural = _("起草的政策文件")
        ordering = ["-drafted_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:document_detail", args=[self.pk])

    def clean(self) -> None:
        if self.status == DocumentStatus.ISSUED and not self.issued_on:
            raise ValidationError({"issued_on": _("已印发的文件须填写印发日期。")})
        if self.issued_on and self.drafted_on and self.issued_on < self.drafted_on:
            raise ValidationError({"issued_on": _("印发日期不能早于起草日期。")})
