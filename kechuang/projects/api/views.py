from __future__ import annotations

from typing import Any

from kechuang.core.api.children import child_viewset

from .. import services
from ..models import Proposal, ProposalEvent
from .serializers import ProposalEventSerializer


def _advance(user: Any, proposal: Proposal, data: dict[str, Any]) -> ProposalEvent:
    moved = services.proposal_advance(
        actor=user,
        proposal=proposal,
        to=data["state"],
        on=data["occurred_on"],
        note=data.get("note", ""),
        coach=data.get("coach", ""),
        amount=data.get("amount"),
        document_number=data.get("document_number", ""),
    )
    return moved.events.order_by("-pk")[0]


ProposalEventViewSet = child_viewset(
    model=ProposalEvent,
    serializer=ProposalEventSerializer,
    parent="proposal",
    parent_model=Proposal,
    record=_advance,
    order=("proposal_id", "occurred_on", "pk"),
    filters=("proposal", "state"),
    related=("proposal",),
    doc="Proposals' dated stages (never edited: POST the next one).",
)
