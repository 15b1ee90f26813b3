from __future__ import annotations

from decimal import Decimal

import factory

from kechuang.enterprises.models import AnnualFigures, Enterprise, IntellectualProperty
from kechuang.rules import uscc

ALPHA = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def body(n: int) -> str:
    digits = []
    for _ in range(8):
        n, r = divmod(n, 31)
        digits.append(ALPHA[r])
    return "".join(reversed(digits))


def make_uscc(division: str, n: int) -> str:
    return uscc.make("91" + division, body(n + 1000))


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    name = factory.Sequence(lambda n: f"测试企业{n}有限公司")
    uscc = factory.LazyAttributeSequence(lambda o, n: make_uscc(o.region.code[:6], n))
    industry_code = "3411"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from kechuang.enterprises.services import set_search_keys

        obj = model_class(*args, **kwargs)
        set_search_keys(obj)
        obj.full_clean()
        obj.save()
        return obj


class AnnualFiguresFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnnualFigures

    year = 2024
    sales_revenue = Decimal("10000000.00")
    total_revenue = Decimal("10500000.00")
    high_tech_revenue = Decimal("7000000.00")
    employees = 100
    st_staff = 15
    rd_staff = 12
    rd_expense = Decimal("500000.00")


class IpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IntellectualProperty

    kind = "invention"
    number = factory.Sequence(lambda n: f"ZL2024{n:07d}.X")
    title = factory.Sequence(lambda n: f"一种测试装置{n}")
    status = "granted"
    granted_on = factory.Faker("date_between", start_date="-3y", end_date="today")
