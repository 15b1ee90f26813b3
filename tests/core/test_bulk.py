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


def _state(instance):
    data = {k: v for k, v in instance.__dict__.items() if k != "_state"}
    state = instance._state
    return data, state.db, state.adding, dict(state.__dict__.get("fields_cache", {}))


def _builder_cases(regions):
    from ..enterprises.factories import AnnualFiguresFactory, EnterpriseFactory, IpFactory

    enterprise = EnterpriseFactory(region=regions.town_a)
    cases = []
    for stored in (
        enterprise,
        AnnualFiguresFactory(enterprise=enterprise, year=2024),
        IpFactory(enterprise=enterprise),
    ):
        model = type(stored)
        values = {
            f.name: getattr(stored, f.name)
            for f in model._meta.concrete_fields
            if not f.primary_key and not getattr(f, "auto_now", False)
        }
        cases.append((model, values))
        cases.append((model, {}))  # every default
        half = dict(list(values.items())[: len(values) // 2])
        cases.append((model, half))
    return cases


def test_the_builder_makes_what_the_model_makes(regions):
    from django.apps import apps

    from kechuang.core.bulk import Builder
    from kechuang.dataio.engine import REGISTRY

    cases = _builder_cases(regions)
    # and every model an import writes, from its defaults
    cases += [(spec.model, {}) for spec in REGISTRY.values()]
    for model, values in cases:
        built, made = Builder(model)(dict(values)), model(**values)
        assert type(built) is model
        assert _state(built) == _state(made), (model, sorted(values))
        assert built.pk is None and built._state.adding
    # a callable default gives each instance its own object, as Django does
    job_builder = Builder(apps.get_model("core", "Job"))
    first, second = job_builder({"name": "甲"}), job_builder({"name": "乙"})
    assert first.result == {} and first.result is not second.result


def test_the_builder_leaves_unusual_cases_to_the_model(regions):
    from django.db.models.signals import post_init

    from kechuang.core.bulk import Builder
    from kechuang.enterprises.models import AnnualFigures

    seen = []

    def receiver(sender, instance, **kwargs):
        seen.append(instance)

    post_init.connect(receiver, sender=AnnualFigures)
    try:
        built = Builder(AnnualFigures)({"year": 2024})
    finally:
        post_init.disconnect(receiver, sender=AnnualFigures)
    assert seen == [built]  # built by AnnualFigures(**values): its receivers ran
    with pytest.raises(TypeError):
        Builder(AnnualFigures)({"no_such_field": 1})  # Django's own error
    with pytest.raises(ValueError):
        Builder(AnnualFigures)({"enterprise": 5})  # an id where an object belongs
