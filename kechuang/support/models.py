"""Enterprise service: structured visits and their red flags, leadership liaison, and one
enterprise one plan (一企一策). Technical needs are one pool in ``talent.TechNeed``."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kechuang.accounts.models import Region
from kechuang.core.fields import Fields, year_range, year_validators
from kechuang.core.scoping import Scope, ScopedQuerySet
from kechuang.enterprises.models import Enterprise

from .choices import AnswerKind, FlagWhen, MeasureSource, PlanStatus, QuestionTopic, VisitKind

YES, NO = "是", "否"


def split_lines(text: str) -> list[str]:
    """Options or flagged answers: one per line, or separated by 、，,；;."""
    return [p.strip() for p in re.split(r"[\n、，,；;]+", text or "") if p.strip()]


QUESTION_FIELDS = Fields(
    "year",
    "region",
    "order",
    "topic",
    "text",
    "kind",
    "options",
    "flag_answers",
    "flag_label",
    "flag_when",
    "active",
)


class SurveyQuestion(models.Model):
    """One question of a year's visit questionnaire (走访问卷), configured by staff; an answer
    in ``flag_answers`` raises the flag ``flag_label`` on the red-flag list."""

    year = models.PositiveSmallIntegerField(_("年度"), validators=year_validators())
    region = models.ForeignKey(
        Region, verbose_name=_("适用区划"), on_delete=models.PROTECT, related_name="+"
    )
    order = models.PositiveSmallIntegerField(_("序号"), default=1)
    topic = models.CharField(_("类别"), max_length=20, choices=QuestionTopic.choices)
    text = models.CharField(_("题目"), max_length=200)
    kind = models.CharField(_("答题方式"), max_length=10, choices=AnswerKind.choices)
    options = models.CharField(
        _("选项"), max_length=300, blank=True, help_text=_("单选题的选项，用顿号分隔")
    )
    flag_answers = models.CharField(
        _("预警答案"),
        max_length=200,
        blank=True,
        help_text=_("选中这些答案时生成预警，用顿号分隔；数值题填“<0”等，如“<0”表示减少"),
    )
    flag_label = models.CharField(
        _("预警内容"), max_length=100, blank=True, help_text=_("如：计划削减研发投入")
    )
    flag_when = models.CharField(
        _("预警适用企业"), max_length=20, choices=FlagWhen.choices, default=FlagWhen.ALWAYS
    )
    active = models.BooleanField(_("启用"), default=True)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(region="region")

    class Meta:
        verbose_name = _("走访问卷题目")
        verbose_name_plural = _("走访问卷题目")
        ordering = ["-year", "order", "pk"]
        constraints = [year_range("question_year_range")]

    def __str__(self) -> str:
        return f"{self.year} {self.order}. {self.text}"

    def get_absolute_url(self) -> str:
        return reverse("support:question_detail", args=[self.pk])

    @property
    def choices(self) -> list[str]:
        if self.kind == AnswerKind.YES_NO:
            return [YES, NO]
        return split_lines(self.options)

    def clean(self) -> None:
        if self.kind == AnswerKind.CHOICE and len(self.choices) < 2:
            raise ValidationError({"options": _("单选题至少需要两个选项，用顿号分隔。")})
        if self.flag_answers and not self.flag_label:
            raise ValidationError({"flag_label": _("填写了预警答案时须填写预警内容。")})
        if self.kind in (AnswerKind.YES_NO, AnswerKind.CHOICE):
            unknown = [a for a in split_lines(self.flag_answers) if a not in self.choices]
            if unknown:
                raise ValidationError(
                    {
                        "flag_answers": _("预警答案“%(a)s”不是本题的选项（%(o)s）。")
                        % {"a": "、".join(unknown), "o": "、".join(self.choices)}
                    }
                )
        if self.kind == AnswerKind.NUMBER:
            for a in split_lines(self.flag_answers):
                if not re.fullmatch(r"[<>]=?-?\d+(\.\d+)?", a):
                    raise ValidationError(
                        {
                            "flag_answers": _(
                                "数值题的预警答案写作“<0”“>=100”等（填写的是“%(a)s”）。"
                            )
                            % {"a": a}
                        }
                    )

    def raises(self, answer: Any) -> bool:
        """Whether ``answer`` is one this question flags."""
        if answer in (None, ""):
            return False
        flagged = split_lines(self.flag_answers)
        if self.kind == AnswerKind.NUMBER:
            try:
                value = float(answer)
            except (TypeError, ValueError):
                return False
            for rule in flagged:
                op, number = re.match(r"([<>]=?)(.*)", rule).groups()  # type: ignore[union-attr]
                limit = float(number)
                if {"<": value < limit, "<=": value <= limit, ">": value > limit}.get(
                    op, value >= limit
                ):
                    return True
            return False
        return str(answer) in flagged


VISIT_FIELDS = Fields(
    "visited_on", "enterprise", "kind", "visitors", "partners", "summary", "answers"
)


class Visit(models.Model):
    """A visit to one enterprise (走访) by staff or leaders, with the year's questionnaire
    answered; flagged answers raise red flags for follow-up."""

    visited_on = models.DateField(_("走访日期"))
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(
        _("走访类型"), max_length=20, choices=VisitKind.choices, default=VisitKind.SURVEY
    )
    visitors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("走访人员"), related_name="support_visits"
    )
    partners = models.CharField(
        _("联合部门"), max_length=200, blank=True, help_text=_("如：县财政局、县税务局")
    )
    summary = models.TextField(_("走访情况"), blank=True)
    answers = models.JSONField(_("问卷答案"), default=dict, blank=True)
    needs = models.ManyToManyField(
        "talent.TechNeed",
        verbose_name=_("收集的技术需求"),
        blank=True,
        related_name="support_visits",
    )
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    # internal notes and flags ("considering relocation"): the bureau's, not the enterprise's
    scope = Scope(region="enterprise__region")

    class Meta:
        verbose_name = _("走访记录")
        verbose_name_plural = _("走访记录")
        ordering = ["-visited_on", "-pk"]
        indexes = [models.Index(fields=["enterprise", "visited_on"], name="visit_enterprise_day")]

    def __str__(self) -> str:
        return f"{self.visited_on:%Y-%m-%d} {self.enterprise}"

    def get_absolute_url(self) -> str:
        return reverse("support:visit_detail", args=[self.pk])


FLAG_FIELDS = Fields("resolved_on", "resolution")  # a flag is raised by a visit, followed up


class Flag(models.Model):
    """A red flag raised by a visit's answer, followed up until resolved."""

    visit = models.ForeignKey(
        Visit, verbose_name=_("走访记录"), on_delete=models.CASCADE, related_name="flags"
    )
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="+"
    )
    question = models.ForeignKey(
        SurveyQuestion,
        verbose_name=_("问卷题目"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    label = models.CharField(_("预警内容"), max_length=100)
    answer = models.CharField(_("答案"), max_length=200, blank=True)
    raised_on = models.DateField(_("发现日期"))
    resolved_on = models.DateField(_("跟进完成日期"), null=True, blank=True)
    resolution = models.CharField(_("跟进情况"), max_length=300, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(region="enterprise__region")

    class Meta:
        verbose_name = _("走访预警")
        verbose_name_plural = _("走访预警")
        ordering = ["resolved_on", "-raised_on", "-pk"]
        indexes = [models.Index(fields=["resolved_on", "raised_on"], name="flag_open_day")]

    def __str__(self) -> str:
        return f"{self.enterprise}：{self.label}"

    def get_absolute_url(self) -> str:
        return reverse("support:flag_detail", args=[self.pk])

    def clean(self) -> None:
        if self.resolved_on and not self.resolution:
            raise ValidationError({"resolution": _("标记跟进完成时须填写跟进情况。")})
        if self.resolved_on and self.raised_on and self.resolved_on < self.raised_on:
            raise ValidationError({"resolved_on": _("跟进完成日期不能早于发现日期。")})


LIAISON_FIELDS = Fields("leader", "enterprise", "since", "interval_days", "note")

DEFAULT_INTERVAL = 90  # days between a leader's visits before a reminder (configurable per pair)


class Liaison(models.Model):
    """A leader's liaison with an enterprise (班子成员联系服务企业)."""

    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("联系领导"),
        on_delete=models.PROTECT,
        related_name="liaisons",
    )
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("联系企业"), on_delete=models.PROTECT, related_name="+"
    )
    since = models.DateField(_("联系起始日期"))
    interval_days = models.PositiveSmallIntegerField(
        _("走访间隔（天）"), default=DEFAULT_INTERVAL, help_text=_("超过该天数未走访即提醒")
    )
    note = models.CharField(_("说明"), max_length=300, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(region="enterprise__region")

    class Meta:
        verbose_name = _("领导联系企业")
        verbose_name_plural = _("领导联系企业")
        ordering = ["leader", "enterprise__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["leader", "enterprise"], name="liaison_unique"),
            models.CheckConstraint(
                condition=models.Q(interval_days__gte=7), name="liaison_interval_min"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.leader.display_name} · {self.enterprise}"

    def get_absolute_url(self) -> str:
        return reverse("support:liaison_detail", args=[self.pk])

    def clean(self) -> None:
        if self.interval_days is not None and self.interval_days < 7:
            raise ValidationError({"interval_days": _("走访间隔不能少于7天。")})
        if self.leader_id and "leader" not in set(
            self.leader.groups.values_list("name", flat=True)
        ):
            raise ValidationError({"leader": _("“%(u)s”不是局领导账号。") % {"u": self.leader}})

    def due_on(self, last: date | None) -> date:
        """The day the next visit is due: the interval after the last visit (or the start)."""
        return (last or self.since) + timedelta(days=self.interval_days)


PLAN_FIELDS = Fields("enterprise", "year", "owner", "summary", "review_every", "review_on")

REVIEW_EVERY = 90  # days between a plan's reviews


class EnterprisePlan(models.Model):
    """One enterprise, one plan (一企一策): measures from its gap report, open needs and flags,
    with owners and dates, reviewed on a schedule."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=year_validators())
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("责任人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    summary = models.TextField(_("培育目标与思路"), blank=True)
    review_every = models.PositiveSmallIntegerField(_("复核周期（天）"), default=REVIEW_EVERY)
    review_on = models.DateField(_("下次复核日期"))
    reviewed_on = models.DateField(_("上次复核日期"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.ACTIVE
    )
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)
    created_at = models.DateTimeField(_("制定时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(region="enterprise__region")

    class Meta:
        verbose_name = _("一企一策方案")
        verbose_name_plural = _("一企一策方案")
        ordering = ["-year", "enterprise__name", "pk"]
        constraints = [
            year_range("plan_year_range"),
            models.UniqueConstraint(fields=["enterprise", "year"], name="plan_enterprise_year"),
        ]

    def __str__(self) -> str:
        return _("%(e)s %(y)s年一企一策方案") % {"e": self.enterprise, "y": self.year}  # type: ignore[return-value]

    def get_absolute_url(self) -> str:
        return reverse("support:plan_detail", args=[self.pk])


MEASURE_FIELDS = Fields("plan", "source", "measure", "owner", "due_on", "done_on", "note")


class PlanMeasure(models.Model):
    plan = models.ForeignKey(
        EnterprisePlan, verbose_name=_("方案"), on_delete=models.CASCADE, related_name="measures"
    )
    source = models.CharField(
        _("来源"), max_length=10, choices=MeasureSource.choices, default=MeasureSource.OTHER
    )
    measure = models.CharField(_("措施"), max_length=300)
    owner = models.CharField(_("责任人或部门"), max_length=100)
    due_on = models.DateField(_("完成时限"))
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(region="plan__enterprise__region")

    class Meta:
        verbose_name = _("方案措施")
        verbose_name_plural = _("方案措施")
        ordering = ["plan", "due_on", "pk"]

    def __str__(self) -> str:
        return self.measure

    def get_absolute_url(self) -> str:
        return reverse("support:measure_detail", args=[self.pk])
