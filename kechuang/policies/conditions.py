"""A policy's eligibility as structured conditions over registry and eligibility facts.

Staff write one condition a line ("研发费用占销售收入比例 >= 3", "规上企业 = 是",
"国民经济行业代码 属于 C、6513"); the line is parsed by a fixed grammar into
``{"fact", "op", "value"}`` — never evaluated as code. Each condition is checked against an
enterprise's facts, and a failed one is said in the gap report's words ("研发费用占销售收入比例为
2.10%，须不低于3%（差0.90个百分点）")."""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Fact:
    key: str
    label: str
    kind: str  # bool | number | code
    unit: str = ""


FACTS = {
    f.key: f
    for f in (
        Fact("above_scale", "规上企业", "bool"),
        Fact("in_rd_statistics", "纳统企业", "bool"),
        Fact("key_cultivated", "重点培育企业", "bool"),
        Fact("hte", "有效期内高新技术企业", "bool"),
        Fact("tech_sme", "已入库科技型中小企业", "bool"),
        Fact("hte_pass", "符合高企认定条件", "bool"),
        Fact("techsme_pass", "符合科技型中小企业评价条件", "bool"),
        Fact("employees", "职工总数", "number", "人"),
        Fact("revenue", "销售收入", "number", "万元"),
        Fact("rd_expense", "研发费用", "number", "万元"),
        Fact("rd_ratio", "研发费用占销售收入比例", "number", "%"),
        Fact("st_share", "科技人员占职工总数比例", "number", "%"),
        Fact("age", "成立年限", "number", "年"),
        Fact("industry", "国民经济行业代码", "code"),
    )
}
BY_LABEL = {f.label: f for f in FACTS.values()}

OPS = {">=": "不低于", ">": "高于", "<=": "不高于", "<": "低于", "=": "为", "属于": "属于"}
YES, NO = "是", "否"
LINE = re.compile(r"^\s*(?P<fact>[^<>=]+?)\s*(?P<op>>=|<=|>|<|=|属于)\s*(?P<value>.+?)\s*$")


MAX_LINES, MAX_LINE = 30, 200  # a policy's conditions are a few short lines


def parse(text: str) -> list[dict[str, Any]]:
    """The conditions of ``text``, one a line; a wrong line is refused naming the line.
    Bounded before any line is read: at most 30 lines of 200 characters."""
    found: list[dict[str, Any]] = []
    lines = (text or "").splitlines()
    if len(lines) > MAX_LINES:
        raise ValidationError(
            _("申报条件最多%(m)s行（填写了%(n)s行）。") % {"m": MAX_LINES, "n": len(lines)}
        )
    for n, raw in enumerate(lines, 1):
        if len(raw) > MAX_LINE:
            raise ValidationError(_("第%(n)s行超过%(m)s个字符。") % {"n": n, "m": MAX_LINE})
        line = raw.strip().replace("＞", ">").replace("＜", "<").replace("＝", "=")
        line = line.replace("≥", ">=").replace("≤", "<=")
        if not line:
            continue
        match = LINE.match(line)
        if match is None:
            raise ValidationError(
                _(
                    "第%(n)s行“%(l)s”：请按“条件项 比较符 数值”填写，"
                    "如“研发费用占销售收入比例 >= 3”。"
                )
                % {"n": n, "l": raw.strip()}
            )
        label, op, value = match["fact"].strip(), match["op"], match["value"].strip()
        fact = BY_LABEL.get(label) or FACTS.get(label)
        if fact is None:
            raise ValidationError(
                _("第%(n)s行：不认识的条件项“%(f)s”。可用的条件项：%(all)s。")
                % {"n": n, "f": label, "all": "、".join(BY_LABEL)}
            )
        if fact.kind == "bool":
            if op != "=" or value not in (YES, NO):
                raise ValidationError(
                    _("第%(n)s行：“%(f)s”只能写“= 是”或“= 否”。") % {"n": n, "f": fact.label}
                )
            found.append({"fact": fact.key, "op": "=", "value": value == YES})
        elif fact.kind == "number":
            if op in ("=", "属于"):
                raise ValidationError(
                    _("第%(n)s行：“%(f)s”请用 >=、>、<=、< 比较。") % {"n": n, "f": fact.label}
                )
            try:
                number = Decimal(value.rstrip("%").rstrip(fact.unit))
            except InvalidOperation:
                raise ValidationError(
                    _("第%(n)s行：“%(v)s”不是数值。") % {"n": n, "v": value}
                ) from None
            found.append({"fact": fact.key, "op": op, "value": str(number)})
        else:
            codes = [c.strip().upper() for c in re.split(r"[、,，;；\s]+", value) if c.strip()]
            if (
                op != "属于"
                or not codes
                or any(not re.fullmatch(r"[A-T]|\d{2,4}", c) for c in codes)
            ):
                raise ValidationError(
                    _(
                        "第%(n)s行：行业代码写作“国民经济行业代码 属于 C、6513”"
                        "（门类字母或2—4位代码）。"
                    )
                    % {"n": n}
                )
            found.append({"fact": fact.key, "op": "属于", "value": codes})
    return found


