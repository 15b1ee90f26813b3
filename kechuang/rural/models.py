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
from kechuang.core.money import money_field
from kechuang.core.scoping import Scope, ScopedQuerySet
from kechuang.enterprises.models import validate_contact_phone

from .choices import AchievementKind, CommissionerKind, PointsItem, RosterAction, ServedKind

COMMISSIONER_FIELDS = Fields(
    "name", "kind", "unit", "title", "expertise", "phone", "region", "user"
)


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


# --- the commissioners' work (the portal): service records, trainings, donations, appraisals,
# achievements, and the points table applied to them ----------------------------------------

SERVICE_FIELDS = Fields(
    "commissioner", "served_on", "village", "served_kind", "served_name", "served_count", "content"
)


def _not_negative(record: models.Model, names: tuple[str, ...]) -> None:
    """A count below zero is refused with the field and the value named."""
    errors = {}
    for name in names:
        value = getattr(record, name)
        if value is not None and value < 0:
            label = getattr(record._meta.get_field(name), "verbose_name", name)
            errors[name] = _("%(f)s不能为负数（填写的是%(v)s）。") % {"f": label, "v": value}
    if errors:
        raise ValidationError(errors)


class ServiceRecord(models.Model):
    """One day's service in a village (服务日志): who was served, what was done, with photos."""

    commissioner = models.ForeignKey(
        Commissioner, verbose_name=_("特派员"), on_delete=models.PROTECT, related_name="services"
    )
    served_on = models.DateField(_("服务日期"))
    village = models.ForeignKey(
        Region, verbose_name=_("服务村（社区）"), on_delete=models.PROTECT, related_name="+"
    )
    served_kind = models.CharField(
        _("服务对象类型"), max_length=20, choices=ServedKind.choices, default="farmer"
    )
    served_name = models.CharField(
        _("服务对象"), max_length=200, help_text=_("如：张某某等种植户、某某合作社")
    )
    served_count = models.IntegerField(_("服务人次"), default=1)
    content = models.TextField(_("服务内容"), max_length=2000)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(region="village", owner="commissioner__user")

    class Meta:
        verbose_name = _("服务记录")
        verbose_name_plural = _("服务记录")
        ordering = ["-served_on", "-pk"]
        indexes = [models.Index(fields=["commissioner", "served_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(served_count__gte=0), name="service_count_not_negative"
            )
        ]

    def __str__(self) -> str:
        name = self.village.name if self.village_id else ""
        return f"{self.served_on:%Y-%m-%d} {name} {self.served_name}".strip()

    def get_absolute_url(self) -> str:
        return reverse("rural:service_detail", args=[self.pk])

    def clean(self) -> None:
        from kechuang.accounts.choices import RegionLevel

        _not_negative(self, ("served_count",))
        if self.village_id and self.village.level != RegionLevel.VILLAGE:
            raise ValidationError({"village": _("服务地点须选择村（社区）一级的区划。")})


TRAINING_FIELDS = Fields(
    "commissioner",
    "held_on",
    "town",
    "topic",
    "poor_labourers",
    "growers",
    "others",
    "materials",
    "note",
)


# who attended, by kind: their sum is a training's participants everywhere (pages, figures,
# points); with the materials, the counts that may not be negative
PARTICIPANT_FIELDS = ("poor_labourers", "growers", "others")
TRAINING_COUNTS = (*PARTICIPANT_FIELDS, "materials")


class Training(models.Model):
    """A training in a town (科技知识培训): participants by kind, materials handed out."""

    commissioner = models.ForeignKey(
        Commissioner,
        verbose_name=_("主讲特派员"),
        on_delete=models.PROTECT,
        related_name="trainings",
        null=True,
        blank=True,
        help_text=_("科技局组织、无特派员主讲的培训可不填"),
    )
    held_on = models.DateField(_("培训日期"))
    town = models.ForeignKey(
        Region, verbose_name=_("培训乡镇（街道）"), on_delete=models.PROTECT, related_name="+"
    )
    topic = models.CharField(_("培训主题"), max_length=200)
    poor_labourers = models.IntegerField(_("贫困劳动力（人次）"), default=0)
    growers = models.IntegerField(_("种养殖户（人次）"), default=0)
    others = models.IntegerField(_("其他人员（人次）"), default=0)
    materials = models.IntegerField(_("发放资料（份）"), default=0)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(region="town", owner="commissioner__user")

    class Meta:
        verbose_name = _("培训")
        verbose_name_plural = _("培训")
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(poor_labourers__gte=0)
                & models.Q(growers__gte=0)
                & models.Q(others__gte=0)
                & models.Q(materials__gte=0),
                name="training_counts_not_negative",
            )
        ]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.topic}"

    def get_absolute_url(self) -> str:
        return reverse("rural:training_detail", args=[self.pk])

    @property
    def participants(self) -> int:
        return sum(getattr(self, name) or 0 for name in PARTICIPANT_FIELDS)

    def clean(self) -> None:
        from kechuang.accounts.choices import RegionLevel

        _not_negative(self, TRAINING_COUNTS)
        if self.town_id and self.town.level != RegionLevel.TOWN:
            raise ValidationError({"town": _("培训地点须选择乡镇（街道）。")})


