"""R&D super deduction (研发费用加计扣除), rules.md §3.

The rate for the tax year and enterprise type, the excluded industries, the cap on other related
expenses (2021 formula), 80 % of commissioned R&D, the ⅔ cap on overseas commissioned R&D, and the
deduction with the tax it saves.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .common import FAIL, PASS, ZERO, Criterion, D, Gap, Result, pct, wan

RULE = "deduction"
VERSION = "2023.1"
CENT = Decimal("0.01")

# GB/T 4754-2017 codes of the excluded industries (财税〔2015〕119号 §四): tobacco (division 16),
# accommodation & catering (section H: 61–62), wholesale & retail (F: 51–52), real estate
# (K: 70), leasing & business services (L: 71–72), entertainment (division 90).
EXCLUDED_DIVISIONS = {
    "16": "烟草制品业",
    "51": "批发业",
    "52": "零售业",
    "61": "住宿业",
    "62": "餐饮业",
    "70": "房地产业",
    "71": "租赁业",
    "72": "商务服务业",
    "90": "娱乐业",
}


@dataclass(frozen=True)
class DeductionInput:
    tax_year: int
    enterprise_type: str = "general"  # general | ic | mother_machine | manufacturing | tech_sme
    industry_code: str = ""
    audit_based_collection: bool = True
    personnel: Decimal = ZERO
    direct_inputs: Decimal = ZERO
    depreciation: Decimal = ZERO
    amortisation: Decimal = ZERO
    design_and_trials: Decimal = ZERO
    other_related: Decimal = ZERO
    commissioned_domestic: Decimal = ZERO
    commissioned_overseas: Decimal = ZERO
    is_hte: bool = False
    tax_rate: Decimal | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DeductionInput:
        money = (
            "personnel",
            "direct_inputs",
            "depreciation",
            "amortisation",
            "design_and_trials",
            "other_related",
            "commissioned_domestic",
            "commissioned_overseas",
        )
        return cls(
            tax_year=int(data["tax_year"]),
            enterprise_type=str(data.get("enterprise_type") or "general"),
            industry_code=str(data.get("industry_code") or ""),
            audit_based_collection=bool(data.get("audit_based_collection", True)),
            is_hte=bool(data.get("is_hte", False)),
            tax_rate=D(data["tax_rate"]) if data.get("tax_rate") not in (None, "") else None,
            **{k: D(data.get(k)) for k in money},
        )


def rate_for(year: int, kind: str) -> tuple[Decimal, str]:
    """Extra deduction rate on expensed R&D for the tax year (rules.md §3.1–3.2)."""
    if kind in ("ic", "mother_machine") and 2023 <= year <= 2027:
        return Decimal("1.20"), "财政部等四部门公告2023年第44号"
    if year >= 2023:
        return Decimal("1.00"), "财政部 税务总局公告2023年第7号"
    if year >= 2021 and kind == "manufacturing":
        return Decimal("1.00"), "2021年第13号〔第三方口径〕"
    if year == 2022 and kind == "tech_sme":
        return Decimal("1.00"), "2022年第16号〔第三方口径〕"
    if year >= 2018:
        return Decimal("0.75"), "财税〔2018〕99号〔第三方口径〕"
    return Decimal("0.50"), "财税〔2015〕119号"


def assess(data: DeductionInput) -> Result:
    criteria: list[Criterion] = []
    gaps: list[Gap] = []
    division = data.industry_code.strip().upper().lstrip("ABCDEFGHIJKLMNOPQRST")[:2]
    excluded = EXCLUDED_DIVISIONS.get(division)
    criteria.append(
        Criterion(
            "industry",
            "不属于不适用加计扣除的行业",
            excluded is None,
            data.industry_code or None,
            "非烟草、住宿餐饮、批发零售、房地产、租赁和商务服务、娱乐业",
            f"行业属于{excluded}，不适用" if excluded else "行业适用",
        )
    )
    criteria.append(
        Criterion(
            "collection",
            "查账征收、会计核算健全",
            data.audit_based_collection,
            data.audit_based_collection,
            True,
            "查账征收" if data.audit_based_collection else "非查账征收，不适用",
        )
    )
    base = (
        data.personnel
        + data.direct_inputs
        + data.depreciation
        + data.amortisation
        + data.design_and_trials
    )
    other_limit = (base * Decimal("0.10") / Decimal("0.90")).quantize(CENT, ROUND_HALF_UP)
    other_allowed = min(data.other_related, other_limit)
    criteria.append(
        Criterion(
            "other_cap",
            "其他相关费用限额（前五项×10%÷(1−10%)）",
            data.other_related <= other_limit,
            data.other_related,
            other_limit,
            f"其他相关费用{wan(data.other_related)}，限额{wan(other_limit)}，"
            f"可加计{wan(other_allowed)}",
        )
    )
    domestic_commissioned = (data.commissioned_domestic * Decimal("0.8")).quantize(CENT)
    domestic_eligible = base + other_allowed + domestic_commissioned
    overseas_80 = (data.commissioned_overseas * Decimal("0.8")).quantize(CENT)
    overseas_cap = (domestic_eligible * 2 / 3).quantize(CENT, ROUND_HALF_UP)
    overseas_allowed = min(overseas_80, overseas_cap)
    criteria.append(
        Criterion(
            "overseas_cap",
            "境外委托研发（80%计入，且不超过境内符合条件费用的⅔）",
            overseas_80 <= overseas_cap,
            overseas_80,
            overseas_cap,
            f"境外委托{wan(data.commissioned_overseas)}×80%＝{wan(overseas_80)}，"
            f"上限{wan(overseas_cap)}",
        )
    )
    eligible = domestic_eligible + overseas_allowed
    rate, source = rate_for(data.tax_year, data.enterprise_type)
    applies = excluded is None and data.audit_based_collection
    deduction = (eligible * rate).quantize(CENT, ROUND_HALF_UP) if applies else ZERO
    tax_rate = (
        data.tax_rate
        if data.tax_rate is not None
        else (Decimal("0.15") if data.is_hte else Decimal("0.25"))
    )
    saved = (deduction * tax_rate).quantize(CENT, ROUND_HALF_UP)
    criteria.append(
        Criterion(
            "deduction",
            "加计扣除额",
            applies,
            deduction,
            None,
            f"可加计扣除的研发费用{wan(eligible)}×{pct(rate)}＝{wan(deduction)}"
            f"（{source}）；按{pct(tax_rate)}税率少缴企业所得税{wan(saved)}",
        )
    )
    if data.other_related > other_limit:
        gaps.append(
            Gap(
                "other_cap",
                f"其他相关费用超出限额{wan(data.other_related - other_limit)}，"
                "超出部分不能加计扣除",
                (data.other_related - other_limit).quantize(CENT),
                "元",
            )
        )
    facts = {
        "eligible": eligible,
        "rate": rate,
        "deduction": deduction,
        "tax_rate": tax_rate,
        "tax_saved": saved,
        "source": source,
        "tax_saved_at_15": (deduction * Decimal("0.15")).quantize(CENT, ROUND_HALF_UP),
        "tax_saved_at_25": (deduction * Decimal("0.25")).quantize(CENT, ROUND_HALF_UP),
    }
    return Result(
        RULE,
        VERSION,
        PASS if applies else FAIL,
        None,
        None,
        tuple(criteria),
        tuple(gaps),
        (),
        facts,
    )
