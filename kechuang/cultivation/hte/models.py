"""The HTE recognition line: dated stage events, activities, annual reports, the batch kind.

Stages in order: in the pool → trained → on-site guidance → on-site verification → applied in
batch N → publicised → recognised / not recognised. A stage event may only follow the stages
before it; publicised needs applied, a decision needs publicised. Nothing is edited: a
correction is a new event that supersedes the old one, and the current stage is the furthest
event that nothing supersedes (``hte.selectors.current_stages``). A certificate is valid for
three years (``hte_valid_until``); its annual report is due by 31 May.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kechuang.core.calendar import BatchKind, register_kind
from kechuang.core.fields import year_range, year_validators
from kechuang.core.scoping import Scope, ScopedQuerySet
from kechuang.core.states import INITIAL, Workflow
from kechuang.core.states import register as register_workflow
from kechuang.enterprises.models import Enterprise, Qualification

ATTACHMENT_EXTENSIONS = ["pdf", "jpg", "jpeg", "png", "doc", "docx", "xls", "xlsx"]


ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024


def validate_attachment_size(file: Any) -> None:

    from kechuang.core.uploads import UploadRefused, scan

    if file.size > ATTACHMENT_MAX_BYTES:
        raise ValidationError(_("附件不能超过20MB。"))
    if hasattr(file, "read") and not getattr(file, "_committed", False):  # a new upload
        position = file.tell() if hasattr(file, "tell") else 0
        try:
            scan(file.read(), getattr(file, "name", ""))
        except UploadRefused as exc:
            raise ValidationError(str(exc)) from exc
        finally:
            file.seek(position)


class Stage(models.TextChoices):
    POOL = "pool", _("培育入库")
    TRAINED = "trained", _("认定培训")
    GUIDED = "guided", _("现场指导")
    VERIFIED = "verified", _("现场核实")
    APPLIED = "applied", _("申报")
    PUBLICISED = "publicised", _("公示")
    RECOGNISED = "recognised", _("认定")
    NOT_RECOGNISED = "not_recognised", _("未通过认定")


ORDER = [
    Stage.POOL,
    Stage.TRAINED,
    Stage.GUIDED,
    Stage.VERIFIED,
    Stage.APPLIED,
    Stage.PUBLICISED,
    Stage.RECOGNISED,
]


TERMINAL = {Stage.RECOGNISED, Stage.NOT_RECOGNISED}


REQUIRES = {
    Stage.PUBLICISED: Stage.APPLIED,
    Stage.RECOGNISED: Stage.PUBLICISED,
    Stage.NOT_RECOGNISED: Stage.PUBLICISED,
}


def _moves() -> dict[str, frozenset[str]]:
    """The transitions map of the HTE line over an enterprise's current stage of the year: on
    along the order (a step may repeat: a second training), a prerequisite before publicity and
    the decision, nothing after a decision."""
    moves: dict[str, frozenset[str]] = {INITIAL: frozenset(s for s in ORDER if s not in REQUIRES)}
    for stage in [*ORDER, Stage.NOT_RECOGNISED]:
        allowed: set[str] = set()
        if stage not in TERMINAL:
            for to in [*ORDER, Stage.NOT_RECOGNISED]:
                needed = REQUIRES.get(to)
                if rank(to) >= rank(stage) and (needed is None or stage in (needed, to)):
                    allowed.add(to)
        moves[stage] = frozenset(allowed)
    return moves


def _explain(current: str, to: str) -> str:
    """The HTE line's own words for a refused step (the wording users know since issue #5)."""
    if current in TERMINAL:
        return str(
            _("本年度认定已有结论（%(s)s），如需更正请更正原记录。") % {"s": Stage(current).label}
        )
    if current != INITIAL and rank(to) < rank(current):
        return str(
            _("当前已到“%(c)s”环节，不能再记录更早的“%(s)s”。")
            % {"c": Stage(current).label, "s": Stage(to).label}
        )
    needed = REQUIRES.get(Stage(to))
    if needed is not None:
        return str(_("记录“%(s)s”之前须先有“%(n)s”。") % {"s": Stage(to).label, "n": needed.label})
    return ""


def rank(stage: str) -> int:
    return (
        ORDER.index(Stage.RECOGNISED)
        if stage == Stage.NOT_RECOGNISED
        else ORDER.index(Stage(stage))
    )


class ActivityKind(models.TextChoices):
    TRAINING = "training", _("认定培训")
    GUIDANCE = "guidance", _("现场指导")
    VERIFICATION = "verification", _("现场核实")


ACTIVITY_STAGE = {
    ActivityKind.TRAINING: Stage.TRAINED,
    ActivityKind.GUIDANCE: Stage.GUIDED,
    ActivityKind.VERIFICATION: Stage.VERIFIED,
}


