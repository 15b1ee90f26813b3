"""The bureau's directory of institutions and experts, and the cooperation ladder."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kechuang.accounts.models import Region
from kechuang.core.fields import Fields
from kechuang.core.fulltext import WordIndex
from kechuang.core.money import money_field
from kechuang.core.scoping import Scope, ScopedQuerySet
from kechuang.core.states import INITIAL, StateEvent, Workflow, register
from kechuang.enterprises.models import Enterprise, validate_contact_phone

from .choices import RUNG, RUNGS, CooperationStatus, InstitutionKind

INSTITUTION_FIELDS = Fields("name", "kind", "location", "region", "note")


class Institution(models.Model):
    """A university, institute or other counterpart the bureau works with. Each county keeps
    its own directory (``region``: the keeping county); a city or the province reads theirs."""

    name = models.CharField(_("单位名称"), max_length=200)
    kind = models.CharField(_("单位类型"), max_length=20, choices=InstitutionKind.choices)
    location = models.CharField(_("所在地"), max_length=100, blank=True, help_text=_("省、市"))
    region = models.ForeignKey(
        Region, verbose_name=_("登记单位（区划）"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("备注"), max_length=300, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(region="region")

    class Meta:
        verbose_name = _("高校院所")
        verbose_name_plural = _("高校院所")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="institution_once_per_region")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("talent:institution_detail", args=[self.pk])


EXPERT_FIELDS = Fields(
    "name",
    "title",
    "institution",
    "department",
    "fields",
    "keywords",
    "profile",
    "phone",
    "email",
)


class Expert(models.Model):
    """An expert of an institution (no ID numbers are kept; the phone is masked on pages)."""

    name = models.CharField(_("姓名"), max_length=50)
    title = models.CharField(_("职称"), max_length=50, blank=True, help_text=_("如：教授、研究员"))
    institution = models.ForeignKey(
        Institution, verbose_name=_("所在单位"), on_delete=models.PROTECT, related_name="experts"
    )
    department = models.CharField(_("院系（部门）"), max_length=100, blank=True)
    fields = models.CharField(
        _("研究领域"), max_length=200, blank=True, help_text=_("用顿号分隔，如：复合材料、智能制造")
    )
    keywords = models.CharField(_("研究方向关键词"), max_length=500, blank=True)
    profile = models.TextField(_("简介"), blank=True)
    phone = models.CharField(
        _("联系电话"), max_length=30, blank=True, validators=[validate_contact_phone]
    )
    email = models.EmailField(_("电子邮箱"), blank=True)
    # the words the matcher reads (jieba segments of fields, keywords, profile …), kept on save
    tokens = models.TextField(_("检索词"), blank=True, editable=False)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(region="institution__region")

    class Meta:
        verbose_name = _("专家")
        verbose_name_plural = _("专家")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["institution", "name"])]

    def __str__(self) -> str:
        return f"{self.name}（{self.institution}）" if self.institution_id else self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        from .matching import expert_tokens

        self.tokens = " ".join(expert_tokens(self))
        fields = kwargs.get("update_fields")
        if fields is not None:
            kwargs["update_fields"] = {*fields, "tokens"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("talent:expert_detail", args=[self.pk])

    # the full-text index over ``tokens`` (migration 0005): FTS5 on SQLite, GIN on PostgreSQL
    words = WordIndex("talent_expert", "tokens")

    def text(self) -> str:
        """What the matcher reads: fields, keywords, profile, department and title."""
        parts = (self.fields, self.keywords, self.profile, self.department)
        return " ".join(p for p in parts if p)


COOPERATION_FIELDS = Fields("enterprise", "institution", "experts", "project", "note")


class Cooperation(models.Model):
    """One enterprise's cooperation with one counterpart, climbing the ladder by dated
    events; ``top`` is the highest rung it ever reached (a dropped one keeps it)."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="+"
    )
    institution = models.ForeignKey(
        Institution, verbose_name=_("合作单位"), on_delete=models.PROTECT, related_name="+"
    )
    experts = models.ManyToManyField(
        Expert, verbose_name=_("合作专家"), blank=True, related_name="cooperations"
    )
    project = models.CharField(_("合作项目"), max_length=200)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    need = models.ForeignKey(
        "talent.TechNeed",
        verbose_name=_("来自技术需求"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cooperations",
    )
    amount = money_field(_("合同金额"))
    status = models.CharField(
        _("所处阶段"), max_length=20, choices=CooperationStatus.choices, blank=True
    )
    status_on = models.DateField(_("阶段日期"), null=True, blank=True)
    top = models.CharField(
        _("达到的最高阶段"), max_length=20, choices=CooperationStatus.choices, blank=True
    )
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(region="enterprise__region", enterprise="enterprise_id")

    class Meta:
        verbose_name = _("产学研合作")
        verbose_name_plural = _("产学研合作")
        ordering = ["-status_on", "-pk"]
        indexes = [models.Index(fields=["status", "status_on"])]

    def __str__(self) -> str:
        return self.project

    def get_absolute_url(self) -> str:
        return reverse("talent:cooperation_detail", args=[self.pk])


class CooperationEvent(StateEvent):
    """A dated rung of a cooperation; a project contract carries its amount."""

    cooperation = models.ForeignKey(
        Cooperation, verbose_name=_("合作"), on_delete=models.CASCADE, related_name="events"
    )
    amount = money_field(_("合同金额"))

    objects = ScopedQuerySet.as_manager()
    scope = Scope(region="cooperation__enterprise__region", enterprise="cooperation__enterprise_id")

    @property
    def state_label(self) -> str:
        return COOPERATION_WORKFLOW.label(self.state)

    class Meta(StateEvent.Meta):
        verbose_name = _("合作进展")
        verbose_name_plural = _("合作进展")
        indexes = [models.Index(fields=["state", "occurred_on"], name="cooperation_event_state")]


def _up(status: str) -> frozenset[str]:
    """Any higher rung, or dropped (a cooperation may skip rungs: talks that end in a contract)."""
    rank = RUNG[status]
    higher = {s.value for s in RUNGS if RUNG[s.value] > rank}
    return frozenset(higher | {CooperationStatus.DROPPED.value})


C = CooperationStatus
COOPERATION_WORKFLOW = register(
    Workflow(
        key="talent.cooperation",
        choices=CooperationStatus,
        moves={
            # an existing cooperation may be recorded at the rung it stands on
            INITIAL: frozenset(s.value for s in RUNGS[:5]),
            **{s.value: _up(s.value) for s in RUNGS[:-1]},
            C.FINISHED: frozenset(),
            C.DROPPED: frozenset({C.CONTACT, C.INTENTION}),  # talks taken up again
        },
        event_model=CooperationEvent,
        subject="cooperation",
        requires={C.CONTRACT: {"amount": _("项目合同须填写合同金额。")}},
    )
)


def higher(a: str, b: str) -> str:
    """The higher of two rungs ("" and dropped are below every rung)."""
    return a if RUNG.get(a, -1) >= RUNG.get(b, -1) else b


TRIP_FIELDS = Fields("title", "started_on", "ended_on", "members", "region", "note")


class Trip(models.Model):
    """A matching trip (对接): its dates and who of the bureau went; it holds its visits."""

    title = models.CharField(_("对接活动"), max_length=200, help_text=_("如：赴山东大学对接"))
    started_on = models.DateField(_("开始日期"))
    ended_on = models.DateField(_("结束日期"))
    members = models.CharField(
        _("参加人员"), max_length=300, blank=True, help_text=_("局领导、业务人员，用顿号分隔")
    )
    region = models.ForeignKey(
        Region, verbose_name=_("组织单位（区划）"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("说明"), max_length=300, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(region="region")

    class Meta:
        verbose_name = _("对接活动")
        verbose_name_plural = _("对接活动")
        ordering = ["-started_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("talent:trip_detail", args=[self.pk])

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": _("结束日期不能早于开始日期。")})


class Visit(models.Model):
    """One visit of a trip: the enterprise taken along (or visited), the counterpart — an
    institution and its experts, or a company and a person — the topic, and the rung reached."""

    trip = models.ForeignKey(
        Trip, verbose_name=_("对接活动"), on_delete=models.CASCADE, related_name="visits"
    )
    visited_on = models.DateField(_("对接日期"))
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("企业"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("对接单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    experts = models.ManyToManyField(
        Expert, verbose_name=_("对接专家"), blank=True, related_name="visits"
    )
    counterpart = models.CharField(
        _("对接单位或人员（专家库以外）"),
        max_length=200,
        blank=True,
        help_text=_("如：某智能公司创始人"),
    )
    topic = models.CharField(_("对接项目或内容"), max_length=200)
    outcome = models.CharField(
        _("达成阶段"), max_length=20, choices=CooperationStatus.choices, blank=True
    )
    cooperation = models.ForeignKey(
        Cooperation,
        verbose_name=_("对应的合作"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="visits",
    )
    note = models.CharField(_("说明"), max_length=300, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(region="trip__region", enterprise="enterprise_id")

    class Meta:
        verbose_name = _("对接走访")
        verbose_name_plural = _("对接走访")
        ordering = ["visited_on", "pk"]

    def __str__(self) -> str:
        return self.topic

    def get_absolute_url(self) -> str:
        return reverse("talent:trip_detail", args=[self.trip_id])


class NeedStatus(models.TextChoices):
    """The need loop (企呼我应): one pool, 受理 → 交办 → 处置 → 反馈 → 办结 (issue #20)."""

    SUBMITTED = "submitted", _("待受理")
    ACCEPTED = "accepted", _("已受理")
    ASSIGNED = "assigned", _("已交办")
    HANDLING = "handling", _("处置中")
    ANSWERED = "answered", _("已反馈")
    CLOSED = "closed", _("已办结")
    DECLINED = "declined", _("不予受理")


# the loop's stages in order (the funnel's columns); declined is an end beside it
NEED_STAGES = (
    NeedStatus.SUBMITTED,
    NeedStatus.ACCEPTED,
    NeedStatus.ASSIGNED,
    NeedStatus.HANDLING,
    NeedStatus.ANSWERED,
    NeedStatus.CLOSED,
)
NEED_OPEN = frozenset(s.value for s in NEED_STAGES[:-1])  # not yet closed (nor declined)
NEED_PENDING = frozenset(  # a deadline still runs: assigned, not yet answered
    {NeedStatus.ASSIGNED.value, NeedStatus.HANDLING.value}
)


def overdue_q(day: Any) -> models.Q:
    """Needs late on ``day``: assigned, not yet answered, past their time limit (the list's
    filter, the reminders and ``TechNeed.overdue_on`` read this one rule)."""
    return models.Q(status__in=NEED_PENDING, deadline__lt=day)


def is_overdue(status: str, deadline: Any, day: Any) -> bool:
    return status in NEED_PENDING and deadline is not None and deadline < day


class NeedSource(models.TextChoices):
    PORTAL = "portal", _("企业自行提出")
    VISIT = "visit", _("走访收集")
    STAFF = "staff", _("科技局登记")


class Satisfaction(models.IntegerChoices):
    VERY = 5, _("非常满意")
    SATISFIED = 4, _("满意")
    FAIR = 3, _("基本满意")
    UNSATISFIED = 2, _("不满意")
    VERY_UNSATISFIED = 1, _("很不满意")


SATISFIED_AT = 4  # a rating of 满意 or better counts as satisfied (the satisfaction rate)


NEED_FIELDS = Fields(
    "enterprise",
    "title",
    "description",
    "fields",
    "tags",
    own=("title", "description", "fields", "tags"),
)


class TechNeed(models.Model):
    """An enterprise's technical problem or need, in one pool whether it came from the portal,
    a visit or staff, moved through the need loop by the state-change block; matched against
    the experts, and it may become a cooperation (here) or a proposal (projects)."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("需求名称"), max_length=200)
    description = models.TextField(
        _("需求描述"), help_text=_("要解决的技术问题、现有基础、期望的合作方式")
    )
    fields = models.CharField(_("涉及领域"), max_length=200, blank=True)
    tags = models.CharField(
        _("标签"),
        max_length=200,
        blank=True,
        help_text=_("多个标签用顿号或逗号分隔，如：人才、融资"),
    )
    source = models.CharField(
        _("来源"), max_length=10, choices=NeedSource.choices, default=NeedSource.STAFF
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=NeedStatus.choices, default=NeedStatus.SUBMITTED
    )
    status_on = models.DateField(_("状态日期"), null=True, blank=True)
    assignee = models.CharField(
        _("承办人或部门"), max_length=100, blank=True, help_text=_("交办给的人员、部门或专家")
    )
    expert = models.ForeignKey(
        "talent.Expert",
        verbose_name=_("承办专家"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    deadline = models.DateField(_("办理时限"), null=True, blank=True)
    answer = models.TextField(_("处置结果"), blank=True)
    satisfaction = models.PositiveSmallIntegerField(
        _("满意度"), choices=Satisfaction.choices, null=True, blank=True
    )
    comment = models.CharField(_("企业评价"), max_length=300, blank=True)
    # the day it entered the pool (a need entered later from a visit keeps the visit's day)
    raised_on = models.DateField(_("提出日期"), default=timezone.localdate, editable=False)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(region="enterprise__region", enterprise="enterprise_id")

    class Meta:
        verbose_name = _("技术需求")
        verbose_name_plural = _("技术需求")
        ordering = ["-raised_on", "-pk"]
        indexes = [
            models.Index(fields=["status", "deadline"], name="need_status_deadline"),
            models.Index(fields=["raised_on"], name="need_raised_on"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("talent:need_detail", args=[self.pk])

    def text(self) -> str:
        return " ".join(p for p in (self.title, self.fields, self.tags, self.description) if p)

    def overdue_on(self, today: Any) -> bool:
        """Assigned with a deadline that has passed and not yet answered."""
        return is_overdue(self.status, self.deadline, today)

    @property
    def tag_list(self) -> list[str]:
        import re

        return [t for t in re.split(r"[、,，;；\s]+", self.tags) if t]


class NeedEvent(StateEvent):
    """One step of the need loop, with the facts of the step (the assignee and deadline of an
    assignment, the answer, the enterprise's rating)."""

    need = models.ForeignKey(
        TechNeed, verbose_name=_("需求"), on_delete=models.CASCADE, related_name="events"
    )
    assignee = models.CharField(_("承办人或部门"), max_length=100, blank=True)
    deadline = models.DateField(_("办理时限"), null=True, blank=True)
    answer = models.TextField(_("处置结果"), blank=True)
    satisfaction = models.PositiveSmallIntegerField(
        _("满意度"), choices=Satisfaction.choices, null=True, blank=True
    )

    objects = ScopedQuerySet.as_manager()
    scope = Scope(region="need__enterprise__region", enterprise="need__enterprise_id")

    @property
    def state_label(self) -> str:
        return NEED_WORKFLOW.label(self.state)

    class Meta(StateEvent.Meta):
        verbose_name = _("需求办理记录")
        verbose_name_plural = _("需求办理记录")
        indexes = [models.Index(fields=["state", "occurred_on"], name="need_event_state")]


N = NeedStatus
NEED_WORKFLOW = register(
    Workflow(
        key="talent.need",
        choices=NeedStatus,
        moves={
            INITIAL: frozenset({N.SUBMITTED, N.ACCEPTED}),
            N.SUBMITTED: frozenset({N.ACCEPTED, N.DECLINED}),
            N.ACCEPTED: frozenset({N.ASSIGNED}),
            N.ASSIGNED: frozenset({N.ASSIGNED, N.HANDLING, N.ANSWERED}),  # reassigned
            N.HANDLING: frozenset({N.ANSWERED}),
            # the enterprise rates the answer (办结), or it goes back to handling
            N.ANSWERED: frozenset({N.CLOSED, N.HANDLING}),
            N.CLOSED: frozenset(),
            N.DECLINED: frozenset(),
        },
        event_model=NeedEvent,
        subject="need",
        requires={
            N.ASSIGNED: {
                "assignee": _("交办须填写承办人或部门。"),
                "deadline": _("交办须填写办理时限。"),
            },
            N.ANSWERED: {"answer": _("反馈须填写处置结果。")},
            N.CLOSED: {"satisfaction": _("办结须填写企业满意度。")},
        },
    )
)


PLAN_FIELDS = Fields("year", "enterprise", "institution", "topic", "note")


class CooperationPlan(models.Model):
    """A cooperation planned for a coming year (plan §三(五): enterprises with named
    universities), so the report's plans name them."""

    year = models.PositiveSmallIntegerField(_("计划年度"))
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="+"
    )
    institution = models.ForeignKey(
        Institution, verbose_name=_("拟合作单位"), on_delete=models.PROTECT, related_name="+"
    )
    topic = models.CharField(_("拟对接内容"), max_length=200, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(region="enterprise__region", enterprise="enterprise_id")

    class Meta:
        verbose_name = _("计划合作")
        verbose_name_plural = _("计划合作")
        ordering = ["-year", "pk"]

    def __str__(self) -> str:
        return f"{self.year} {self.enterprise} · {self.institution}"

    def get_absolute_url(self) -> str:
        return reverse("talent:plan_detail", args=[self.pk])
