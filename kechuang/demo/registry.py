"""Synthetic enterprises for the demo county and the benchmarks. Every name is invented.

The spread is deliberate: R&D ratios, S&T-staff shares and high-tech revenue shares cluster just
above and just below each threshold of rules.md (3%/4%/5%, 10%, 60%), so the eligibility engine
has cases on both sides of every line.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from math import ceil
from types import SimpleNamespace
from typing import Any

from kechuang.accounts.models import Region
from kechuang.rules import uscc as uscc_rules

BRANDS_A = "哈为华恒鑫瑞泰宏盛丰源汇博德润嘉安康信诚达通宇星辰凯锦晟昊晨旭"
BRANDS_B = "威民邦德力科远诚信达腾龙越兴泰和光明辉宝华峰恒茂源川海"
TRADES = [
    ("机械", "3411", "8"),
    ("制药", "2720", "2"),
    ("电子科技", "3971", "1"),
    ("新材料", "2651", "4"),
    ("生物科技", "2761", "2"),
    ("化工", "2614", "4"),
    ("食品", "1491", ""),
    ("纺织", "1713", ""),
    ("智能装备", "3491", "8"),
    ("环保科技", "7724", "7"),
    ("农业科技", "0511", ""),
    ("软件", "6511", "1"),
    ("新能源", "4416", "6"),
    ("精密制造", "3484", "8"),
    ("检测技术", "7452", "5"),
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"
ALPHA = "0123456789ABCDEFGHJKLMNPQRTUWXY"

ENTERPRISE_HEADER = [
    "统一社会信用代码",
    "企业名称",
    "所在乡镇（街道）",
    "法定代表人",
    "成立日期",
    "注册资本（元）",
    "地址",
    "行业代码",
    "高新技术领域",
    "联系人",
    "联系电话",
    "规上企业",
    "纳统企业",
    "重点培育",
]
FIGURE_HEADER = [
    "统一社会信用代码",
    "年度",
    "销售收入（元）",
    "主营业务收入（元）",
    "总收入（元）",
    "高新技术产品（服务）收入（元）",
    "成本费用支出总额（元）",
    "资产总额（元）",
    "负债总额（元）",
    "职工总数",
    "科技人员数",
    "本科及以上学历人数",
    "研发人员数",
    "研发费用（元）",
    "境内研发费用（元）",
    "政府补助（元）",
    "利润总额（元）",
    "纳税总额（元）",
]
IP_HEADER = ["统一社会信用代码", "类型", "编号", "名称", "申请日", "授权日", "状态"]


def loader(region: Region) -> Any:
    """A system actor that sees ``region``'s subtree (changes are logged as 系统)."""
    return SimpleNamespace(
        is_authenticated=True,
        is_active=True,
        role_names=frozenset({"staff"}),
        region=region,
        region_id=region.pk,
        enterprise_id=None,
        pk=None,
    )


def body(n: int) -> str:
    chars = []
    for _ in range(8):
        n, r = divmod(n, 31)
        chars.append(ALPHA[r])
    return "".join(reversed(chars))


HTE_SHARE = 0.15
HTE_DRIFTED = 5 / 6  # a holder's figures meet the thresholds unless the draw is above this


def near(rng: random.Random, centre: float, spread: float) -> float:
    return max(0.0, rng.uniform(centre - spread, centre + spread))


def yuan(value: float) -> Decimal:
    return Decimal(int(value * 100)) / 100


