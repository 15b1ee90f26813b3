"""The annual R&D survey (企业研发活动统计, rules.md §6): campaigns, forms, projects, events.

A campaign opens year Y's survey for a region's chosen enterprises; each gets one form (the
enterprise-level 107-2 totals) with its project list (107-1). A form's status changes only by
dated events (style.md rule 5); ``status`` on the form is the latest event, kept for queries.
Money is in yuan (Decimal), as everywhere in Kechuang.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kechuang.accounts.models import Region
from kechuang.core.fields import year_range
from kechuang.core.money import YI, money_field
from kechuang.core.scoping import Scope, ScopedQuerySet
from kechuang.core.states import INITIAL, StateEvent, Workflow
from kechuang.core.states import register as register_workflow
from kechuang.enterprises.models import Enterprise

from .validation import EXPENSE_PARTS, SOURCE_PARTS

DEFAULT_THRESHOLD = Decimal("3.00")  # R&D / revenue, percent (seed-figures row 32)


def count_field(label: Any) -> Any:
    return models.PositiveIntegerField(label, null=True, blank=True)


class SurveyStatus(models.TextChoices):
    PENDING = "pending", _("未填报")
    DRAFT = "draft", _("填报中")
    SUBMITTED = "submitted", _("已提交")
    RETURNED = "returned", _("已退回")
    ACCEPTED = "accepted", _("已通过")


EDITABLE = frozenset({SurveyStatus.PENDING, SurveyStatus.DRAFT, SurveyStatus.RETURNED})
NOT_SUBMITTED = EDITABLE  # the laggards: nothing (re)submitted yet


class SurveyCampaign(models.Model):
    region = models.ForeignKey(
        Region, verbose_name=_("组织地区"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(
        _("统计年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    deadline = models.DateField(_("填报截止日期"))
    instructions = models.TextField(_("填报说明"), blank=True)
    threshold = models.DecimalField(
        _("研发投入强度预警线（%）"),
        max_digits=5,
        decimal_places=2,
        default=DEFAULT_THRESHOLD,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=_("研发费用占营业收入比重低于此值的企业单独列出"),
    )
    gdp = money_field(_("地区生产总值（GDP）"), unit=YI)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("发起时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(region="region")

    class Meta:
        verbose_name = _("研发统计调查")
        verbose_name_plural = _("研发统计调查")
        ordering = ["-year", "region__code"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="rd_campaign_once"),
            year_range("rd_campaign_year_range"),
        ]

    def __str__(self) -> str:
        return _("%(r)s%(y)s年度研发投入统计") % {"r": self.region.name, "y": self.year}

    def get_absolute_url(self) -> str:
        return reverse("rdstats:campaign_detail", args=[self.pk])


class SurveyForm(models.Model):
    """One enterprise's annual R&D form (107-2 totals); ``explanations`` answer the warnings."""

    campaign = models.ForeignKey(
        SurveyCampaign, verbose_name=_("调查"), on_delete=models.PROTECT, related_name="forms"
    )
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="rd_forms"
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=SurveyStatus.choices, default=SurveyStatus.PENDING
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    # 一、企业基本情况 (from the registry's yearly figures when the form opens)
    operating_revenue = money_field(_("营业收入"))
    total_cost = money_field(_("成本费用支出总额"))
    # 二、研究开发人员
    staff_total = count_field(_("研发人员合计（人）"))
    staff_management = count_field(_("其中：管理和服务人员"))
    staff_women = count_field(_("其中：女性"))
    staff_fulltime = count_field(_("其中：全职人员"))
    staff_bachelor_plus = count_field(_("其中：本科毕业及以上人员"))
    staff_phd = count_field(_("其中：博士毕业"))
    staff_master = count_field(_("其中：硕士毕业"))
    staff_external = count_field(_("其中：外聘人员"))
    fte = models.DecimalField(
        _("研发人员折合全时当量（人年）"),
        max_digits=10,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    # 三、研究开发费用
    exp_total = money_field(_("研究开发费用合计"))
    exp_personnel = money_field(_("人员人工费用"))
    exp_direct = money_field(_("直接投入费用"))
    exp_depreciation = money_field(_("折旧费用与长期待摊费用"))
    exp_amortisation = money_field(_("无形资产摊销费用"))
    exp_design = money_field(_("设计费用"))
    exp_trials = money_field(_("装备调试费用与试验费用"))
    exp_commissioned_institutes = money_field(_("委托境内研究机构"))
    exp_commissioned_universities = money_field(_("委托境内高等学校"))
    exp_commissioned_enterprises = money_field(_("委托境内企业"))
    exp_commissioned_overseas = money_field(_("委托境外机构"))
    exp_other = money_field(_("其他费用"))
    # 四、研究开发费用资金来源
    src_own = money_field(_("企业资金"))
    src_government = money_field(_("政府资金"))
    src_bank = money_field(_("银行贷款"))
    src_venture = money_field(_("风险投资"))
    src_other = money_field(_("其他资金"))
    # 五、研发资产与政策落实
    assets_new = money_field(_("当年形成用于研发的固定资产"))
    assets_instruments = money_field(_("其中：仪器和设备"))
    deduction_claimed = money_field(_("申报加计扣除的研发费用"))
    deduction_relief = money_field(_("加计扣除减免税"))
    hte_relief = money_field(_("高新技术企业减免税"))
    # 六、企业办研发机构
    inst_count = count_field(_("期末机构数（个）"))
    inst_staff = count_field(_("机构研发人员（人）"))
    inst_expenditure = money_field(_("机构研发经费支出"))
    inst_equipment = money_field(_("期末仪器和设备原价"))
    # 七、研发产出
    out_patent_apps = count_field(_("当年专利申请数（件）"))
    out_invention_apps = count_field(_("其中：发明专利"))
    out_valid_inventions = count_field(_("期末有效发明专利数（件）"))
    out_new_product_revenue = money_field(_("新产品销售收入"))
    out_new_product_exports = money_field(_("其中：出口"))
    out_trademarks = count_field(_("注册商标（件）"))
    out_papers = count_field(_("发表科技论文（篇）"))
    out_standards = count_field(_("形成国家或行业标准（项）"))

    explanations = models.JSONField(_("预警说明"), default=dict, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(region="enterprise__region", enterprise="enterprise_id")

    class Meta:
        verbose_name = _("研发统计表")
        verbose_name_plural = _("研发统计表")
        ordering = ["campaign", "enterprise__name"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "enterprise"], name="rd_form_once")
        ]
        indexes = [
            models.Index(fields=["campaign", "status"], name="rd_form_status"),
        ]

    def __str__(self) -> str:
        return _("%(e)s %(y)s年度研发统计表") % {"e": self.enterprise, "y": self.campaign.year}

    def get_absolute_url(self) -> str:
        return reverse("rdstats:form_detail", args=[self.pk])

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE

    @property
    def rd_ratio(self) -> Decimal | None:
        """R&D expenditure ÷ operating revenue, percent (rules.md §6.3, enterprise level)."""
        if self.exp_total is None or not self.operating_revenue:
            return None
        return self.exp_total * 100 / self.operating_revenue


