"""High-tech enterprise recognition (国科发火〔2016〕32号, 〔2016〕195号), rules.md §1.

``assess(HteInput)`` returns a :class:`Result`: the eight conditions of §1.2, the innovation
capability score of §1.6 as a range (expert-judged items carry their whole band when unknown),
a verdict (pass / fail / undetermined) and, for every failed or uncertain condition, what would
close it in the enterprise's own units.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from .common import (
    FAIL,
    PASS,
    UNDETERMINED,
    ZERO,
    Criterion,
    D,
    Gap,
    Result,
    band,
    ceil_int,
    parse_date,
    pct,
    ratio,
    wan,
)

RULE = "hte"
FIELDS = {"1", "2", "3", "4", "5", "6", "7", "8"}
Points = tuple[int, int]  # (lowest, highest) points of a band


@dataclass(frozen=True)
class Version:
    """Every number of the rule, so a verdict can be replayed under the version it used."""

    id: str = "2016.1"
    registered_days: int = 365  # [text] §1.1
    rd_brackets: tuple[tuple[Decimal, Decimal], ...] = (  # most recent sales ≤ bound → ratio
        (Decimal(50_000_000), Decimal("0.05")),
        (Decimal(200_000_000), Decimal("0.04")),
    )
    rd_ratio_above: Decimal = Decimal("0.03")
    domestic_share: Decimal = Decimal("0.60")
    st_share: Decimal = Decimal("0.10")
    high_tech_share: Decimal = Decimal("0.60")
    score_pass: int = 71  # "above 70", integer scores
    # [3p] interpretations for firms operating fewer than 3 years (rules.md §1.6, §7 item 4):
    growth_two_years: str = "v2/v1-1"
    growth_one_year_points: int = 0
    conversions_divide_by_actual_years: bool = True
    # Innovation-capability points (工作指引 §innovation score): every band and cap.
    grade_points: tuple[tuple[str, Points], ...] = (
        ("A", (7, 8)),
        ("B", (5, 6)),
        ("C", (3, 4)),
        ("D", (1, 2)),
        ("E", (0, 0)),
    )
    grade_unknown: Points = (0, 8)
    ip_class1_points: Points = (7, 8)
    ip_class2_bands: tuple[tuple[int, Points], ...] = ((5, (5, 6)), (3, (3, 4)), (1, (1, 2)))
    obtained_points: tuple[tuple[str, Points], ...] = (("own", (1, 6)), ("transfer", (1, 3)))
    obtained_unknown: Points = (1, 6)
    standards_points: Points = (1, 2)
    ip_cap: int = 30
    conversion_bands: tuple[tuple[Decimal, Points], ...] = (
        (Decimal(5), (25, 30)),
        (Decimal(4), (19, 24)),
        (Decimal(3), (13, 18)),
        (Decimal(2), (7, 12)),
        (Decimal(1), (1, 6)),
    )
    conversion_cap: int = 30
    management_cap: int = 20
    growth_bands: tuple[tuple[Decimal, Points], ...] = (
        (Decimal("0.35"), (9, 10)),
        (Decimal("0.25"), (7, 8)),
        (Decimal("0.15"), (5, 6)),
        (Decimal("0.05"), (3, 4)),
    )
    growth_below: Points = (1, 2)  # a positive rate below the lowest band


V2016 = Version()


@dataclass(frozen=True)
class YearFigures:
    year: int
    sales_revenue: Decimal = ZERO
    total_revenue: Decimal = ZERO
    high_tech_revenue: Decimal = ZERO
    rd_expense: Decimal = ZERO
    rd_expense_domestic: Decimal = ZERO
    total_assets: Decimal = ZERO
    total_liabilities: Decimal = ZERO

    @property
    def net_assets(self) -> Decimal:
        return self.total_assets - self.total_liabilities


@dataclass(frozen=True)
class HteInput:
    application_date: date
    registered_on: date | None = None
    tech_field: str = ""
    employees: int | None = None
    st_staff: int | None = None
    years: tuple[YearFigures, ...] = ()
    ip_class1_count: int = 0
    ip_class2_count: int = 0
    conversions_3y: int | None = None
    major_incident_last_year: bool | None = False
    # Expert-judged items (None: unknown, the engine carries the whole band)
    ip_advancement: str | None = None  # A–E
    ip_core_support: str | None = None  # A–E
    ip_obtained: str | None = None  # "own" | "transfer"
    standards_bonus: bool | None = None
    conversion_points: int | None = None
    rd_management_points: int | None = None
    # Platforms recorded for the enterprise on the application date (R&D institutions and
    # open innovation platforms, "名称（级别类型）"): the evidence the experts weigh for
    # R&D-management items (2) and (3); None when not known (a hand-filled check).
    rd_platforms: tuple[str, ...] | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> HteInput:
        years = tuple(
            YearFigures(
                year=int(y["year"]),
                **{
                    k: D(y.get(k))
                    for k in (
                        "sales_revenue",
                        "total_revenue",
                        "high_tech_revenue",
                        "rd_expense",
                        "rd_expense_domestic",
                        "total_assets",
                        "total_liabilities",
                    )
                },
            )
            for y in data.get("years", [])
        )
        application = parse_date(data.get("application_date"))
        if application is None:  # the rules never guess "today": the caller must say when
            raise ValueError("HteInput needs an application_date")
        return cls(
            application_date=application,
            registered_on=parse_date(data.get("registered_on")),
            tech_field=str(data.get("tech_field") or ""),
            employees=_int(data.get("employees")),
            st_staff=_int(data.get("st_staff")),
            years=years,
            ip_class1_count=int(data.get("ip_class1_count") or 0),
            ip_class2_count=int(data.get("ip_class2_count") or 0),
            conversions_3y=_int(data.get("conversions_3y")),
            major_incident_last_year=data.get("major_incident_last_year", False),
            ip_advancement=data.get("ip_advancement"),
            ip_core_support=data.get("ip_core_support"),
            ip_obtained=data.get("ip_obtained"),
            standards_bonus=data.get("standards_bonus"),
            conversion_points=_int(data.get("conversion_points")),
            rd_management_points=_int(data.get("rd_management_points")),
            rd_platforms=(
                tuple(str(n) for n in data["rd_platforms"])
                if data.get("rd_platforms") is not None
                else None
            ),
        )


def _int(value: Any) -> int | None:
    return None if value in (None, "") else int(value)


def period_years(data: HteInput) -> list[YearFigures]:
    """The (up to) 3 accounting years before the application year, oldest first."""
    last = data.application_date.year - 1
    wanted = {last - 2, last - 1, last}
    chosen = sorted((y for y in data.years if y.year in wanted), key=lambda y: y.year)
    if data.registered_on is not None:
        chosen = [y for y in chosen if y.year >= data.registered_on.year]
    return chosen


def rd_threshold(version: Version, recent_sales: Decimal) -> Decimal:
    for bound, required in version.rd_brackets:
        if recent_sales <= bound:
            return required
    return version.rd_ratio_above


def growth_rate(values: list[Decimal], version: Version) -> tuple[Decimal | None, str]:
    """Growth per Guideline §三(七)4; returns (rate or None for 0 points, explanation)."""
    if len(values) >= 3:
        v1, v2, v3 = values[-3:]
        if v2 == 0:
            return None, "第二年为0，该项计0分"
        if v1 == 0:
            return D(v3 / v2 - 1), "第一年为0，按后两年计算（V3/V2−1）"
        return D((v2 / v1 + v3 / v2) / 2 - 1), "½×(V2/V1+V3/V2)−1"
    if len(values) == 2:
        v1, v2 = values
        if v1 == 0:
            return None, "经营不满3年，首年为0，该项计0分〔解释性口径〕"
        return D(v2 / v1 - 1), "经营不满3年，按实际年限 V2/V1−1 计算〔第三方口径，待确认〕"
    return None, f"经营不满2年，该项计{version.growth_one_year_points}分〔第三方口径，待确认〕"


def growth_points(rate: Decimal | None, version: Version) -> Points:
    if rate is None or rate <= 0:
        return (0, 0)
    points: Points = band(rate, list(version.growth_bands), version.growth_below)
    return points


def ip_quantity_points(class1: int, class2: int, version: Version) -> Points:
    if class1 >= 1:
        return version.ip_class1_points
    for least, points in version.ip_class2_bands:
        if class2 >= least:
            return points
    return (0, 0)


def assess(data: HteInput, version: Version = V2016) -> Result:
    criteria: list[Criterion] = []
    gaps: list[Gap] = []
    notes: list[str] = []
    years = period_years(data)
    recent = next((y for y in years if y.year == data.application_date.year - 1), None)

    # 1. registered ≥ 365 days
    if data.registered_on is None:
        criteria.append(
            Criterion(
                "registered",
                "注册满一年",
                None,
                None,
                version.registered_days,
                "未填写成立（注册）日期",
            )
        )
    else:
        days = (data.application_date - data.registered_on).days
        ok = days >= version.registered_days
        criteria.append(
            Criterion(
                "registered",
                "注册满一年",
                ok,
                days,
                version.registered_days,
                f"申请日注册满{days}天，要求不少于{version.registered_days}天",
            )
        )
        if not ok:
            wait = version.registered_days - days
            gaps.append(Gap("registered", f"还需等待{wait}天方满一年", wait, "天"))

    # 2. owns IP
    ip_total = data.ip_class1_count + data.ip_class2_count
    criteria.append(
        Criterion(
            "ip_owned",
            "拥有核心支持知识产权",
            ip_total > 0,
            ip_total,
            1,
            f"Ⅰ类{data.ip_class1_count}项、Ⅱ类{data.ip_class2_count}项",
        )
    )
    if ip_total == 0:
        gaps.append(
            Gap("ip_owned", "至少需取得1项对主要产品起核心支持作用的知识产权（Ⅰ类或Ⅱ类）", 1, "项")
        )

    # 3. field
    field_ok: bool | None = data.tech_field in FIELDS if data.tech_field else None
    criteria.append(
        Criterion(
            "field",
            "属于国家重点支持的高新技术领域",
            field_ok,
            data.tech_field or None,
            "8个领域之一",
            "未填写技术领域"
            if field_ok is None
            else ("技术领域符合" if field_ok else "技术领域不在8个领域内"),
        )
    )

    # 4. S&T staff ≥ 10 %
    if not data.employees or data.st_staff is None:
        criteria.append(
            Criterion(
                "st_staff",
                "科技人员占比≥10%",
                None,
                None,
                version.st_share,
                "缺少职工总数或科技人员数",
            )
        )
    else:
        share = ratio(D(data.st_staff), D(data.employees))
        ok = share is not None and share >= version.st_share
        criteria.append(
            Criterion(
                "st_staff",
                "科技人员占比≥10%",
                ok,
                share,
                version.st_share,
                f"科技人员{data.st_staff}人/职工{data.employees}人＝"
                f"{pct(share, against=version.st_share)}，"
                f"要求不低于{pct(version.st_share)}",
            )
        )
        if not ok:
            t = version.st_share
            hires = ceil_int((t * data.employees - data.st_staff) / (1 - t))
            gaps.append(
                Gap(
                    "st_staff",
                    f"科技人员占比{pct(share, against=t)}，要求{pct(t)}：需再增加{hires}名"
                    "科技人员（新增人员同时计入职工总数）",
                    hires,
                    "人",
                )
            )

    # 5. R&D ratio over the period, bracket by the most recent year's sales; domestic ≥ 60 %
    if recent is None or not years:
        criteria.append(
            Criterion(
                "rd_ratio",
                "近三年研发费用占销售收入比例",
                None,
                None,
                None,
                f"缺少{data.application_date.year - 1}年度数据",
            )
        )
        criteria.append(
            Criterion(
                "rd_domestic",
                "境内研发费用占比≥60%",
                None,
                None,
                version.domestic_share,
                "缺少研发费用数据",
            )
        )
    else:
        rd = sum((y.rd_expense for y in years), ZERO)
        sales = sum((y.sales_revenue for y in years), ZERO)
        required = rd_threshold(version, recent.sales_revenue)
        share = ratio(rd, sales)
        ok = share is not None and share >= required
        span = f"{years[0].year}—{years[-1].year}年" if len(years) > 1 else f"{years[0].year}年"
        criteria.append(
            Criterion(
                "rd_ratio",
                "近三年研发费用占销售收入比例",
                ok,
                share,
                required,
                f"{span}研发费用{wan(rd)}/销售收入{wan(sales)}＝{pct(share, against=required)}；"
                f"最近一年销售收入"
                f"{wan(recent.sales_revenue)}，对应要求不低于{pct(required)}",
            )
        )
        if len(years) < 3:
            notes.append("经营不满三年，按实际经营年限计算研发费用比例。")
        if not ok and sales > 0:
            more = required * sales - rd
            gaps.append(
                Gap(
                    "rd_ratio",
                    f"近三年研发费用占比{pct(share, against=required)}，要求{pct(required)}："
                    f"需再增加研发投入{wan(more)}",
                    more.quantize(Decimal("0.01")),
                    "元",
                )
            )
        domestic = sum((y.rd_expense_domestic for y in years), ZERO)
        dshare = ratio(domestic, rd)
        dok = dshare is not None and dshare >= version.domestic_share
        criteria.append(
            Criterion(
                "rd_domestic",
                "境内研发费用占比≥60%",
                dok,
                dshare,
                version.domestic_share,
                f"境内研发费用{wan(domestic)}/研发费用{wan(rd)}＝"
                f"{pct(dshare, against=version.domestic_share)}",
            )
        )
        if not dok and rd > 0:
            t = version.domestic_share
            more = (t * rd - domestic) / (1 - t)
            gaps.append(
                Gap(
                    "rd_domestic",
                    f"境内研发费用占比{pct(dshare, against=t)}，要求{pct(t)}：需再增加境内"
                    f"研发投入{wan(more)}",
                    more.quantize(Decimal("0.01")),
                    "元",
                )
            )

    # 6. high-tech revenue ≥ 60 % of total revenue (most recent year)
    if recent is None or not recent.total_revenue:
        criteria.append(
            Criterion(
                "high_tech_revenue",
                "高新技术产品（服务）收入占比≥60%",
                None,
                None,
                version.high_tech_share,
                "缺少最近一年总收入",
            )
        )
    else:
        share = ratio(recent.high_tech_revenue, recent.total_revenue)
        ok = share is not None and share >= version.high_tech_share
        criteria.append(
            Criterion(
                "high_tech_revenue",
                "高新技术产品（服务）收入占比≥60%",
                ok,
                share,
                version.high_tech_share,
                f"{recent.year}年高新收入{wan(recent.high_tech_revenue)}/总收入"
                f"{wan(recent.total_revenue)}＝{pct(share, against=version.high_tech_share)}",
            )
        )
        if not ok:
            t = version.high_tech_share
            more = (t * recent.total_revenue - recent.high_tech_revenue) / (1 - t)
            gaps.append(
                Gap(
                    "high_tech_revenue",
                    f"高新技术产品（服务）收入占比{pct(share, against=t)}，要求"
                    f"{pct(t)}：需再增加高新收入{wan(more)}",
                    more.quantize(Decimal("0.01")),
                    "元",
                )
            )

    # 7. innovation capability ≥ 71
    parts = score_parts(data, years, version)
    score_min = sum(p[1] for p in parts.values())
    score_max = sum(p[2] for p in parts.values())
    score_ok: bool | None = (
        True
        if score_min >= version.score_pass
        else (False if score_max < version.score_pass else None)
    )
    detail = "；".join(
        f"{label}{lo}—{hi}分" if lo != hi else f"{label}{lo}分"
        for label, lo, hi, _ in parts.values()
    )
    criteria.append(
        Criterion(
            "score",
            "创新能力评价＞70分",
            score_ok,
            (score_min, score_max),
            version.score_pass,
            detail,
            score_min,
            score_max,
        )
    )
    for code, (label, lo, hi, why) in parts.items():
        criteria.append(Criterion(f"score_{code}", label, None, (lo, hi), None, why, lo, hi))
    if score_ok is False:  # a gap only when even the best expert grades cannot reach the line
        short = version.score_pass - score_max
        text = f"创新能力评价最高{score_max}分，需{version.score_pass}分：还差{short}分"
        suggestion = ip_suggestion(data, version)
        if suggestion:
            text += "；" + suggestion
        if parts["growth"][2] < 20:
            text += f"；成长性得分{parts['growth'][1]}—{parts['growth'][2]}分"
        gaps.append(Gap("score", text, short, "分"))
    elif score_ok is None:  # its own state: the expert grades decide (issue #12)
        notes.append(
            f"创新能力评价{score_min}—{score_max}分：能否达到{version.score_pass}分取决于专家评分"
            f"（按下限还差{version.score_pass - score_min}分）。"
        )

    # 8. no major incident in the year before the application
    incident = data.major_incident_last_year
    criteria.append(
        Criterion(
            "no_incident",
            "申请前一年内无重大安全、质量事故或严重环境违法行为",
            None if incident is None else not incident,
            incident,
            False,
            "未填写" if incident is None else ("有" if incident else "无"),
        )
    )
    if incident:
        gaps.append(
            Gap("no_incident", "申请前一年内发生重大事故或严重环境违法行为，本年度不能申报")
        )

    conditions = [c for c in criteria if not c.code.startswith("score_")]
    if any(c.passed is False for c in conditions):
        verdict = FAIL
    elif all(c.passed is True for c in conditions):
        verdict = PASS
    else:
        verdict = UNDETERMINED
    return Result(
        RULE, version.id, verdict, score_min, score_max, tuple(criteria), tuple(gaps), tuple(notes)
    )


def score_parts(
    data: HteInput, years: list[YearFigures], version: Version
) -> dict[str, tuple[str, int, int, str]]:
    has_ip = data.ip_class1_count + data.ip_class2_count > 0
    # 1. IP (≤ 30)
    grades = dict(version.grade_points)
    adv = grades.get(data.ip_advancement or "", version.grade_unknown)
    core = grades.get(data.ip_core_support or "", version.grade_unknown)
    qty = ip_quantity_points(data.ip_class1_count, data.ip_class2_count, version)
    obtained = dict(version.obtained_points).get(data.ip_obtained or "", version.obtained_unknown)
    low, high = version.standards_points
    bonus = {True: (low, high), False: (0, 0)}.get(data.standards_bonus, (0, high))  # type: ignore[arg-type]
    if not has_ip:
        ip = (0, 0)
        ip_why = "无知识产权，该项0分"
    else:
        ip = (
            min(version.ip_cap, adv[0] + core[0] + qty[0] + obtained[0] + bonus[0]),
            min(version.ip_cap, adv[1] + core[1] + qty[1] + obtained[1] + bonus[1]),
        )
        ip_why = (
            f"技术先进程度{adv[0]}—{adv[1]}、核心支持作用{core[0]}—{core[1]}、数量{qty[0]}—{qty[1]}、"
            f"获得方式{obtained[0]}—{obtained[1]}、标准加分{bonus[0]}—{bonus[1]}（上限30）"
        )
    # 2. conversion (≤ 30)
    if data.conversion_points is not None:
        conv = (data.conversion_points, data.conversion_points)
        conv_why = "专家已评分"
    elif data.conversions_3y is None:
        conv = (0, version.conversion_cap)
        conv_why = "未提供近三年成果转化数"
    else:
        n = len(years) if version.conversions_divide_by_actual_years and years else 3
        average = D(data.conversions_3y) / max(n, 1)
        conv = band(average, list(version.conversion_bands), (0, 0))
        conv_why = f"近{n}年转化{data.conversions_3y}项，年均{average.quantize(Decimal('0.01'))}项"
    # 3. R&D management (≤ 20), expert judgement
    if data.rd_management_points is not None:
        mgmt = (data.rd_management_points, data.rd_management_points)
        mgmt_why = "专家已评分"
    else:
        mgmt = (0, version.management_cap)
        mgmt_why = "研发组织管理水平由专家评分（无官方分档）"
    if data.rd_platforms:
        mgmt_why += f"；已有平台：{'、'.join(data.rd_platforms)}，可作为第（2）（3）项的依据"
    elif data.rd_platforms is not None:
        mgmt_why += "；尚无经认定的研发机构或创新创业平台，第（2）（3）项（共10分）缺少平台依据"
    # 4. growth (≤ 20): net assets and sales, each ≤ 10
    na_rate, na_why = growth_rate([y.net_assets for y in years], version)
    sales_rate, sales_why = growth_rate([y.sales_revenue for y in years], version)
    na_points = growth_points(na_rate, version)
    sales_points = growth_points(sales_rate, version)
    growth = (na_points[0] + sales_points[0], na_points[1] + sales_points[1])
    growth_why = (
        f"净资产增长率{pct(na_rate)}（{na_why}）得{na_points[0]}—{na_points[1]}分；"
        f"销售收入增长率{pct(sales_rate)}（{sales_why}）得{sales_points[0]}—{sales_points[1]}分"
    )
    return {
        "ip": ("知识产权", ip[0], ip[1], ip_why),
        "conversion": ("科技成果转化能力", conv[0], conv[1], conv_why),
        "management": ("研究开发组织管理水平", mgmt[0], mgmt[1], mgmt_why),
        "growth": ("企业成长性", growth[0], growth[1], growth_why),
    }


def ip_suggestion(data: HteInput, version: Version) -> str:
    """The cheapest IP step to the next quantity band."""
    if data.ip_class1_count >= 1:
        return ""
    c2 = data.ip_class2_count
    current = ip_quantity_points(0, c2, version)[1]
    low, high = version.ip_class1_points
    options = [f"取得1项Ⅰ类知识产权可使“知识产权数量”升至{low}—{high}分"]
    for target in sorted(least for least, _points in version.ip_class2_bands):
        if c2 < target:
            gain = ip_quantity_points(0, target, version)[1] - current
            options.append(f"或再取得{target - c2}项Ⅱ类知识产权（+{gain}分）")
            break
    return "".join(options)
