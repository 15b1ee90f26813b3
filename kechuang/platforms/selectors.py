from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import Platform


def platforms(*, user: Any) -> QuerySet[Platform]:
    """The platforms ``user`` may see, with what the list shows."""
    found: QuerySet[Platform] = Platform.objects.visible_to(user).select_related(
        "kind", "region", "host_enterprise"
    )
    return found