class ProjectStage(models.TextChoices):
    RESEARCH = "research", _("研究阶段")
    PROTOTYPE = "prototype", _("小试阶段")
    PILOT = "pilot", _("中试阶段")
    TRIAL = "trial", _("试生产阶段")
    DONE = "done", _("已完成")


class ProjectSource(models.TextChoices):
    OWN = "own", _("本企业自选")
    GOVERNMENT = "government", _("政府部门科技项目")
    COMMISSIONED = "commissioned", _("其他企业委托")
    OVERSEAS = "overseas", _("境外项目")
    OTHER = "other", _("其他")


class SurveyProject(models.Model):
    """One R&D project of the year (107-1)."""

    form = models.ForeignKey(
        SurveyForm, verbose_name=_("统计表"), on_delete=models.CASCADE, related_name="projects"
    )
    name = models.CharField(_("项目名称"), max_length=200)
    source = models.CharField(
        _("项目来源"), max_length=20, choices=ProjectSource.choices, default=ProjectSource.OWN
    )
    started_on = models.DateField(_("开始日期"), null=True, blank=True)
    ended_on = models.DateField(_("完成日期"), null=True, blank=True)
    stage = models.CharField(_("项目阶段"), max_length=20, choices=ProjectStage.choices)
    staff = count_field(_("研发人员（人）"))
    person_months = models.DecimalField(
        _("实际工作时间（人月）"),
        max_digits=8,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    expenditure = money_field(_("项目经费支出"))
    in_house = money_field(_("其中：企业内部支出"))
    commissioned = money_field(_("其中：委托外单位支出"))

    objects = ScopedQuerySet.as_manager()
    scope = Scope(region="form__enterprise__region", enterprise="form__enterprise_id")

    class Meta:
        verbose_name = _("研发项目")
        verbose_name_plural = _("研发项目")
        ordering = ["form", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("rdstats:form_detail", args=[self.form_id]) + "#projects"

    def clean(self) -> None:
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": _("完成日期不能早于开始日期。")})


class SurveyEvent(StateEvent):
    """A dated status change of a form through the state-change block: who, when, the new
    status and the comment (a return's reasons can be long)."""

    form = models.ForeignKey(
        SurveyForm, verbose_name=_("统计表"), on_delete=models.CASCADE, related_name="events"
    )
    note = models.TextField(_("意见/说明"), blank=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(region="form__enterprise__region", enterprise="form__enterprise_id")

    class Meta(StateEvent.Meta):
        verbose_name = _("填报记录")
        verbose_name_plural = _("填报记录")
        ordering = ["form", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.form} {self.label}"

    @property
    def label(self) -> str:
        return RD_WORKFLOW.label(self.state)

    def get_absolute_url(self) -> str:
        return reverse("rdstats:form_detail", args=[self.form_id]) + "#events"


SECTIONS: list[tuple[Any, list[str]]] = [
    (_("一、企业基本情况"), ["operating_revenue", "total_cost"]),
    (
        _("二、研究开发人员"),
        [
            "staff_total",
            "staff_management",
            "staff_women",
            "staff_fulltime",
            "staff_bachelor_plus",
            "staff_phd",
            "staff_master",
            "staff_external",
            "fte",
        ],
    ),
    (_("三、研究开发费用"), ["exp_total", *EXPENSE_PARTS]),
    (_("四、研究开发费用资金来源"), list(SOURCE_PARTS)),
    (
        _("五、研发资产与政策落实"),
        ["assets_new", "assets_instruments", "deduction_claimed", "deduction_relief", "hte_relief"],
    ),
    (_("六、企业办研发机构"), ["inst_count", "inst_staff", "inst_expenditure", "inst_equipment"]),
    (
        _("七、研发产出"),
        [
            "out_patent_apps",
            "out_invention_apps",
            "out_valid_inventions",
            "out_new_product_revenue",
            "out_new_product_exports",
            "out_trademarks",
            "out_papers",
            "out_standards",
        ],
    ),
]
VALUE_FIELDS: list[str] = [name for _title, names in SECTIONS for name in names]


RD_WORKFLOW = register_workflow(
    Workflow(
        "rdstats",
        choices=SurveyStatus,
        moves={
            INITIAL: frozenset({SurveyStatus.PENDING}),
            SurveyStatus.PENDING: frozenset({SurveyStatus.DRAFT, SurveyStatus.SUBMITTED}),
            SurveyStatus.DRAFT: frozenset({SurveyStatus.SUBMITTED}),
            SurveyStatus.SUBMITTED: frozenset({SurveyStatus.ACCEPTED, SurveyStatus.RETURNED}),
            SurveyStatus.ACCEPTED: frozenset({SurveyStatus.RETURNED}),
            SurveyStatus.RETURNED: frozenset({SurveyStatus.SUBMITTED}),
        },
        event_model=SurveyEvent,
        subject="form",
    )
)
