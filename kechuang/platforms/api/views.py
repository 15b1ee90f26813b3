from __future__ import annotations

from typing import Any

from django.http import Http404
from rest_framework import status, viewsets
from rest_framework.response import Response

from .. import services
from ..models import Platform, PlatformEvent
from .serializers import PlatformEventSerializer


class PlatformEventViewSet(viewsets.ModelViewSet):  # type: ignore[type-arg]
    """Platforms' dated statuses (never edited: POST the next one)."""

    serializer_class = PlatformEventSerializer
    http_method_names = ["get", "post", "head", "options"]
    filterset_fields = ["platform", "state", "level"]

    def get_queryset(self) -> Any:
        return (
            PlatformEvent.objects.visible_to(self.request.user)
            .select_related("platform")
            .order_by("platform_id", "occurred_on", "pk")
        )

    def create(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        try:  # only a platform the user may see: another county's id is unknown here
            platform = Platform.objects.visible_to(request.user).get(pk=data.pop("platform").pk)
        except Platform.DoesNotExist as exc:
            raise Http404 from exc
        moved = services.platform_advance(
            actor=request.user,
            platform=platform,
            to=data.pop("state"),
            on=data.pop("occurred_on"),
            **data,
        )
        event = moved.events.order_by("-pk").first()
        return Response(self.get_serializer(event).data, status=status.HTTP_201_CREATED)
