"""Checks of an R&D survey form, each one a small function (unit-tested one by one).

Errors block submission: a total that is not the sum of its parts, an "of which" line above its
total, FTE above head count, bachelor-plus below PhD + master, R&D above the total cost. Warnings
need a written explanation before the form can be submitted: R&D changed by more than 50 % from
last year, or differs by more than 10 % from the registry's yearly figures or from the latest
HTE / tech-SME assessment (the cross-check no other system does).

No database here: values in, findings out. The service gathers the context.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from kechuang.core.money import WAN, how_many_times, show_exact, unit_slip

ERROR = "error"
WARNING = "warning"
YOY_LIMIT = Decimal("0.5")
CROSS_LIMIT = Decimal("0.1")

EXPENSE_PARTS = (
    "exp_personnel",
    "exp_direct",
    "exp_depreciation",
    "exp_amortisation",
    "exp_design",
    "exp_trials",
    "exp_commissioned_institutes",
    "exp_commissioned_universities",
    "exp_commissioned_enterprises",
    "exp_commissioned_overseas",
    "exp_other",
)
SOURCE_PARTS = ("src_own", "src_government", "src_bank", "src_venture", "src_other")
OF_WHICH = (
    ("staff_management", "staff_total"),
    ("staff_women", "staff_total"),
    ("staff_fulltime", "staff_total"),
    ("staff_bachelor_plus", "staff_total"),
    ("staff_external", "staff_total"),
    ("staff_phd", "staff_bachelor_plus"),
    ("staff_master", "staff_bachelor_plus"),
    ("assets_instruments", "assets_new"),
    ("out_invention_apps", "out_patent_apps"),
    ("out_new_product_exports", "out_new_product_revenue"),
    ("inst_staff", "staff_total"),
)
REQUIRED_FOR_SUBMIT = ("staff_total", "exp_total", "operating_revenue")


@dataclass(frozen=True)
class Finding:
    code: str
    level: str
    field: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {
            "code": self.code,
            "level": self.level,
            "field": self.field,
            "message": self.message,
        }


@dataclass(frozen=True)
class Context:
    """What the checks compare against, gathered by the service."""

    labels: Mapping[str, str]
    last_year_rd: Decimal | None = None  # last year's accepted survey, else the registry
    registry_rd: Decimal | None = None  # AnnualFigures(year).rd_expense
    assessment_rd: Decimal | None = None  # R&D of the year in the latest assessment's snapshot


Values = Mapping[str, Any]


def _yuan(value: Any) -> str:
    """Yuan shown in 万元, the unit the form is filled in (messages write "万元")."""
    return show_exact(value, WAN)


def _sum(values: Values, names: Sequence[str]) -> Decimal | None:
    given = [Decimal(v) for v in (values.get(n) for n in names) if v is not None]
    return sum(given, Decimal(0)) if given else None


def check_required(values: Values, ctx: Context) -> list[Finding]:
    return [
        Finding("required", ERROR, name, _("“%(f)s”必须填写。") % {"f": ctx.labels[name]})
        for name in REQUIRED_FOR_SUBMIT
        if values.get(name) is None
    ]


def check_expense_total(values: Values, ctx: Context) -> list[Finding]:
    total, parts = values.get("exp_total"), _sum(values, EXPENSE_PARTS)
    if total is None or parts is None or Decimal(total) == parts:
        return []
    return [
        Finding(
            "expense_sum",
            ERROR,
            "exp_total",
            _("研究开发费用合计（%(t)s万元）不等于各项费用之和（%(s)s万元），相差%(d)s万元。")
            % {"t": _yuan(total), "s": _yuan(parts), "d": _yuan(Decimal(total) - parts)},
        )
    ]


def check_source_total(values: Values, ctx: Context) -> list[Finding]:
    total, parts = values.get("exp_total"), _sum(values, SOURCE_PARTS)
    if total is None or parts is None or Decimal(total) == parts:
        return []
    return [
        Finding(
            "source_sum",
            ERROR,
            "src_own",
            _("各项资金来源之和（%(s)s万元）不等于研究开发费用合计（%(t)s万元）。")
            % {"s": _yuan(parts), "t": _yuan(total)},
        )
    ]


def check_of_which(values: Values, ctx: Context) -> list[Finding]:
    found = []
    for part, whole in OF_WHICH:
        p, w = values.get(part), values.get(whole)
        if p is not None and w is not None and Decimal(p) > Decimal(w):
            found.append(
                Finding(
                    "of_which",
                    ERROR,
                    part,
                    _("“%(p)s”（%(pv)s）不能大于“%(w)s”（%(wv)s）。")
                    % {"p": ctx.labels[part], "pv": p, "w": ctx.labels[whole], "wv": w},
                )
            )
    return found


def check_fte(values: Values, ctx: Context) -> list[Finding]:
    fte, staff = values.get("fte"), values.get("staff_total")
    if fte is None or staff is None or Decimal(fte) <= Decimal(staff):
        return []
    return [
        Finding(
            "fte_gt_staff",
            ERROR,
            "fte",
            _("折合全时当量（%(f)s人年）不能大于研发人员合计（%(s)s人）。")
            % {"f": fte, "s": staff},
        )
    ]


def check_degrees(values: Values, ctx: Context) -> list[Finding]:
    bachelor = values.get("staff_bachelor_plus")
    phd, master = values.get("staff_phd") or 0, values.get("staff_master") or 0
    if bachelor is None or bachelor >= phd + master:
        return []
    return [
        Finding(
            "degrees",
            ERROR,
            "staff_bachelor_plus",
            _("本科毕业及以上人员（%(b)s人）不能少于博士与硕士之和（%(s)s人）。")
            % {"b": bachelor, "s": phd + master},
        )
    ]


def check_total_cost(values: Values, ctx: Context) -> list[Finding]:
    rd, cost = values.get("exp_total"), values.get("total_cost")
    if rd is None or cost is None or Decimal(rd) <= Decimal(cost):
        return []
    return [
        Finding(
            "rd_gt_cost",
            ERROR,
            "exp_total",
            _("研究开发费用合计（%(r)s万元）不能大于成本费用支出总额（%(c)s万元）。")
            % {"r": _yuan(rd), "c": _yuan(cost)},
        )
    ]


def _off_by(value: Decimal, reference: Decimal) -> Decimal:
    return abs(value - reference) / reference


def check_unit(values: Values, ctx: Context) -> list[Finding]:
    """A total about 10,000 times last year's (or its 1/10,000): 元 typed where 万元 is asked."""
    rd, last = values.get("exp_total"), ctx.last_year_rd
    ratio = unit_slip(rd, last)
    if ratio is None:
        return []
    times = how_many_times(ratio)
    return [
        Finding(
            "unit",
            WARNING,
            "exp_total",
            _(
                "研究开发费用合计（%(v)s万元）是上年（%(l)s万元）的%(t)s，"
                "可能填错了单位：本表金额单位为万元，请核对。"
            )
            % {"v": _yuan(rd), "l": _yuan(last), "t": times},
        )
    ]


