"""core.bulk.insert_values writes the same values Django's ORM would."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from kechuang.core.bulk import insert_values
from kechuang.core.models import Job

pytestmark = pytest.mark.django_db


def test_insert_values_prepares_json_datetimes_and_nulls(personas):
    now = timezone.now()
    count = insert_values(
        Job,
        (
            "name",
            "kind",
            "status",
            "progress",
            "total",
            "result",
            "error",
            "task_result_id",
            "created_by",
            "created_at",
        ),
        [
            (
                "甲",
                "t",
                "pending",
                0,
                3,
                {"a": ["1", Decimal("2.5").to_eng_string()]},
                "",
                "",
                personas.staff_a.pk,
                now,
            ),
            ("乙", "t", "failed", 1, 0, {}, "x", "", None, now),
        ],
    )
    assert count == 2
    first = Job.objects.get(name="甲")
    assert first.result == {"a": ["1", "2.5"]} and first.created_by == personas.staff_a
    assert abs((first.created_at - now).total_seconds()) < 1
    assert Job.objects.get(name="乙").created_by is None
    assert insert_values(Job, ("name",), []) == 0
