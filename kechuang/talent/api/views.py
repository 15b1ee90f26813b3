from __future__ import annotations

from typing import Any

from kechuang.core.api.children import child_viewset

from .. import services
from ..models import Cooperation, CooperationEvent, NeedEvent, TechNeed, Trip, Visit
from .serializers import CooperationEventSerializer, NeedEventSerializer, VisitSerializer


def _advance(user: Any, cooperation: Cooperation, data: dict[str, Any]) -> CooperationEvent:
    moved = services.cooperation_advance(
        actor=user,
        cooperation=cooperation,
        to=data["state"],
        on=data["occurred_on"],
        note=data.get("note", ""),
        amount=data.get("amount"),
    )
    return moved.events.order_by("-pk")[0]


def _visit(user: Any, trip: Trip, data: dict[str, Any]) -> Visit:
    return services.visit_add(  # type: ignore[no-any-return]
        actor=user, trip=trip, experts=data.pop("experts", []), **data
    )


CooperationEventViewSet = child_viewset(
    model=CooperationEvent,
    serializer=CooperationEventSerializer,
    parent="cooperation",
    parent_model=Cooperation,
    record=_advance,
    order=("cooperation_id", "occurred_on", "pk"),
    filters=("cooperation", "state"),
    related=("cooperation",),
    doc="Cooperations' dated rungs (never edited: POST the next one).",
)
VisitViewSet = child_viewset(
    model=Visit,
    serializer=VisitSerializer,
    parent="trip",
    parent_model=Trip,
    record=_visit,
    order=("trip_id", "visited_on", "pk"),
    filters=("trip", "enterprise", "institution", "outcome"),
    doc="Matching trips' visits (POST adds one to a trip).",
)


def _need_step(user: Any, need: TechNeed, data: dict[str, Any]) -> NeedEvent:
    moved = services.need_advance(
        actor=user,
        need=need,
        to=data["state"],
        on=data["occurred_on"],
        note=data.get("note", ""),
        assignee=data.get("assignee", ""),
        deadline=data.get("deadline"),
        answer=data.get("answer", ""),
        satisfaction=data.get("satisfaction"),
        comment=data.get("comment", ""),
    )
    return moved.events.order_by("-pk")[0]  # type: ignore[no-any-return]


NeedEventViewSet = child_viewset(
    model=NeedEvent,
    serializer=NeedEventSerializer,
    parent="need",
    parent_model=TechNeed,
    record=_need_step,
    order=("need_id", "occurred_on", "pk"),
    filters=("need", "state"),
    related=("need",),
    doc="The need loop's dated steps (never edited: POST the next one).",
)