def check_year_on_year(values: Values, ctx: Context) -> list[Finding]:
    rd, last = values.get("exp_total"), ctx.last_year_rd
    if rd is None or not last or _off_by(Decimal(rd), last) <= YOY_LIMIT:
        return []
    if unit_slip(rd, last) is not None:
        return []  # check_unit says what is wrong
    change = (Decimal(rd) - last) * 100 / last
    return [
        Finding(
            "yoy",
            WARNING,
            "exp_total",
            _("研究开发费用比上年（%(l)s万元）变化%(c)s%%，超过50%%，请说明原因。")
            % {"l": _yuan(last), "c": f"{change:+.1f}"},
        )
    ]


def check_registry(values: Values, ctx: Context) -> list[Finding]:
    rd, ref = values.get("exp_total"), ctx.registry_rd
    if rd is None or not ref or _off_by(Decimal(rd), ref) <= CROSS_LIMIT:
        return []
    return [
        Finding(
            "registry",
            WARNING,
            "exp_total",
            _(
                "研究开发费用与企业库中本年度研发费用（%(r)s万元）相差%(p)s%%，超过10%%，请说明原因。"
            )
            % {"r": _yuan(ref), "p": f"{_off_by(Decimal(rd), ref) * 100:.1f}"},
        )
    ]


