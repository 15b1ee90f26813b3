"""Column specs of the registry's sheets (Chinese headers, aliases, keys) for dataio."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from kechuang.accounts.choices import RegionLevel
from kechuang.accounts.models import Region
from kechuang.core.money import how_many_times, show_with_unit, unit_slip
from kechuang.dataio.columns import BOOL, CHOICE, DATE, INT, MONEY, YEAR, Column
from kechuang.dataio.engine import PlannedRow, SheetSpec, register
from kechuang.rules import uscc as uscc_rules

from . import industries
from .choices import IpKind, IpStatus, TechField
from .models import AnnualFigures, Enterprise, IntellectualProperty
from .services import set_search_keys

CHUNK = 5000

USCC = Column(
    "uscc",
    "统一社会信用代码",
    required=True,
    aliases=("信用代码", "社会信用代码"),
    help="18位，系统自动校验；小写、全角、空格会自动规范化",
    max_length=40,
)
ENTERPRISE_NAME = Column(
    "enterprise_name",
    "企业名称",
    aliases=("单位名称",),
    help="仅供核对，以统一社会信用代码为准",
    max_length=200,
)


def _choices(enum: Any) -> tuple[tuple[str, str], ...]:
    return tuple((str(value), str(label)) for value, label in enum.choices)


def _chunks(items: list[Any]) -> Iterable[list[Any]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


class _RegionRefMixin:
    """Resolve a town cell (a name, or its 9-digit code) to a region the user may see, one
    query per file."""

    user: Any
    by_code: dict[str, Region]
    by_name: dict[str, list[Region]]

    def load_regions(self, levels: list[int]) -> None:
        regions = Region.objects.visible_to(self.user).filter(level__in=levels)
        self.by_code = {r.code: r for r in regions}
        self.by_name = {}
        for region in self.by_code.values():
            self.by_name.setdefault(region.name, []).append(region)

    def region_for(self, raw: str) -> Region:
        region = self.by_code.get(raw)
        if region is None:
            matches = self.by_name.get(raw, [])
            if len(matches) > 1:
                raise ValidationError(
                    {"region": _("名称“%(n)s”对应多个区划，请填写9位区划代码") % {"n": raw}}
                )
            region = matches[0] if matches else None
        if region is None:
            raise ValidationError({"region": _("在您的管辖范围内没有这个乡镇（街道）")})
        return region


class _EnterpriseRefMixin:
    """Resolve the USCC column to an enterprise the user may see (one query per 5,000 rows),
    and export it back as USCC and name."""

    user: Any
    enterprises: dict[str, Enterprise]
    foreign: set[str]

    def load_enterprises(self, rows: list[dict[str, Any]]) -> None:
        codes = sorted({uscc_rules.normalise(r.get("uscc", "")) for r in rows})
        self.enterprises, self.foreign = {}, set()
        for chunk in _chunks(codes):
            # the user's own first (by code: SQLite would pair every region with every id of a
            # "pk IN (…)" list), then which of the rest exist elsewhere, for the message
            for enterprise in (
                Enterprise.objects.visible_to(self.user)
                .filter(uscc__in=chunk)
                .only("pk", "uscc", "name", "region_id")
                .order_by()
            ):
                self.enterprises[enterprise.uscc] = enterprise
            missing = [c for c in chunk if c not in self.enterprises]
            if missing:
                self.foreign.update(
                    Enterprise.objects.filter(uscc__in=missing)
                    .order_by()
                    .values_list("uscc", flat=True)
                )

    def enterprise_for(self, values: dict[str, Any]) -> Enterprise:
        code = uscc_rules.normalise(values.pop("uscc", ""))
        values.pop("enterprise_name", None)
        enterprise = self.enterprises.get(code)
        if enterprise is None:
            if code in self.foreign:
                raise ValidationError({"uscc": _("该企业不在您的管辖范围内")})
            raise ValidationError({"uscc": _("企业库中没有该统一社会信用代码，请先导入企业名录")})
        return enterprise

    def export_queryset(self, queryset: models.QuerySet[Any]) -> Iterable[models.Model]:
        return queryset.select_related("enterprise").iterator(chunk_size=2000)

    def export_value(self, instance: models.Model, column: Column) -> Any:
        if column.field == "uscc":
            return instance.enterprise.uscc  # type: ignore[attr-defined]
        if column.field == "enterprise_name":
            return instance.enterprise.name  # type: ignore[attr-defined]
        return getattr(instance, column.field)


@register
class EnterpriseSheet(_RegionRefMixin, SheetSpec):
    name = "enterprises"
    label = "企业名录"
    model = Enterprise
    key = ("uscc",)
    notes = "每行一家企业，以统一社会信用代码识别：已有的企业更新，新的企业新增。"
    columns: ClassVar[list[Column]] = [
        USCC,
        Column("name", "企业名称", required=True, aliases=("单位名称", "企业全称"), max_length=200),
        Column(
            "region",
            "所在乡镇（街道）",
            required=True,
            aliases=("乡镇", "乡镇（街道）", "所属乡镇"),
            help="乡镇（街道）名称或9位统计用区划代码",
            max_length=100,
        ),
        Column("legal_representative", "法定代表人", max_length=50),
        Column("registered_on", "成立日期", kind=DATE),
        Column("registered_capital", "注册资本", kind=MONEY),
        Column("address", "地址", aliases=("注册地址", "经营地址"), max_length=300),
        Column(
            "industry_code",
            "行业代码",
            aliases=("国民经济行业代码", "行业分类代码"),
            help="GB/T 4754-2017 行业代码，如 C3411；可只填代码",
            max_length=60,
        ),
        Column("tech_field", "高新技术领域", kind=CHOICE, choices=_choices(TechField)),
        Column("tech_subfield", "高新技术子领域", max_length=200),
        Column("contact_person", "联系人", max_length=50),
        Column(
            "contact_phone",
            "联系电话",
            masked=True,
            max_length=30,
            help="个人信息：导出时脱敏显示；导入脱敏值时保留原值",
        ),
        Column("contact_email", "联系邮箱", masked=True, max_length=254),
        Column("is_above_scale", "规上企业", kind=BOOL, help="是/否"),
        Column("in_rd_statistics", "纳统企业", kind=BOOL, help="是/否"),
        Column("is_key_cultivated", "重点培育", kind=BOOL, help="是/否"),
        Column("is_listed", "上市企业", kind=BOOL, help="是/否"),
        Column(
            "uscc_warning_confirmed",
            "确认代码告警",
            kind=BOOL,
            help="组织机构代码校验位告警经核实无误时填“是”",
        ),
    ]

    def prepare(self, rows: list[dict[str, Any]]) -> None:
        self.load_regions([RegionLevel.COUNTY, RegionLevel.TOWN])
        codes = sorted({uscc_rules.normalise(r.get("uscc", "")) for r in rows})
        visible = set()
        self.foreign = set()
        for chunk in _chunks(codes):
            found = dict(Enterprise.objects.filter(uscc__in=chunk).values_list("uscc", "pk"))
            visible |= set(
                Enterprise.objects.visible_to(self.user)
                .filter(pk__in=list(found.values()))
                .values_list("uscc", flat=True)
            )
            self.foreign |= set(found) - visible

    def resolve(self, values: dict[str, Any]) -> dict[str, Any]:
        values["uscc"] = uscc_rules.normalise(values.get("uscc", ""))
        if values["uscc"] in self.foreign:
            raise ValidationError({"uscc": _("该企业已登记在您管辖范围以外的地区，不能修改")})
        if values.get("industry_code"):
            values["industry_code"] = industries.normalise(values["industry_code"])
        values["region"] = self.region_for(str(values.get("region", "")).strip())
        return values

    def existing(self, keys: list[tuple[Any, ...]]) -> dict[tuple[Any, ...], models.Model]:
        result: dict[tuple[Any, ...], models.Model] = {}
        for chunk in _chunks([k[0] for k in keys]):
            for enterprise in Enterprise.objects.visible_to(self.user).filter(uscc__in=chunk):
                result[(enterprise.uscc,)] = enterprise
        return result

    def before_save(self, instance: models.Model) -> None:
        if not isinstance(instance, Enterprise):
            raise TypeError(type(instance))
        set_search_keys(instance)

    def export_queryset(self, queryset: models.QuerySet[Any]) -> Iterable[models.Model]:
        return queryset.select_related("region").iterator(chunk_size=2000)

    def export_value(self, instance: models.Model, column: Column) -> Any:
        if column.field == "region":
            return instance.region.name  # type: ignore[attr-defined]
        return getattr(instance, column.field)


FIGURE_COLUMNS = [
    ("sales_revenue", "销售收入", MONEY, ("营业收入",)),
    ("main_business_revenue", "主营业务收入", MONEY, ()),
    ("total_revenue", "总收入", MONEY, ()),
    ("high_tech_revenue", "高新技术产品（服务）收入", MONEY, ("高新技术产品收入", "高品收入")),
    ("total_cost", "成本费用支出总额", MONEY, ("成本费用总额",)),
    ("total_assets", "资产总额", MONEY, ("总资产",)),
    ("total_liabilities", "负债总额", MONEY, ("总负债",)),
    ("employees", "职工总数", INT, ("从业人员数", "职工人数")),
    ("st_staff", "科技人员数", INT, ("科技人员",)),
    ("bachelor_plus_staff", "本科及以上学历人数", INT, ("大专以上人数", "本科以上人数")),
    ("rd_staff", "研发人员数", INT, ("研发人员",)),
    ("rd_expense", "研发费用", MONEY, ("研发投入", "研究开发费用")),
    ("rd_expense_domestic", "境内研发费用", MONEY, ()),
    ("government_grants", "政府补助", MONEY, ()),
    ("profit", "利润总额", MONEY, ("利润",)),
    ("tax_paid", "纳税总额", MONEY, ("上缴税金", "纳税")),
]


@register
class AnnualFiguresSheet(_EnterpriseRefMixin, SheetSpec):
    name = "annual-figures"
    label = "企业年度数据"
    model = AnnualFigures
    key = ("enterprise", "year")
    notes = "每行一家企业一个年度：已有的年度数据更新，没有的新增。金额单位见列名（万元或元）。"
    columns: ClassVar[list[Column]] = [
        USCC,
        ENTERPRISE_NAME,
        Column("year", "年度", kind=YEAR, required=True),
        *[
            Column(
                field,
                header,
                kind=kind,
                aliases=aliases,
                min_value=None if field == "profit" else 0,
            )
            for field, header, kind, aliases in FIGURE_COLUMNS
        ],
    ]

    def prepare(self, rows: list[dict[str, Any]]) -> None:
        self.load_enterprises(rows)

    def resolve(self, values: dict[str, Any]) -> dict[str, Any]:
        values["enterprise"] = self.enterprise_for(values)
        return values

    def existing(self, keys: list[tuple[Any, ...]]) -> dict[tuple[Any, ...], models.Model]:
        result: dict[tuple[Any, ...], models.Model] = {}
        ids = sorted({k[0] for k in keys})
        years = sorted({k[1] for k in keys})
        for chunk in _chunks(ids):
            for figures in AnnualFigures.objects.filter(enterprise_id__in=chunk, year__in=years):
                result[(figures.enterprise_id, figures.year)] = figures
        return result

    def warnings(self, rows: list[PlannedRow]) -> Iterable[tuple[int, str, str]]:
        """Money about 10,000 times the previous year's (or 1/10,000): the header's unit
        probably does not match the numbers. The previous year comes from the same file when
        it is there, else from the registry (one query per chunk)."""
        money = [c.field for c in self.columns if c.kind == MONEY]
        in_file = {
            (r.instance.enterprise_id, r.instance.year): r.instance  # type: ignore[attr-defined]
            for r in rows
        }
        wanted = {(eid, year - 1) for eid, year in in_file if (eid, year - 1) not in in_file}
        previous: dict[tuple[int, int], Any] = dict(in_file)
        ids = sorted({eid for eid, _y in wanted})
        years = sorted({y for _e, y in wanted})
        for chunk in _chunks(ids):
            for figures in AnnualFigures.objects.filter(enterprise_id__in=chunk, year__in=years):
                previous.setdefault((figures.enterprise_id, figures.year), figures)
        for planned in rows:
            instance: Any = planned.instance
            before = previous.get((instance.enterprise_id, instance.year - 1))
            if before is None:
                continue
            fields = (
                money if planned.action == "create" else [f for f in money if f in planned.changes]
            )
            for name in fields:
                value, reference = getattr(instance, name), getattr(before, name)
                if not value or not reference:
                    continue  # a blank or zero is never a unit slip (unit_slip says None too)
                near = float(value) / float(reference)
                if 1 / 900 < near < 900:
                    continue  # far from the 1,000× a slip makes: the exact check cannot fire
                ratio = unit_slip(value, reference)
                if ratio is None:
                    continue
                times = how_many_times(ratio)
                yield (
                    planned.row,
                    name,
                    _(
                        "是%(y)s年度（%(p)s）的%(t)s，列名中的单位可能与所填数值不符，"
                        "请核对后再确认导入"
                    )
                    % {"y": before.year, "p": show_with_unit(reference), "t": times},
                )


@register
class IntellectualPropertySheet(_EnterpriseRefMixin, SheetSpec):
    name = "ip"
    label = "知识产权"
    model = IntellectualProperty
    key = ("kind", "number")
    notes = "每行一项知识产权，以“类型+编号”识别。Ⅰ类/Ⅱ类由类型自动判定。"
    columns: ClassVar[list[Column]] = [
        USCC,
        ENTERPRISE_NAME,
        Column(
            "kind",
            "类型",
            kind=CHOICE,
            required=True,
            choices=_choices(IpKind),
            aliases=("知识产权类型",),
        ),
        Column(
            "number", "编号", required=True, aliases=("专利号", "登记号", "证书号"), max_length=60
        ),
        Column(
            "title", "名称", required=True, aliases=("知识产权名称", "专利名称"), max_length=300
        ),
        Column("applied_on", "申请日", kind=DATE),
        Column("granted_on", "授权日", kind=DATE, aliases=("授权公告日", "登记日")),
        Column("status", "状态", kind=CHOICE, choices=_choices(IpStatus)),
    ]

    def prepare(self, rows: list[dict[str, Any]]) -> None:
        self.load_enterprises(rows)

    def resolve(self, values: dict[str, Any]) -> dict[str, Any]:
        values["enterprise"] = self.enterprise_for(values)
        if not values.get("status"):
            values["status"] = IpStatus.GRANTED if values.get("granted_on") else IpStatus.PENDING
        return values

    def existing(self, keys: list[tuple[Any, ...]]) -> dict[tuple[Any, ...], models.Model]:
        result: dict[tuple[Any, ...], models.Model] = {}
        for chunk in _chunks(sorted({k[1] for k in keys})):
            for right in IntellectualProperty.objects.filter(number__in=chunk):
                result[(right.kind, right.number)] = right
        return result

    def check_existing(self, current: models.Model, values: dict[str, Any]) -> None:
        if not isinstance(current, IntellectualProperty):
            raise TypeError(type(current))
        if current.enterprise_id != values["enterprise"].pk:
            raise ValidationError({"number": _("该编号已登记在其他企业名下，不能转移")})
