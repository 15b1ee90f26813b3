"""Shared field rules: years are checked by the model (forms, API, imports) and the database."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

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


class Fields:
    """A model's editable fields, written once: the form's, the serializer's, the import
    columns' and the service's field list all read them from here.

    ``own``: the subset an enterprise user may change on its own record (empty: none).
    """

    def __init__(self, *names: str, own: Iterable[str] = ()) -> None:
        self.names: tuple[str, ...] = tuple(names)
        self.own: frozenset[str] = frozenset(own)
        unknown = self.own - set(names)
        if unknown:
            raise ValueError(f"own fields not in the field list: {sorted(unknown)}")

    def __repr__(self) -> str:
        return f"Fields{self.names!r}"

    def __iter__(self) -> Any:
        return iter(self.names)

    def __contains__(self, name: object) -> bool:
        return name in self.names

    def for_user(self, user: Any) -> tuple[str, ...]:
        """The fields ``user`` may change: all of them for the bureau, ``own`` for an
        enterprise."""
        if is_enterprise_user(user):
            return tuple(n for n in self.names if n in self.own)
        return self.names

    def api(self, **renamed: str) -> list[str]:
        """The names as the API spells them: ``api(town="region")`` lists ``town`` where the
        model says ``region``."""
        back = {model: api for api, model in renamed.items()}
        return [back.get(name, name) for name in self.names]

    def pick(self, data: dict[str, Any], user: Any = None) -> dict[str, Any]:
        allowed = self.names if user is None else self.for_user(user)
        return {k: v for k, v in data.items() if k in allowed}

    def refused(self, names: Iterable[str], user: Any) -> list[str]:
        """Names among ``names`` that are fields this user may not change."""
        allowed = set(self.for_user(user))
        return sorted(n for n in names if n in self.names and n not in allowed)


def is_enterprise_user(user: Any) -> bool:
    """An enterprise's own account (and nothing else): it acts on its own records only."""
    return user is not None and getattr(user, "role_names", None) == {"enterprise"}
