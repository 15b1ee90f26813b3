from __future__ import annotations

from typing import Any

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import api_view
from rest_framework.response import Response

from kechuang.enterprises import selectors as registry

from .. import services
from ..models import Assessment
from ..selectors import default_year
from .serializers import AssessmentSerializer


class AssessmentFilter(django_filters.FilterSet):
    latest = django_filters.BooleanFilter(field_name="is_latest", label="仅最新")

    class Meta:
        model = Assessment
        fields = ["rule", "verdict", "year", "enterprise"]


class AssessmentViewSet(viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """Stored assessments with their criteria and gaps (scoped like the enterprises)."""

    serializer_class = AssessmentSerializer
    filterset_class = AssessmentFilter
    queryset = Assessment.objects.none()

    def get_queryset(self) -> Any:
        return (
            Assessment.objects.visible_to(self.request.user)
            .select_related("enterprise")
            .order_by("-created_at", "-pk")
        )


@extend_schema(
    request=None,
    responses=AssessmentSerializer(many=True),
    summary="按当前数据评价一家企业（高企认定、科小评价）",
)
@api_view(["POST"])
def assess_enterprise(request: Any, pk: int) -> Response:
    enterprise = registry.enterprise_get(user=request.user, pk=pk)
    year = int(request.data.get("year") or default_year())
    rows = services.assess_one(actor=request.user, enterprise=enterprise, year=year)
    return Response(AssessmentSerializer(rows, many=True).data, status=status.HTTP_201_CREATED)