DONATION_FIELDS = Fields("donated_on", "town", "team", "donor", "items", "value", "note")


class Donation(models.Model):
    """A donation event (捐赠活动) in a town, usually by its service team's captain."""

    donated_on = models.DateField(_("捐赠日期"))
    town = models.ForeignKey(
        Region, verbose_name=_("乡镇（街道）"), on_delete=models.PROTECT, related_name="+"
    )
    team = models.ForeignKey(
        ServiceTeam,
        verbose_name=_("服务队"),
        on_delete=models.PROTECT,
        related_name="donations",
        null=True,
        blank=True,
    )
    donor = models.CharField(
        _("捐赠人"), max_length=100, blank=True, help_text=_("不填时为服务队队长")
    )
    items = models.CharField(_("捐赠物品"), max_length=300, help_text=_("如：化肥20袋、图书200册"))
    value = money_field(_("折合金额"), unit="元")
    note = models.CharField(_("说明"), max_length=300, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(region="town", owner="team__captain__user")

    class Meta:
        verbose_name = _("捐赠活动")
        verbose_name_plural = _("捐赠活动")
        ordering = ["-donated_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.donated_on:%Y-%m-%d} {self.donor} {self.items}"

    def get_absolute_url(self) -> str:
        return reverse("rural:donation_detail", args=[self.pk])

    def clean(self) -> None:
        from kechuang.accounts.choices import RegionLevel

        if self.town_id and self.town.level != RegionLevel.TOWN:
            raise ValidationError({"town": _("捐赠活动须选择乡镇（街道）。")})
        team = self.team if self.team_id else None
        if team is not None and self.town_id and team.town_id != self.town_id:
            raise ValidationError({"team": _("服务队“%(t)s”不是该乡镇的服务队。") % {"t": team}})
        if not self.donor and team is not None:
            self.donor = team.captain.name
        if not self.donor:
            raise ValidationError({"donor": _("请填写捐赠人，或选择服务队（以队长为捐赠人）。")})


APPRAISAL_FIELDS = Fields(
    "appraised_on", "place", "enterprise", "achievements", "experts", "conclusion", "region"
)


def panel_lines(text: str) -> list[tuple[str, str, str]]:
    """The expert panel, one line each: 姓名，单位，职称 (Chinese or ASCII commas)."""
    rows = []
    for line in (text or "").splitlines():
        parts = [p.strip() for p in line.replace(",", "，").split("，")]
        if any(parts):
            rows.append((parts[0], parts[1] if len(parts) > 1 else "", "，".join(parts[2:])))
    return rows


class Appraisal(models.Model):
    """An achievement appraisal (成果鉴定) the bureau organised: where, whose, which
    achievements, the expert panel with their institutions, and the conclusion."""

    appraised_on = models.DateField(_("鉴定日期"))
    place = models.CharField(_("鉴定地点"), max_length=100)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("完成单位"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    achievements = models.TextField(_("鉴定成果"), help_text=_("每行一项成果名称"))
    experts = models.TextField(_("鉴定专家"), help_text=_("每行一人：姓名，单位，职称"))
    conclusion = models.TextField(_("鉴定结论"), blank=True)
    region = models.ForeignKey(
        Region, verbose_name=_("组织单位（区划）"), on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(region="region", enterprise="enterprise_id")

    class Meta:
        verbose_name = _("成果鉴定")
        verbose_name_plural = _("成果鉴定")
        ordering = ["-appraised_on", "-pk"]

    def __str__(self) -> str:
        first = self.achievement_list[:1]
        return f"{self.appraised_on:%Y-%m-%d} {first[0] if first else ''}".strip()

    def get_absolute_url(self) -> str:
        return reverse("rural:appraisal_detail", args=[self.pk])

    @property
    def achievement_list(self) -> list[str]:
        return [line.strip() for line in (self.achievements or "").splitlines() if line.strip()]

    @property
    def institutions(self) -> list[str]:
        return list(dict.fromkeys(unit for _n, unit, _t in panel_lines(self.experts) if unit))

    def clean(self) -> None:
        if not self.achievement_list:
            raise ValidationError({"achievements": _("请至少填写一项鉴定成果。")})
        panel = panel_lines(self.experts)
        if not panel:
            raise ValidationError({"experts": _("请填写鉴定专家（每行：姓名，单位，职称）。")})
        for number, (name, unit, _t) in enumerate(panel, 1):
            if not name or not unit:
                raise ValidationError(
                    {
                        "experts": _("鉴定专家第%(n)d行缺少%(w)s（格式：姓名，单位，职称）。")
                        % {"n": number, "w": _("姓名") if not name else _("单位")}
                    }
                )


ACHIEVEMENT_FIELDS = Fields("commissioner", "achieved_on", "kind", "title", "enterprise", "note")


class Achievement(models.Model):
    """A commissioner's result that the points table counts: a demonstration base, a project,
    an enterprise cultivated, a media item."""

    commissioner = models.ForeignKey(
        Commissioner,
        verbose_name=_("特派员"),
        on_delete=models.PROTECT,
        related_name="achievements",
    )
    achieved_on = models.DateField(_("日期"))
    kind = models.CharField(_("业绩类型"), max_length=20, choices=AchievementKind.choices)
    title = models.CharField(_("名称"), max_length=200)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("培育或服务的企业"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    note = models.CharField(_("说明"), max_length=300, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(region="commissioner__region", owner="commissioner__user")

    class Meta:
        verbose_name = _("特派员业绩")
        verbose_name_plural = _("特派员业绩")
        ordering = ["-achieved_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.title}"

    def get_absolute_url(self) -> str:
        return reverse("rural:achievement_detail", args=[self.pk])

    def clean(self) -> None:
        if self.kind in (AchievementKind.TECH_SME, AchievementKind.HTE) and not self.enterprise_id:
            raise ValidationError({"enterprise": _("培育企业的业绩须选择企业。")})


RULE_FIELDS = Fields("year", "item", "points", "cap", "region", "note")


class PointsRule(models.Model):
    """One line of a year's points table (积分表) that staff configure: so many points per
    unit of an item, up to a cap."""

    year = models.PositiveSmallIntegerField(_("年度"))
    item = models.CharField(_("积分项目"), max_length=20, choices=PointsItem.choices)
    points = models.DecimalField(_("每单位分值（分）"), max_digits=6, decimal_places=2)
    cap = models.DecimalField(
        _("年度上限（分）"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    region = models.ForeignKey(
        Region, verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("计分说明"), max_length=300, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(region="region")

    class Meta:
        verbose_name = _("积分规则")
        verbose_name_plural = _("积分规则")
        ordering = ["-year", "item"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "region", "item"], name="points_rule_once_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_item_display()}"

    def get_absolute_url(self) -> str:
        return reverse("rural:rule_detail", args=[self.pk])

    def clean(self) -> None:
        if self.points is not None and self.points < 0:
            raise ValidationError({"points": _("分值不能为负数。")})
        if self.cap is not None and self.cap < 0:
            raise ValidationError({"cap": _("年度上限不能为负数。")})