def as_text(conditions: list[dict[str, Any]]) -> str:
    """The stored conditions written back as the lines staff type."""
    lines = []
    for c in conditions or []:
        fact = FACTS.get(c.get("fact", ""))
        if fact is None:
            continue
        value = c.get("value")
        if fact.kind == "bool":
            shown = YES if value else NO
        elif fact.kind == "code":
            shown = "、".join(value or [])
        else:
            shown = f"{Decimal(str(value)).normalize():f}"
        lines.append(f"{fact.label} {c['op']} {shown}")
    return "\n".join(lines)


def describe(condition: dict[str, Any]) -> str:
    """One condition in words: "研发费用占销售收入比例不低于3%"."""
    fact = FACTS[condition["fact"]]
    value = condition["value"]
    if fact.kind == "bool":
        return fact.label if value else _("非%(f)s") % {"f": fact.label}
    if fact.kind == "code":
        return _("%(f)s属于%(v)s") % {"f": fact.label, "v": "、".join(value)}
    number = f"{Decimal(str(value)).normalize():f}"
    return f"{fact.label}{OPS[condition['op']]}{number}{fact.unit}"


def _industry_in(code: str, wanted: list[str]) -> bool:
    from kechuang.enterprises import industries

    if not code:
        return False
    found = industries.industries().get(code)
    section = found.section if found is not None else ""
    return any(code.startswith(w) if w.isdigit() else section == w for w in wanted)


def check(condition: dict[str, Any], facts: dict[str, Any]) -> str:
    """ "" when ``facts`` meet the condition, else the gap in the gap report's words."""
    fact = FACTS[condition["fact"]]
    value = condition["value"]
    actual = facts.get(fact.key)
    if fact.kind == "bool":
        if bool(actual) == bool(value):
            return ""
        return _("尚不是%(f)s") % {"f": fact.label} if value else _("须非%(f)s") % {"f": fact.label}
    if fact.kind == "code":
        if _industry_in(str(actual or ""), value):
            return ""
        if not actual:
            return _("未登记%(f)s，须属于%(v)s") % {"f": fact.label, "v": "、".join(value)}
        return _("%(f)s为%(a)s，须属于%(v)s") % {
            "f": fact.label,
            "a": actual,
            "v": "、".join(value),
        }
    if actual is None:
        return _("未填报%(f)s（%(d)s）") % {"f": fact.label, "d": describe(condition)}
    limit = Decimal(str(value))
    have = Decimal(str(actual))
    op = condition["op"]
    ok = {">=": have >= limit, ">": have > limit, "<=": have <= limit, "<": have < limit}[op]
    if ok:
        return ""
    gap = abs(limit - have)
    unit = fact.unit
    distance = (
        _("差%(g)s个百分点") % {"g": f"{gap:.2f}"}
        if unit == "%"
        else (_("差%(g)s%(u)s") % {"g": f"{gap.normalize():f}", "u": unit})
    )
    shown = f"{have:.2f}" if unit in ("%", "万元") else f"{have.normalize():f}"
    return _("%(f)s为%(a)s%(u)s，须%(o)s%(l)s%(u)s（%(d)s）") % {
        "f": fact.label,
        "a": shown,
        "u": unit,
        "o": OPS[op],
        "l": f"{limit.normalize():f}",
        "d": distance,
    }


Test = Callable[[dict[str, Any]], bool]


def compiled(condition: dict[str, Any]) -> Test:
    """Whether facts meet one condition, with its limit read once: a policy matched over a
    province's enterprises runs this per enterprise, so it only compares; the words of a gap
    (``check``) are built when shown."""
    fact = FACTS[condition["fact"]]
    key, value = fact.key, condition["value"]
    if fact.kind == "bool":
        wanted = bool(value)
        return lambda facts: bool(facts.get(key)) == wanted
    if fact.kind == "code":
        codes = list(value)
        return lambda facts: _industry_in(str(facts.get(key) or ""), codes)
    limit = Decimal(str(value))
    test = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt}[
        condition["op"]
    ]

    def numeric(facts: dict[str, Any]) -> bool:
        have = facts.get(key)
        return have is not None and test(have, limit)

    return numeric
