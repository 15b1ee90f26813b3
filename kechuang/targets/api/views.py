from __future__ import annotations

from typing import Any

from rest_framework import serializers, status, viewsets
from rest_framework.response import Response

from .. import selectors, services
from ..models import Target


class TargetSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    metric_display = serializers.CharField(source="get_metric_display", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)
    progress = serializers.SerializerMethodField()

    class Meta:
        model = Target
        fields = [
            "id",
            "year",
            "metric",
            "metric_display",
            "value",
            "note",
            "region",
            "region_name",
            "progress",
        ]
        read_only_fields = ["id", "region"]
        validators: list[Any] = []  # target_set updates the year's target instead

    def get_progress(self, obj: Target) -> dict[str, Any]:
        p = selectors.progress(obj)
        return {"actual": p.actual, "forecast": p.forecast, "percent": p.percent, "basis": p.basis}


class TargetViewSet(viewsets.ModelViewSet):  # type: ignore[type-arg]
    """Annual targets of the user's region with live progress; POST sets (or resets) one."""

    serializer_class = TargetSerializer
    http_method_names = ["get", "post", "head", "options"]
    filterset_fields = ["year", "metric"]

    def get_queryset(self) -> Any:
        return Target.objects.visible_to(self.request.user).select_related("region")

    def create(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        target = services.target_set(
            actor=request.user,
            year=data["year"],
            metric=data["metric"],
            value=data["value"],
            note=data.get("note", ""),
        )
        return Response(self.get_serializer(target).data, status=status.HTTP_201_CREATED)
