"""Shared field rules: years are checked by the model (forms, API, imports) and the database."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

YEAR_MIN, YEAR_MAX = 1980, 2100


def year_validators() -> list:
    return [MinValueValidator(YEAR_MIN), MaxValueValidator(YEAR_MAX)]


def year_range(name: str, field: str = "year", *, nullable: bool = False) -> models.CheckConstraint:
    """The database half of the year rule (a row outside it can never be stored)."""
    condition = Q(**{f"{field}__gte": YEAR_MIN, f"{field}__lte": YEAR_MAX})
    if nullable:
        condition |= Q(**{f"{field}__isnull": True})
    return models.CheckConstraint(condition=condition, name=name)
