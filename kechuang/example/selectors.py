from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import Nomination


def nominations(*, user: Any) -> QuerySet[Nomination]:
    found: QuerySet[Nomination] = Nomination.objects.visible_to(user).select_related(
        "enterprise", "enterprise__region"
    )
    return found
