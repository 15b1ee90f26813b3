"""Science & technology commissioners (issue #19, first part): the roster changed by dated
notices, key villages, assignments to towns and villages, and coverage."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kechuang.accounts.models import Region
from kechuang.core.fields import Fields
from kechuang.core.scoping import Scope, ScopedQuerySet
from kechuang.enterprises.models import validate_contact_phone

from .choices import CommissionerKind, RosterAction

COMMISSIONER_FIELDS = Fields("name", "kind", "unit", "title", "expertise", "phone", "region")


class Commissioner(models.Model):
    """A commissioner — a person, a legal person or a team — on a county's roster. Whether
    they serve is the roster's word (``on_roster``), changed only by dated notices."""

    name = models.CharField(_("姓名（名称）"), max_length=100)
    kind = models.CharField(
        _("类型"), max_length=20, choices=CommissionerKind.choices, default="individual"
    )
    unit = models.CharField(_("工作单位"), max_length=200, blank=True)
    title = models.CharField(_("职称"), max_length=50, blank=True)
    expertise = models.CharField(_("专业特长"), max_length=200, blank=True)
    phone = models.CharField(
        _("联系电话"), max_length=30, blank=True, validators=[validate_contact_phone]
    )
    region = models.ForeignKey(
        Region, verbose_name=_("选派县（区）"), on_delete=models.PROTECT, related_name="+"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登录账号"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="commissioner",
    )
    on_roster = models.BooleanField(_("在册"), default=False, editable=False)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(region="region", owner="user")

    class Meta:
        verbose_name = _("科技特派员")
        verbose_name_plural = _("科技特派员")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("rural:commissioner_detail", args=[self.pk])


NOTICE_FIELDS = Fields("title", "issued_on", "document_number", "region", "note")


class RosterNotice(models.Model):
    """A dated notice that adds and removes commissioners in one act
    (“关于调整X县精准扶贫科技特派员名单的通知”)."""

    title = models.CharField(_("通知名称"), max_length=200)
    issued_on = models.DateField(_("印发日期"))
    document_number = models.CharField(_("文号"), max_length=100, blank=True)
    region = models.ForeignKey(
        Region, verbose_name=_("印发单位（区划）"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("说明"), max_length=300, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(region="region")

    class Meta:
        verbose_name = _("特派员名单调整通知")
        verbose_name_plural = _("特派员名单调整通知")
        ordering = ["-issued_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("rural:notice_detail", args=[self.pk])


class RosterChange(models.Model):
    notice = models.ForeignKey(
        RosterNotice, verbose_name=_("通知"), on_delete=models.CASCADE, related_name="changes"
    )
    commissioner = models.ForeignKey(
        Commissioner, verbose_name=_("特派员"), on_delete=models.PROTECT, related_name="changes"
    )
    action = models.CharField(_("调整"), max_length=10, choices=RosterAction.choices)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(region="notice__region", owner="commissioner__user")

    class Meta:
        verbose_name = _("名单调整")
        verbose_name_plural = _("名单调整")
        ordering = ["notice__issued_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["notice", "commissioner"], name="roster_change_once_per_notice"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.commissioner}"


KEY_VILLAGE_FIELDS = Fields("village", "kind", "note")


class KeyVillage(models.Model):
    """A village the county must cover with commissioners (e.g. a former poverty-alleviation
    key village); staff set the flag or import the list."""

    village = models.OneToOneField(
        Region, verbose_name=_("村（社区）"), on_delete=models.PROTECT, related_name="key_village"
    )
    kind = models.CharField(
        _("类别"),
        max_length=100,
        default="原省定扶贫工作重点村",
        help_text=_("如：原省定扶贫工作重点村"),
    )
    note = models.CharField(_("说明"), max_length=300, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(region="village")

    class Meta:
        verbose_name = _("重点村")
        verbose_name_plural = _("重点村")
        ordering = ["village__code"]

    def __str__(self) -> str:
        return str(self.village.name)

    def get_absolute_url(self) -> str:
        return reverse("rural:keyvillage_detail", args=[self.pk])

    def clean(self) -> None:
        from kechuang.accounts.choices import RegionLevel

        if self.village_id and self.village.level != RegionLevel.VILLAGE:
            raise ValidationError({"village": _("重点村须选择村（社区）一级的区划。")})


ASSIGNMENT_FIELDS = Fields("year", "commissioner", "area", "note")


class Assignment(models.Model):
    """A commissioner's service area for a year: a town, or a village in it."""

    year = models.PositiveSmallIntegerField(_("年度"))
    commissioner = models.ForeignKey(
        Commissioner,
        verbose_name=_("特派员"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    area = models.ForeignKey(
        Region, verbose_name=_("服务乡镇或村"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("说明"), max_length=300, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(region="area", owner="commissioner__user")

    class Meta:
        verbose_name = _("服务对接")
        verbose_name_plural = _("服务对接")
        ordering = ["-year", "area__code", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "commissioner", "area"], name="assignment_once_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.commissioner} · {self.area.name}"

    def get_absolute_url(self) -> str:
        return reverse("rural:assignment_detail", args=[self.pk])

    def clean(self) -> None:
        from kechuang.accounts.choices import RegionLevel

        if self.area_id and self.area.level not in (RegionLevel.TOWN, RegionLevel.VILLAGE):
            raise ValidationError({"area": _("服务区域须为乡镇（街道）或村（社区）。")})
        if (
            self.area_id
            and self.commissioner_id
            and not self.area.code.startswith(self.commissioner.region.code)
        ):
            raise ValidationError({"area": _("服务区域须在特派员选派的县（区）之内。")})


TEAM_FIELDS = Fields("year", "town", "name", "captain", "members", "note")


class ServiceTeam(models.Model):
    """A town's commissioner service team (服务队) for a year: its captain (队长) and members."""

    year = models.PositiveSmallIntegerField(_("年度"))
    town = models.ForeignKey(
        Region, verbose_name=_("服务乡镇（街道）"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("服务队名称"), max_length=100, help_text=_("如：科技特派员服务队"))
    captain = models.ForeignKey(
        Commissioner, verbose_name=_("队长"), on_delete=models.PROTECT, related_name="+"
    )
    members = models.ManyToManyField(
        Commissioner, verbose_name=_("队员"), blank=True, related_name="teams"
    )
    note = models.CharField(_("说明"), max_length=300, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(region="town", owner="captain__user")

    class Meta:
        verbose_name = _("服务队")
        verbose_name_plural = _("服务队")
        ordering = ["-year", "town__code", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["year", "town", "name"], name="team_once_per_town")
        ]

    def __str__(self) -> str:
        return f"{self.town.name}{self.name}" if self.town_id else self.name

    def get_absolute_url(self) -> str:
        return reverse("rural:team_detail", args=[self.pk])

    def clean(self) -> None:
        from kechuang.accounts.choices import RegionLevel

        if self.town_id and self.town.level != RegionLevel.TOWN:
            raise ValidationError({"town": _("服务队须设在乡镇（街道）。")})
