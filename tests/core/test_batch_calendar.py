"""One batch calendar for every work line (issue #13): kinds register their date labels."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from kechuang.core import calendar
from kechuang.core.models import Batch

pytestmark = pytest.mark.django_db


def test_the_work_lines_register_their_kinds():
    assert {"hte", "techsme"} <= set(calendar.KINDS)
    assert calendar.kind_of("hte").opens_label is None
    assert str(calendar.kind_of("techsme").opens_label) == "开始日期"


def test_an_unknown_kind_and_a_date_the_kind_has_not_are_refused():
    with pytest.raises(ValidationError, match="未知的批次类别"):
        calendar.batch_save(
            batch=Batch(kind="nope", year=2026, number=1, closes_on=date(2026, 6, 1))
        )
    with pytest.raises(ValidationError, match="没有开始日期"):
        calendar.batch_save(
            batch=Batch(
                kind="hte",
                year=2026,
                number=1,
                opens_on=date(2026, 5, 1),
                closes_on=date(2026, 6, 1),
            )
        )
    assert not Batch.objects.exists()


def test_messages_use_the_kinds_own_date_names():
    with pytest.raises(ValidationError, match="公示日期不能早于申报截止日期"):
        calendar.batch_save(
            batch=Batch(
                kind="hte",
                year=2026,
                number=1,
                closes_on=date(2026, 6, 30),
                publicise_by=date(2026, 6, 1),
            )
        )


def test_the_same_batch_twice_is_a_message_on_the_page_not_an_error(client, personas):
    client.force_login(personas.staff_a)
    data = {"year": 2026, "number": 1, "closes_on": "2026-06-30"}
    client.post("/cultivation/board/batches/add/", data)
    again = client.post("/cultivation/board/batches/add/", data, follow=True)
    assert again.status_code == 200
    assert Batch.objects.filter(kind="hte").count() == 1
    assert "本年度这一批次已经录入，不能重复" in again.content.decode()
    # the same number is free for another kind in the same year
    calendar.batch_save(
        batch=Batch(
            kind="techsme",
            year=2026,
            number=1,
            opens_on=date(2026, 6, 1),
            closes_on=date(2026, 6, 30),
        )
    )
    assert Batch.objects.filter(year=2026, number=1).count() == 2


def test_the_add_forms_carry_the_kinds_labels():
    hte = calendar.batch_form("hte")
    assert "opens_on" not in hte.fields and str(hte.fields["closes_on"].label) == "申报截止日期"
    sme = calendar.batch_form("techsme")
    assert str(sme.fields["opens_on"].label) == "开始日期" and sme.fields["opens_on"].required
