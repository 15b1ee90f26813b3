from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import Cooperation, Expert, Institution, TechNeed, Trip


def institutions(*, user: Any) -> QuerySet[Institution]:
    found: QuerySet[Institution] = Institution.objects.visible_to(user).select_related("region")
    return found


def experts(*, user: Any) -> QuerySet[Expert]:
    found: QuerySet[Expert] = Expert.objects.visible_to(user).select_related("institution")
    return found


def cooperations(*, user: Any) -> QuerySet[Cooperation]:
    found: QuerySet[Cooperation] = Cooperation.objects.visible_to(user).select_related(
        "enterprise", "institution"
    )
    return found


def trips(*, user: Any) -> QuerySet[Trip]:
    """The trips a user sees, each with its number of visits (the list's 对接次数)."""
    from django.db.models import Count

    found: QuerySet[Trip] = (
        Trip.objects.visible_to(user)
        .annotate(visit_count=Count("visits"))
        .order_by("-started_on", "-pk")  # an aggregate drops Meta.ordering
    )
    return found


def needs(*, user: Any) -> QuerySet[TechNeed]:
    found: QuerySet[TechNeed] = TechNeed.objects.visible_to(user).select_related("enterprise")
    return found