def check_assessment(values: Values, ctx: Context) -> list[Finding]:
    rd, ref = values.get("exp_total"), ctx.assessment_rd
    if rd is None or not ref or _off_by(Decimal(rd), ref) <= CROSS_LIMIT:
        return []
    return [
        Finding(
            "assessment",
            WARNING,
            "exp_total",
            _(
                "研究开发费用与最近一次高企/科小评价所用研发费用（%(r)s万元）相差%(p)s%%，"
                "超过10%%，请说明原因。"
            )
            % {"r": _yuan(ref), "p": f"{_off_by(Decimal(rd), ref) * 100:.1f}"},
        )
    ]


def check_projects(projects: Sequence[Values], values: Values, ctx: Context) -> list[Finding]:
    found = []
    for number, p in enumerate(projects, start=1):
        name = p.get("name") or _("第%(n)d个项目") % {"n": number}
        parts = _sum(p, ("in_house", "commissioned"))
        spent = p.get("expenditure")
        if spent is not None and parts is not None and Decimal(spent) != parts:
            found.append(
                Finding(
                    "project_sum",
                    ERROR,
                    f"projects-{number}",
                    _(
                        "项目“%(n)s”：内部支出与委托支出之和（%(s)s万元）不等于项目经费支出（%(t)s万元）。"
                    )
                    % {"n": name, "s": _yuan(parts), "t": _yuan(spent)},
                )
            )
        months, staff = p.get("person_months"), p.get("staff")
        if months is not None and staff is not None and Decimal(months) > staff * 12:
            found.append(
                Finding(
                    "project_months",
                    ERROR,
                    f"projects-{number}",
                    _("项目“%(n)s”：实际工作时间（%(m)s人月）超过研发人员×12（%(c)s人月）。")
                    % {"n": name, "m": months, "c": staff * 12},
                )
            )
    total = values.get("exp_total")
    in_house = sum((Decimal(p.get("in_house") or 0) for p in projects), Decimal(0))
    if total is not None and in_house > Decimal(total):
        found.append(
            Finding(
                "projects_exceed",
                WARNING,
                "exp_total",
                _("各项目内部支出合计（%(p)s万元）超过研究开发费用合计（%(t)s万元），请说明原因。")
                % {"p": _yuan(in_house), "t": _yuan(total)},
            )
        )
    return found


VALUE_CHECKS: tuple[Callable[[Values, Context], list[Finding]], ...] = (
    check_expense_total,
    check_source_total,
    check_of_which,
    check_fte,
    check_degrees,
    check_total_cost,
    check_unit,
    check_year_on_year,
    check_registry,
    check_assessment,
)


def check(
    values: Values, projects: Sequence[Values], ctx: Context, *, submitting: bool
) -> list[Finding]:
    found: list[Finding] = check_required(values, ctx) if submitting else []
    for rule in VALUE_CHECKS:
        found.extend(rule(values, ctx))
    found.extend(check_projects(projects, values, ctx))
    return found


def unexplained(findings: Sequence[Finding], explanations: Mapping[str, str]) -> list[Finding]:
    """Warnings without a written explanation (they block submission like errors).

    ``explanations`` maps a warning code to its text; "*" (an imported 预警说明 cell) answers all.
    """

    def answered(code: str) -> bool:
        return any(str(explanations.get(k) or "").strip() for k in (code, "*"))

    return [f for f in findings if f.level == WARNING and not answered(f.code)]


def blocking(findings: Sequence[Finding], explanations: Mapping[str, str]) -> list[Finding]:
    return [f for f in findings if f.level == ERROR] + unexplained(findings, explanations)
