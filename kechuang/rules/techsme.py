"""Tech-based SME evaluation (国科发政〔2017〕115号), rules.md §2.

Conditions of Art. 6 (size, no prohibited products, no incidents or blacklisting), the score of
Art. 7 (S&T staff 20 + R&D 50, the better of the two routes, + achievements 30), the pass rule
(≥ 60 and a non-zero S&T-staff score) and the direct routes of Art. 8.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .common import (
    FAIL,
    PASS,
    UNDETERMINED,
    Criterion,
    D,
    Gap,
    Result,
    band,
    ceil_int,
    pct,
    ratio,
    wan,
)

RULE = "techsme"


@dataclass(frozen=True)
class Version:
    id: str = "2017.1"
    max_employees: int = 500
    max_sales: Decimal = Decimal(200_000_000)
    max_assets: Decimal = Decimal(200_000_000)
    pass_score: int = 60
    st_bands: tuple[tuple[Decimal, int], ...] = (
        (Decimal("0.30"), 20),
        (Decimal("0.25"), 16),
        (Decimal("0.20"), 12),
        (Decimal("0.15"), 8),
        (Decimal("0.10"), 4),
    )
    rd_sales_bands: tuple[tuple[Decimal, int], ...] = (
        (Decimal("0.06"), 50),
        (Decimal("0.05"), 40),
        (Decimal("0.04"), 30),
        (Decimal("0.03"), 20),
        (Decimal("0.02"), 10),
    )
    rd_cost_bands: tuple[tuple[Decimal, int], ...] = (
        (Decimal("0.30"), 50),
        (Decimal("0.25"), 40),
        (Decimal("0.20"), 30),
        (Decimal("0.15"), 20),
        (Decimal("0.10"), 10),
    )


V2017 = Version()


@dataclass(frozen=True)
class TechSmeInput:
    employees: int | None = None
    st_staff: int | None = None
    sales_revenue: Decimal | None = None
    total_assets: Decimal | None = None
    total_cost: Decimal | None = None
    rd_expense: Decimal | None = None
    ip_class1_count: int = 0
    ip_class2_count: int = 0
    prohibited_industry: bool | None = False
    incident_or_blacklisted: bool | None = False
    # Direct qualification (Art. 8)
    valid_hte: bool = False
    national_award_top3_5y: bool = False
    provincial_rd_institution: bool = False
    led_standard_5y: bool = False

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TechSmeInput:
        def money(key: str) -> Decimal | None:
            return D(data[key]) if data.get(key) not in (None, "") else None

        def count(key: str) -> int | None:
            return int(data[key]) if data.get(key) not in (None, "") else None

        return cls(
            employees=count("employees"),
            st_staff=count("st_staff"),
            sales_revenue=money("sales_revenue"),
            total_assets=money("total_assets"),
            total_cost=money("total_cost"),
            rd_expense=money("rd_expense"),
            ip_class1_count=int(data.get("ip_class1_count") or 0),
            ip_class2_count=int(data.get("ip_class2_count") or 0),
            prohibited_industry=data.get("prohibited_industry", False),
            incident_or_blacklisted=data.get("incident_or_blacklisted", False),
            valid_hte=bool(data.get("valid_hte", False)),
            national_award_top3_5y=bool(data.get("national_award_top3_5y", False)),
            provincial_rd_institution=bool(data.get("provincial_rd_institution", False)),
            led_standard_5y=bool(data.get("led_standard_5y", False)),
        )


def achievements_points(class1: int, class2: int) -> int:
    if class1 >= 1:
        return 30
    return {0: 0, 1: 6, 2: 12, 3: 18}.get(class2, 24)


def assess(data: TechSmeInput, version: Version = V2017) -> Result:
    criteria: list[Criterion] = []
    gaps: list[Gap] = []

    def limit(code: str, label: str, value: Any, maximum: Any, unit: str) -> None:
        if value is None:
            criteria.append(Criterion(code, label, None, None, maximum, "未填写"))
            return
        ok = value <= maximum
        shown = wan(value) if unit == "元" else f"{value}{unit}"
        top = wan(maximum) if unit == "元" else f"{maximum}{unit}"
        criteria.append(Criterion(code, label, ok, value, maximum, f"{shown}，上限{top}（含）"))
        if not ok:
            gaps.append(Gap(code, f"{label}超过上限，不属于中小企业，不能参加评价"))

    limit("employees", "职工总数≤500人", data.employees, version.max_employees, "人")
    limit("sales", "年销售收入≤2亿元", data.sales_revenue, version.max_sales, "元")
    limit("assets", "资产总额≤2亿元", data.total_assets, version.max_assets, "元")
    for code, label, flag in (
        ("industry", "产品和服务不属于禁止、限制和淘汰类", data.prohibited_industry),
        (
            "conduct",
            "未发生重大事故、严重失信，未列入经营异常名录和严重违法失信名单",
            data.incident_or_blacklisted,
        ),
    ):
        criteria.append(
            Criterion(
                code,
                label,
                None if flag is None else not flag,
                flag,
                False,
                "未填写" if flag is None else ("不符合" if flag else "符合"),
            )
        )

    direct = [
        label
        for flag, label in (
            (data.valid_hte, "拥有有效期内的高新技术企业资格证书"),
            (data.national_award_top3_5y, "近五年获国家级科技奖励且排名前三"),
            (data.provincial_rd_institution, "拥有省部级以上研发机构"),
            (data.led_standard_5y, "近五年主导制定国际、国家或行业标准"),
        )
        if flag
    ]

    # Scoring
    st_share = (
        ratio(D(data.st_staff), D(data.employees))
        if data.employees and (data.st_staff is not None)
        else None
    )
    st_points = band(st_share, [(b, p) for b, p in version.st_bands], 0)
    criteria.append(
        Criterion(
            "score_st",
            "科技人员指标（20分）",
            st_points > 0,
            st_share,
            "≥10%得分",
            f"科技人员占比{pct(st_share)}，得{st_points}分",
            st_points,
            st_points,
        )
    )
    rd_sales = ratio(D(data.rd_expense), D(data.sales_revenue)) if data.sales_revenue else None
    rd_cost = ratio(D(data.rd_expense), D(data.total_cost)) if data.total_cost else None
    by_sales = band(rd_sales, list(version.rd_sales_bands), 0)
    by_cost = band(rd_cost, list(version.rd_cost_bands), 0)
    rd_points = max(by_sales, by_cost)
    route = "研发费用占销售收入比例" if by_sales >= by_cost else "研发费用占成本费用支出总额比例"
    criteria.append(
        Criterion(
            "score_rd",
            "研发投入指标（50分，取两种算法的较高者）",
            None,
            {"rd_sales": rd_sales, "rd_cost": rd_cost},
            None,
            f"占销售收入{pct(rd_sales)}得{by_sales}分；占成本费用{pct(rd_cost)}得"
            f"{by_cost}分；按{route}计{rd_points}分",
            rd_points,
            rd_points,
        )
    )
    ach_points = achievements_points(data.ip_class1_count, data.ip_class2_count)
    criteria.append(
        Criterion(
            "score_achievements",
            "科技成果指标（30分）",
            None,
            (data.ip_class1_count, data.ip_class2_count),
            None,
            f"Ⅰ类{data.ip_class1_count}项、Ⅱ类{data.ip_class2_count}项，得{ach_points}分",
            ach_points,
            ach_points,
        )
    )
    total = st_points + rd_points + ach_points
    score_ok = total >= version.pass_score and st_points > 0
    criteria.append(
        Criterion(
            "score",
            "综合评分≥60分且科技人员指标不为0",
            score_ok,
            total,
            version.pass_score,
            f"合计{total}分（科技人员{st_points}+研发投入{rd_points}+科技成果{ach_points}）",
            total,
            total,
        )
    )
    if direct:
        criteria.append(
            Criterion("direct", "直接认定条件", True, direct, None, "符合：" + "；".join(direct))
        )

    if not score_ok and not direct:
        if st_points == 0 and data.employees:
            t = Decimal("0.10")
            need = ceil_int((t * data.employees - D(data.st_staff)) / (1 - t))
            gaps.append(
                Gap(
                    "score_st",
                    f"科技人员占比{pct(st_share, against=t)}，须达到10%科技人员指标才不为0："
                    f"需再增加{need}名科技人员",
                    need,
                    "人",
                )
            )
        short = version.pass_score - total
        if short > 0:
            options = []
            if data.sales_revenue:
                ascending = sorted(version.rd_sales_bands, key=lambda b: b[1])
                better = [(lower, points) for lower, points in ascending if points > by_sales]
                closing = [b for b in better if b[1] - rd_points >= short]
                target = closing[0] if closing else (better[-1] if better else None)
                if target is not None:
                    lower, points = target
                    more = lower * D(data.sales_revenue) - D(data.rd_expense)
                    options.append(
                        f"研发费用占销售收入达到{pct(lower)}（再投入{wan(more)}）可得{points}分"
                    )
            if ach_points < 30:
                options.append("取得1项Ⅰ类知识产权可使科技成果指标得30分")
            gaps.append(
                Gap(
                    "score",
                    f"综合评分{total}分，需{version.pass_score}分：还差{short}分；"
                    + "；".join(options),
                    short,
                    "分",
                )
            )

    conditions = [
        c for c in criteria if c.code in ("employees", "sales", "assets", "industry", "conduct")
    ]
    if any(c.passed is False for c in conditions) or not (score_ok or direct):
        verdict = FAIL
    elif all(c.passed is True for c in conditions):
        verdict = PASS
    else:
        verdict = UNDETERMINED
    notes = (
        "评价数据年度按上一完整会计年度〔第三方口径，115号未明确〕；成本费用支出总额口径待确认。",
    )
    return Result(
        RULE,
        version.id,
        verdict,
        total,
        total,
        tuple(criteria),
        tuple(gaps),
        notes,
        facts={"direct_routes": direct},
    )
