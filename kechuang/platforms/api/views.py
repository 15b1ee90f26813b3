from __future__ import annotations

from typing import Any

from kechuang.core.api.children import child_viewset

from .. import services
from ..models import Platform, PlatformEvent
from .serializers import PlatformEventSerializer


def _advance(user: Any, platform: Platform, data: dict[str, Any]) -> PlatformEvent:
    moved = services.platform_advance(
        actor=user, platform=platform, to=data.pop("state"), on=data.pop("occurred_on"), **data
    )
    return moved.events.order_by("-pk")[0]


PlatformEventViewSet = child_viewset(
    model=PlatformEvent,
    serializer=PlatformEventSerializer,
    parent="platform",
    parent_model=Platform,
    record=_advance,
    order=("platform_id", "occurred_on", "pk"),
    filters=("platform", "state", "level"),
    related=("platform",),
    doc="Platforms' dated statuses (never edited: POST the next one).",
)
