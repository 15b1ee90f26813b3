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
from kechuang.dataio.columns import INT, MONEY, SLOW, YEAR, Column
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


cells = st.one_of(
    st.none(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=-1e7, max_value=1e7).map(lambda f: round(f, 3)),
    st.integers(min_value=-(10**18), max_value=10**18),
    st.text(max_size=12),
    st.sampled_from([" 12 ", "1,000", "\x07x", "", "  ", "3.5", "2024", "abc"]),
)
kinds = st.sampled_from(
    [
        Column("f", "金额", kind=MONEY),
        Column("f", "利润", kind=MONEY, min_value=None),
        Column("f", "人数", kind=INT),
        Column("f", "年度", kind=YEAR, required=True),
        Column("f", "名称", max_length=5),
        Column("f", "名称", required=True),
    ]
)


@settings(max_examples=600, deadline=None)
@given(kinds, st.sampled_from(["元", "千元", "万元"]), cells)
def test_the_fast_reader_agrees_with_parse_wherever_it_answers(column, unit, raw):
    fast = column.fast(unit)(raw)
    if fast is SLOW:
        return
    assert fast == column.parse(raw, unit)
    assert type(fast) is type(column.parse(raw, unit))
    if isinstance(fast, Decimal):
        assert fast.as_tuple() == column.parse(raw, unit).as_tuple()


@settings(max_examples=400, deadline=None)
@given(kinds, st.sampled_from(["元", "千元", "万元"]), cells)
def test_parse_answers_every_cell_with_a_value_or_a_message(column, unit, raw):
    from kechuang.dataio.columns import CellError

    try:
        column.parse(raw, unit)
    except CellError as exc:
        assert str(exc)  # a reason in Chinese, never a stack trace
