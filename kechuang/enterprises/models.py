"""The enterprise registry: enterprises, yearly figures, intellectual property, qualifications."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kechuang.accounts.models import Region
from kechuang.core.fields import Fields, year_range, year_validators
from kechuang.core.money import money_field
from kechuang.core.scoping import Scope, ScopedQuerySet
from kechuang.rules import uscc as uscc_rules

from . import industries
from .choices import IpClass, IpKind, IpStatus, QualificationKind, TechField, ip_class_for

PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$")


def validate_contact_phone(value: str) -> None:
    """A mobile (11 digits) or a landline with its area code (0571-88888888, extension -123)."""
    if value and not PHONE.match(value.strip()):
        raise ValidationError(
            _("联系电话“%(v)s”格式不对：应为11位手机号或带区号的固定电话（如 0571-88888888）。"),
            params={"v": value},
            code="phone",
        )


class Enterprise(models.Model):
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    name = models.CharField(_("企业名称"), max_length=200, db_index=True)
    name_initials = models.CharField(
        _("名称拼音首字母"), max_length=200, blank=True, db_index=True, editable=False
    )
    name_pinyin = models.CharField(_("名称拼音"), max_length=600, blank=True, editable=False)
    name_sort = models.CharField(_("名称排序键"), max_length=800, blank=True, editable=False)
    legal_representative = models.CharField(_("法定代表人"), max_length=50, blank=True)
    registered_on = models.DateField(_("成立日期"), null=True, blank=True)
    registered_capital = money_field(_("注册资本"))
    address = models.CharField(_("地址"), max_length=300, blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("所在乡镇（街道）"),
        on_delete=models.PROTECT,
        related_name="enterprises",
    )
    industry_code = models.CharField(_("国民经济行业代码"), max_length=5, blank=True, db_index=True)
    tech_field = models.CharField(
        _("高新技术领域"), max_length=1, choices=TechField.choices, blank=True
    )
    tech_subfield = models.CharField(_("高新技术子领域"), max_length=200, blank=True)
    contact_person = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(
        _("联系电话"), max_length=30, blank=True, validators=[validate_contact_phone]
    )
    contact_email = models.EmailField(_("联系邮箱"), blank=True)
    is_above_scale = models.BooleanField(_("规上企业"), default=False)
    in_rd_statistics = models.BooleanField(_("纳统企业"), default=False)
    is_key_cultivated = models.BooleanField(_("重点培育"), default=False)
    is_listed = models.BooleanField(_("上市企业"), default=False)
    uscc_warning_confirmed = models.BooleanField(_("已确认代码告警"), default=False)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(region="region", enterprise="pk")

    class Meta:
        verbose_name = _("企业")
        verbose_name_plural = _("企业")
        ordering = ["name_sort", "name", "pk"]  # Chinese names in pinyin order
        permissions = [("view_contact", _("查看完整联系方式"))]
        indexes = [
            models.Index(fields=["region", "name"]),
            models.Index(fields=["name_sort", "name"], name="enterprise_pinyin_order"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("enterprises:enterprise_detail", args=[self.pk])

    @property
    def industry(self) -> industries.Industry | None:
        return industries.get(self.industry_code)

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        result = uscc_rules.validate(self.uscc)
        self.uscc = result.code
        if not result.valid:
            errors["uscc"] = _("统一社会信用代码“%(c)s”无效：%(e)s") % {
                "c": result.code,
                "e": "；".join(result.errors),
            }
        elif result.warnings and not self.uscc_warning_confirmed:
            errors["uscc"] = _("%(w)s。如确认无误，请勾选“已确认代码告警”。") % {
                "w": result.warnings[0]
            }
        if self.industry_code:
            self.industry_code = industries.normalise(self.industry_code)
        if self.industry_code and not industries.is_class(self.industry_code):
            errors["industry_code"] = _("行业代码“%(c)s”不在 GB/T 4754-2017 中") % {
                "c": self.industry_code
            }
        if errors:
            raise ValidationError(errors)


class AnnualFigures(models.Model):
    """One enterprise's figures for one year (money in yuan)."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="annual_figures"
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=year_validators())
    sales_revenue = money_field(_("销售收入"))
    main_business_revenue = money_field(_("主营业务收入"))
    total_revenue = money_field(_("总收入"))
    high_tech_revenue = money_field(_("高新技术产品（服务）收入"))
    total_cost = money_field(_("成本费用支出总额"))
    total_assets = money_field(_("资产总额"))
    total_liabilities = money_field(_("负债总额"))
    employees = models.PositiveIntegerField(_("职工总数"), null=True, blank=True)
    st_staff = models.PositiveIntegerField(_("科技人员数"), null=True, blank=True)
    bachelor_plus_staff = models.PositiveIntegerField(
        _("本科及以上学历人数"), null=True, blank=True
    )
    rd_staff = models.PositiveIntegerField(_("研发人员数"), null=True, blank=True)
    rd_expense = money_field(_("研发费用"))
    rd_expense_domestic = money_field(_("境内研发费用"))
    government_grants = money_field(_("政府补助"))
    profit = money_field(_("利润总额"), signed=True)
    tax_paid = money_field(_("纳税总额"))
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(region="enterprise__region", enterprise="enterprise_id")

    class Meta:
        verbose_name = _("年度数据")
        verbose_name_plural = _("年度数据")
        ordering = ["enterprise", "-year"]
        indexes = [
            # Covers the list's "R&D ratio / revenue in year Y" filters without reading rows.
            models.Index(
                fields=["year", "enterprise", "sales_revenue", "rd_expense"],
                name="figures_year_cover",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year"], name="figures_one_per_year"),
            year_range("figures_year_range"),
            models.CheckConstraint(
                condition=Q(st_staff__lte=F("employees")) | Q(st_staff=None) | Q(employees=None),
                name="figures_st_le_employees",
            ),
            models.CheckConstraint(
                condition=Q(bachelor_plus_staff__lte=F("employees"))
                | Q(bachelor_plus_staff=None)
                | Q(employees=None),
                name="figures_bachelor_le_employees",
            ),
            models.CheckConstraint(
                condition=Q(rd_staff__lte=F("employees")) | Q(rd_staff=None) | Q(employees=None),
                name="figures_rd_staff_le_employees",
            ),
            models.CheckConstraint(
                condition=Q(rd_expense_domestic__lte=F("rd_expense"))
                | Q(rd_expense_domestic=None)
                | Q(rd_expense=None),
                name="figures_domestic_le_rd",
            ),
            models.CheckConstraint(
                condition=Q(high_tech_revenue__lte=F("total_revenue"))
                | Q(high_tech_revenue=None)
                | Q(total_revenue=None),
                name="figures_hightech_le_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.year}年"

    def get_absolute_url(self) -> str:
        return reverse("enterprises:enterprise_detail", args=[self.enterprise_id]) + "#figures"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        people = [
            ("st_staff", _("科技人员数")),
            ("bachelor_plus_staff", _("本科及以上学历人数")),
            ("rd_staff", _("研发人员数")),
        ]
        for field, label in people:
            value = getattr(self, field)
            if value is not None and self.employees is not None and value > self.employees:
                errors[field] = _("%(f)s（%(v)s）不能大于职工总数（%(e)s）") % {
                    "f": label,
                    "v": value,
                    "e": self.employees,
                }
        if (
            self.rd_expense_domestic is not None
            and self.rd_expense is not None
            and self.rd_expense_domestic > self.rd_expense
        ):
            errors["rd_expense_domestic"] = _("境内研发费用（%(d)s）不能大于研发费用（%(r)s）") % {
                "d": self.rd_expense_domestic,
                "r": self.rd_expense,
            }
        if (
            self.high_tech_revenue is not None
            and self.total_revenue is not None
            and self.high_tech_revenue > self.total_revenue
        ):
            errors["high_tech_revenue"] = _(
                "高新技术产品（服务）收入（%(h)s）不能大于总收入（%(t)s）"
            ) % {"h": self.high_tech_revenue, "t": self.total_revenue}
        if errors:
            raise ValidationError(errors)

    # Ratios (computed, never stored): Decimal fractions, None when undefined.
    @staticmethod
    def _ratio(
        numerator: Decimal | int | None, denominator: Decimal | int | None
    ) -> Decimal | None:
        if numerator is None or not denominator:
            return None
        return Decimal(numerator) / Decimal(denominator)

    @property
    def rd_ratio(self) -> Decimal | None:
        return self._ratio(self.rd_expense, self.sales_revenue)

    @property
    def high_tech_share(self) -> Decimal | None:
        return self._ratio(self.high_tech_revenue, self.total_revenue)

    @property
    def st_staff_share(self) -> Decimal | None:
        return self._ratio(self.st_staff, self.employees)

    @property
    def net_assets(self) -> Decimal | None:
        if self.total_assets is None or self.total_liabilities is None:
            return None
        return self.total_assets - self.total_liabilities


class IntellectualProperty(models.Model):
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="ip_rights"
    )
    kind = models.CharField(_("类型"), max_length=30, choices=IpKind.choices)
    number = models.CharField(_("编号"), max_length=60)
    title = models.CharField(_("名称"), max_length=300)
    applied_on = models.DateField(_("申请日"), null=True, blank=True)
    granted_on = models.DateField(_("授权日"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=IpStatus.choices, default=IpStatus.GRANTED
    )
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(region="enterprise__region", enterprise="enterprise_id")

    class Meta:
        verbose_name = _("知识产权")
        verbose_name_plural = _("知识产权")
        ordering = ["enterprise", "-granted_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "number"], name="ip_kind_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("enterprises:enterprise_detail", args=[self.enterprise_id]) + "#ip"

    @property
    def ip_class(self) -> str:
        return ip_class_for(self.kind)

    @property
    def ip_class_display(self) -> str:
        return str(IpClass(self.ip_class).label)

    def clean(self) -> None:
        if self.applied_on and self.granted_on and self.granted_on < self.applied_on:
            raise ValidationError({"granted_on": _("授权日不能早于申请日")})
        if self.status == IpStatus.GRANTED and not self.granted_on:
            raise ValidationError({"granted_on": _("已授权的知识产权须填写授权日")})


class Qualification(models.Model):
    """A recognition held by an enterprise: HTE certificate, tech-SME registration, others."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="qualifications"
    )
    kind = models.CharField(_("资质类型"), max_length=20, choices=QualificationKind.choices)
    number = models.CharField(_("证书编号/入库编号"), max_length=60, blank=True)
    year = models.PositiveSmallIntegerField(
        _("年度"), null=True, blank=True, validators=year_validators()
    )
    issued_on = models.DateField(_("发证日期"), null=True, blank=True)
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=300, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(region="enterprise__region", enterprise="enterprise_id")

    class Meta:
        verbose_name = _("资质")
        verbose_name_plural = _("资质")
        ordering = ["enterprise", "-issued_on", "-year"]
        constraints = [year_range("qualification_year_range", nullable=True)]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    def get_absolute_url(self) -> str:
        return (
            reverse("enterprises:enterprise_detail", args=[self.enterprise_id]) + "#qualifications"
        )


class EnterpriseMember(models.Model):
    """An enterprise user's link to the one enterprise they act for."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="enterprise_link",
    )
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="members"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("企业账号")
        verbose_name_plural = _("企业账号")

    def __str__(self) -> str:
        return f"{self.user} → {self.enterprise}"


# Each model's editable fields, written once (issue #13): the forms, the serializers, the
# import sheets and the services read them from here. ``own``: what an enterprise user may
# change on its own record; the rest is the bureau's.
ENTERPRISE_FIELDS = Fields(
    "uscc",
    "name",
    "region",
    "legal_representative",
    "registered_on",
    "registered_capital",
    "address",
    "industry_code",
    "tech_field",
    "tech_subfield",
    "contact_person",
    "contact_phone",
    "contact_email",
    "is_above_scale",
    "in_rd_statistics",
    "is_key_cultivated",
    "is_listed",
    "uscc_warning_confirmed",
    own=(
        "legal_representative",
        "address",
        "contact_person",
        "contact_phone",
        "contact_email",
        "registered_capital",
        "industry_code",
        "tech_field",
        "tech_subfield",
    ),
)
FIGURE_NAMES = (
    "sales_revenue",
    "main_business_revenue",
    "total_revenue",
    "high_tech_revenue",
    "total_cost",
    "total_assets",
    "total_liabilities",
    "profit",
    "tax_paid",
    "government_grants",
    "rd_expense",
    "rd_expense_domestic",
    "employees",
    "st_staff",
    "bachelor_plus_staff",
    "rd_staff",
)
FIGURE_FIELDS = Fields(*FIGURE_NAMES, own=FIGURE_NAMES)
IP_NAMES = ("kind", "number", "title", "applied_on", "granted_on", "status")
IP_FIELDS = Fields(*IP_NAMES, own=IP_NAMES)