class Activity(models.Model):
    """A training, a joint on-site guidance or a verification visit, with its attendees."""

    kind = models.CharField(_("类型"), max_length=20, choices=ActivityKind.choices)
    title = models.CharField(_("名称"), max_length=200)
    held_on = models.DateField(_("日期"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    organisers = models.CharField(
        _("组织/参加单位"),
        max_length=300,
        blank=True,
        help_text=_("如：县科技局、县财政局、县税务局"),
    )
    materials = models.TextField(_("材料"), blank=True)
    enterprises = models.ManyToManyField(
        Enterprise, verbose_name=_("参加企业"), related_name="cultivation_activities"
    )
    region = models.ForeignKey(
        "accounts.Region",
        verbose_name=_("组织单位所属区划"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(region="region")

    class Meta:
        verbose_name = _("培育活动")
        verbose_name_plural = _("培育活动")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.get_kind_display()}：{self.title}"

    def get_absolute_url(self) -> str:
        return reverse("cultivation:pool")


class PipelineEvent(models.Model):
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="pipeline_events"
    )
    year = models.PositiveSmallIntegerField(_("认定年度"), validators=year_validators())
    stage = models.CharField(_("环节"), max_length=20, choices=Stage.choices)
    occurred_on = models.DateField(_("日期"))
    batch = models.PositiveSmallIntegerField(_("申报批次"), null=True, blank=True)
    participants = models.CharField(_("参加单位/人员"), max_length=300, blank=True)
    note = models.TextField(_("说明"), blank=True)
    certificate_number = models.CharField(_("证书编号"), max_length=60, blank=True)
    certificate_issued_on = models.DateField(_("发证日期"), null=True, blank=True)
    reason = models.CharField(_("未通过原因"), max_length=300, blank=True)
    attachment = models.FileField(
        _("附件"),
        upload_to="pipeline/%Y/",
        blank=True,
        validators=[
            FileExtensionValidator(ATTACHMENT_EXTENSIONS),
            validate_attachment_size,
        ],
        help_text=_("PDF、图片、Word 或 Excel，不超过20MB"),
    )
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("所属活动"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("更正的记录"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(region="enterprise__region", enterprise="enterprise_id")

    class Meta:
        verbose_name = _("认定环节记录")
        verbose_name_plural = _("认定环节记录")
        ordering = ["enterprise", "year", "occurred_on", "pk"]
        indexes = [
            models.Index(fields=["year", "stage"], name="pipeline_year_stage"),
            models.Index(fields=["enterprise", "year"], name="pipeline_enterprise_year"),
            # the report's figures: a stage's events within a period
            models.Index(fields=["stage", "occurred_on"], name="pipeline_stage_date"),
        ]
        constraints = [year_range("pipeline_year_range")]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.year} {self.get_stage_display()} {self.occurred_on}"

    def get_absolute_url(self) -> str:
        return reverse("cultivation:gap_report", args=[self.enterprise_id]) + f"?year={self.year}"

    @property
    def label(self) -> Any:
        if self.stage == Stage.APPLIED and self.batch:
            return _("第%(n)s批申报") % {"n": self.batch}
        return self.get_stage_display()


# The HTE line on the state-change block (core.states): one transitions map over an
# enterprise's current stage of the year, checked by hte.services.event_record. The events keep
# their own columns (stage, corrections by supersedes, attachments); the current stage is
# computed, not stored (hte.selectors.current_stages).
HTE_WORKFLOW = register_workflow(
    Workflow(
        key="hte",
        choices=Stage,
        moves=_moves(),
        event_model=PipelineEvent,  # type: ignore[arg-type]
        subject="enterprise",
        state_field="stage",
        date_field="occurred_on",
        explain=_explain,
    )
)


HTE_BATCH = register_kind(
    BatchKind(
        "hte",
        label=_("高企申报批次"),
        closes_label=_("申报截止日期"),
        publicise_label=_("公示日期"),
    )
)


VALID_YEARS = 3  # an HTE certificate is valid for three years from its issue date (Art. 15)


REPORT_DUE = (5, 31)  # the annual report is due by 31 May (Measures Art. 13)


MISSED_AT_RISK = 2  # two missed reports within one validity period → revocation (Art. 19(3))


class AnnualReport(models.Model):
    """An HTE's annual report (年报) for a year, marked filed by the bureau."""

    certificate = models.ForeignKey(
        Qualification,
        verbose_name=_("高企证书"),
        on_delete=models.CASCADE,
        related_name="annual_reports",
    )
    year = models.PositiveSmallIntegerField(
        _("报告年度"),
        help_text=_("填报的年份（报告上一年度情况）"),
        validators=year_validators(),
    )
    filed_on = models.DateField(_("填报日期"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("高企年报")
        verbose_name_plural = _("高企年报")
        constraints = [
            models.UniqueConstraint(
                fields=["certificate", "year"], name="annual_report_once_per_year"
            ),
            year_range("annual_report_year_range"),
        ]

    def __str__(self) -> str:
        return f"{self.certificate} {self.year}"


def hte_valid_until(issued_on: date) -> date:
    """The last valid day: the day before the third anniversary of issue. A certificate issued
    on 29 February has its anniversary on 1 March, so it is valid until 28 February."""
    year = issued_on.year + VALID_YEARS
    try:
        anniversary = issued_on.replace(year=year)
    except ValueError:  # 29 February in a common year
        anniversary = date(year, 3, 1)
    return anniversary - timedelta(days=1)