class RegistryBuilder:
    def __init__(
        self,
        rng: random.Random,
        county: Region,
        towns: list[Region],
        count: int,
        years: list[int],
        serial_base: int,
    ) -> None:
        self.rng, self.county, self.towns = rng, county, towns
        self.count, self.years, self.serial_base = count, years, serial_base
        self.enterprise_rows: list[list[Any]] = []
        self.figure_rows: list[list[Any]] = []
        self.ip_rows: list[list[Any]] = []
        self.profiles: list[dict[str, Any]] = []

    def build(self) -> None:
        used: set[str] = set()
        for i in range(self.count):
            self._enterprise(i, used)

    def _name(self, used: set[str], trade: str) -> str:
        for _ in range(50):
            name = (
                self.rng.choice(BRANDS_A)
                + self.rng.choice(BRANDS_B)
                + trade
                + self.rng.choice(["有限公司", "有限公司", "股份有限公司"])
            )
            if name not in used:
                used.add(name)
                return name
        name = f"{self.county.name}{len(used)}号{trade}有限公司"
        used.add(name)
        return name

    def _enterprise(self, i: int, used: set[str]) -> None:
        rng = self.rng
        trade, industry, field = rng.choice(TRADES)
        code = uscc_rules.make("91" + self.county.code, body(self.serial_base + i + 7))
        founded = date(
            rng.randint(1998, max(self.years) - 1), rng.randint(1, 12), rng.randint(1, 28)
        )
        size = rng.choices(["micro", "small", "medium", "large"], weights=[30, 40, 22, 8])[0]
        sales = {
            "micro": rng.uniform(1e6, 8e6),
            "small": rng.uniform(8e6, 5e7),
            "medium": rng.uniform(5e7, 2e8),
            "large": rng.uniform(2e8, 1.2e9),
        }[size]
        # Ratios cluster at the thresholds: R&D 3/4/5 %, S&T staff 10 %, high-tech revenue 60 %.
        rd_centre = 5.0 if sales <= 5e7 else 4.0 if sales <= 2e8 else 3.0
        rd_ratio = near(rng, rd_centre, 0.4) if rng.random() < 0.5 else rng.uniform(0.2, 8.0)
        st_share = near(rng, 10.0, 1.5) if rng.random() < 0.5 else rng.uniform(2.0, 35.0)
        ht_share = near(rng, 60.0, 4.0) if rng.random() < 0.5 else rng.uniform(10.0, 95.0)
        # About 15 % hold an HTE certificate. A holder passed recognition, so its figures mostly
        # still meet the thresholds; one in six has drifted below one (renewal is at risk).
        hte = rng.random() < HTE_SHARE
        healthy = hte and rng.random() < HTE_DRIFTED
        if healthy:
            rd_ratio = rng.uniform(rd_centre + 0.3, rd_centre + 3.0)
            st_share = rng.uniform(14.0, 30.0)
            ht_share = rng.uniform(62.0, 90.0)
        employees = max(5, int(sales / rng.uniform(3e5, 9e5)))
        name = self._name(used, trade)
        above = sales >= 2e7 and rng.random() < 0.9
        town = rng.choice(self.towns)
        self.enterprise_rows.append(
            [
                code,
                name,
                town.code,
                rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
                founded,
                yuan(rng.choice([5e5, 1e6, 3e6, 5e6, 1e7, 2e7, 5e7])),
                f"{town.name}工业园{rng.randint(1, 99)}号",
                industry,
                field,
                rng.choice(SURNAMES) + rng.choice(GIVEN),
                f"139{rng.randint(0, 99999999):08d}",
                "是" if above else "否",
                "是" if above or rng.random() < 0.3 else "否",
                "是" if rng.random() < 0.12 else "否",
            ]
        )
        self.profiles.append({"uscc": code, "founded": founded, "field": field, "hte": hte})
        growth = rng.uniform(0.08, 0.35) if healthy else rng.uniform(-0.1, 0.4)
        assets = sales * rng.uniform(0.6, 1.6)
        for index, year in enumerate(sorted(self.years)):
            factor = (1 + growth) ** (index - len(self.years) + 1)
            y_sales = sales * factor * rng.uniform(0.95, 1.05)
            y_emp = max(5, int(employees * (factor**0.5)))
            rd = y_sales * rd_ratio / 100 * rng.uniform(0.97, 1.03)
            y_assets = assets * factor
            self.figure_rows.append(
                [
                    code,
                    year,
                    yuan(y_sales),
                    yuan(y_sales * 0.95),
                    yuan(y_sales * 1.03),
                    yuan(y_sales * 1.03 * ht_share / 100),
                    yuan(y_sales * rng.uniform(0.7, 0.95)),
                    yuan(y_assets),
                    yuan(y_assets * rng.uniform(0.2, 0.7)),
                    y_emp,
                    min(
                        y_emp,
                        ceil(y_emp * st_share / 100) if healthy else int(y_emp * st_share / 100),
                    ),
                    min(y_emp, int(y_emp * rng.uniform(0.0, 0.6))),
                    min(y_emp, int(y_emp * st_share / 100 * 0.8)),
                    yuan(rd),
                    yuan(rd * rng.uniform(0.55, 1.0)),
                    yuan(rng.choice([0, 0, 5e4, 2e5])),
                    yuan(y_sales * rng.uniform(-0.05, 0.15)),
                    yuan(y_sales * rng.uniform(0.01, 0.05)),
                ]
            )
        ip_counts = [4, 6, 10] if hte else [0, 1, 2, 4, 6, 10]
        ip_weights = [40, 35, 25] if hte else [20, 20, 20, 20, 12, 8]
        kinds = ["发明专利", "实用新型专利", "软件著作权", "外观设计专利"]
        kind_weights = [45, 35, 15, 5] if hte else [25, 45, 20, 10]
        for n in range(rng.choices(ip_counts, weights=ip_weights)[0]):
            kind = rng.choices(kinds, weights=kind_weights)[0]
            applied = founded + timedelta(days=rng.randint(100, 3000))
            granted = applied + timedelta(days=rng.randint(120, 900))
            if granted.year > max(self.years):
                granted = date(max(self.years), rng.randint(1, 12), rng.randint(1, 28))
                applied = min(applied, granted - timedelta(days=60))
            prefix = {
                "发明专利": "ZL",
                "实用新型专利": "ZL",
                "软件著作权": "RZ",
                "外观设计专利": "ZL",
            }[kind]
            number = f"{prefix}{code[2:8]}{self.serial_base + i:07d}{n:02d}"
            self.ip_rows.append(
                [
                    code,
                    kind,
                    number,
                    f"一种{trade}用{rng.choice(['装置', '方法', '系统', '组件'])}{n + 1}",
                    applied,
                    granted,
                    "已授权",
                ]
            )
