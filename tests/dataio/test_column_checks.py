"""Column-wise validation in the import planner (issue #15): whatever a column holds, the
planner's checker reports exactly the errors Django's full_clean reports, row by row — the
column-wide proof only decides when per-value cleaning can be skipped."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kechuang.core.bulk import django_base, preparer
from kechuang.dataio.engine import FieldChecker
from kechuang.enterprises.models import AnnualFigures, Enterprise

money = st.one_of(
    st.none(),
    st.decimals(
        min_value=Decimal("-1e19"), max_value=Decimal("1e19"), allow_nan=False, places=None
    ).map(lambda d: d.quantize(Decimal("0.001")) if abs(d) < Decimal("1e15") else d),
    st.integers(min_value=0, max_value=10**17).map(lambda n: Decimal(n) / 100),
)
people = st.one_of(st.none(), st.integers(min_value=-5, max_value=2**32))
row = st.fixed_dictionaries(
    {
        "year": st.integers(min_value=1970, max_value=2100),
        "sales_revenue": money,
        "rd_expense": money,
        "rd_expense_domestic": money,
        "employees": people,
        "rd_staff": people,
    }
)


def _django_errors(instance) -> dict[str, list[str]]:
    try:
        instance.full_clean(
            exclude=["enterprise"], validate_unique=False, validate_constraints=False
        )
    except ValidationError as exc:
        return {k: sorted(v) for k, v in exc.message_dict.items()}
    return {}


def _checker_errors(checker, instance) -> dict[str, list[str]]:
    try:
        checker.full_clean(instance, {"enterprise"}, {})
    except ValidationError as exc:
        return {k: sorted(v) for k, v in exc.message_dict.items()}
    return {}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(row, min_size=1, max_size=12))
def test_the_checker_reports_what_full_clean_reports(rows):
    def build():
        return [AnnualFigures(**values) for values in rows]

    expected = [_django_errors(i) for i in build()]
    checker = FieldChecker(AnnualFigures)
    instances = build()
    checker.prove(instances)
    assert [_checker_errors(checker, i) for i in instances] == expected, rows


def test_a_clean_column_is_proved_and_a_bad_one_is_checked_value_by_value():
    rows = [
        AnnualFigures(year=2024, sales_revenue=Decimal("12.50"), employees=10, rd_staff=2),
        AnnualFigures(year=2024, sales_revenue=Decimal("0.01"), employees=-1, rd_staff=1),
    ]
    checker = FieldChecker(AnnualFigures)
    checker.prove(rows)
    assert {"sales_revenue", "year", "rd_staff"} <= checker.proven
    assert "employees" not in checker.proven  # -1 breaks the column's lower bound
    checker.full_clean(rows[0], {"enterprise"}, {})
    with pytest.raises(ValidationError) as caught:
        checker.full_clean(rows[1], {"enterprise"}, {})
    assert set(caught.value.message_dict) == {"employees", "rd_staff"}  # and the row rule


def test_a_money_column_with_too_many_places_is_not_proved():
    rows = [AnnualFigures(year=2024, sales_revenue=Decimal("1.005"))]
    checker = FieldChecker(AnnualFigures)
    checker.prove(rows)
    assert "sales_revenue" not in checker.proven
    with pytest.raises(ValidationError) as caught:
        checker.full_clean(rows[0], {"enterprise"}, {})
    assert "sales_revenue" in caught.value.message_dict


@pytest.mark.django_db
def test_the_short_cut_preparer_writes_what_django_writes():
    from django.db import connection

    checked = 0
    for model in (AnnualFigures, Enterprise):
        for field in model._meta.concrete_fields:
            if django_base(field) is None and not field.is_relation:
                continue
            prepare = preparer(field, connection)
            samples = [None, 0, 7, Decimal("12.30"), "文本", True]
            for value in samples:
                try:
                    expected = field.get_db_prep_save(value, connection)
                except (TypeError, ValueError, ValidationError, ArithmeticError):
                    continue
                assert prepare(value) == expected, (model.__name__, field.name, value)
                checked += 1
    assert checked > 40
