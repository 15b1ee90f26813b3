from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.response import Response

from kechuang.core.api.filters import BooleanFilter, FilterSet
from kechuang.core.http import parse_year
from kechuang.cultivation.api.serializers import AssessmentSerializer, SmeAdvanceSerializer
from kechuang.cultivation.assessments import services
from kechuang.cultivation.assessments.selectors import default_year
from kechuang.cultivation.hte import services as hte_services
from kechuang.cultivation.models import Assessment
from kechuang.cultivation.techsme import services as techsme_services
from kechuang.enterprises import selectors as registry


class AssessmentFilter(FilterSet):
    latest = BooleanFilter(field_name="is_latest", label="仅最新")

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
    responses={201: AssessmentSerializer(many=True)},
    summary="按当前数据评价一家企业（高企认定、科小评价）",
)
@api_view(["POST"])
def assess_enterprise(request: Any, pk: int) -> Response:
    enterprise = registry.enterprise_get(user=request.user, pk=pk)
    year = parse_year(request.data.get("year"), default_year())
    rows = services.assess_one(actor=request.user, enterprise=enterprise, year=year)
    return Response(AssessmentSerializer(rows, many=True).data, status=status.HTTP_201_CREATED)


class PipelineEventViewSet(viewsets.ModelViewSet):  # type: ignore[type-arg]
    """Recognition steps (dated, never edited: POST a new one; corrections supersede)."""

    from kechuang.cultivation.api.serializers import PipelineEventSerializer as serializer_class

    http_method_names = ["get", "post", "head", "options"]
    filterset_fields = ["year", "stage", "enterprise"]

    def get_queryset(self) -> Any:
        from kechuang.cultivation.hte.models import PipelineEvent

        return (
            PipelineEvent.objects.visible_to(self.request.user)
            .select_related("enterprise")
            .order_by("enterprise_id", "occurred_on", "pk")
        )

    def create(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        enterprise = registry.enterprise_get(user=request.user, pk=data.pop("enterprise").pk)
        event = hte_services.event_record(actor=request.user, enterprise=enterprise, **data)
        return Response(self.get_serializer(event).data, status=status.HTTP_201_CREATED)


class ActivityViewSet(viewsets.ModelViewSet):  # type: ignore[type-arg]
    """Trainings, guidance and verification visits; POST records the step for each attendee."""

    from kechuang.cultivation.api.serializers import ActivitySerializer as serializer_class

    http_method_names = ["get", "post", "head", "options"]
    filterset_fields = ["kind"]

    def get_queryset(self) -> Any:
        from kechuang.cultivation.hte.models import Activity

        return (
            Activity.objects.visible_to(self.request.user)
            .prefetch_related("enterprises")
            .order_by("-held_on", "-pk")
        )

    def create(self, request: Any, *args: Any, **kwargs: Any) -> Response:

        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        requested = {e.pk for e in data.pop("enterprises")}
        visible = list(registry.enterprise_list(user=request.user).filter(pk__in=requested))
        activity, skipped = hte_services.activity_record(
            actor=request.user, enterprises=visible, **data
        )
        if len(visible) < len(requested):  # never name what the caller may not see
            skipped.append(f"有{len(requested) - len(visible)}家企业不存在或不在您的范围内，已忽略")
        body = self.get_serializer(activity).data
        body["skipped"] = skipped
        return Response(body, status=status.HTTP_201_CREATED)


class SmeBatchViewSet(viewsets.ModelViewSet):  # type: ignore[type-arg]
    """The tech-SME batch calendar, one row per year and batch (calendar data, not scoped)."""

    from kechuang.cultivation.api.serializers import SmeBatchSerializer as serializer_class

    http_method_names = ["get", "post", "head", "options"]
    filterset_fields = ["year"]

    def get_queryset(self) -> Any:
        from kechuang.core.models import Batch
        from kechuang.cultivation.techsme.models import SME_BATCH

        return Batch.objects.filter(kind=SME_BATCH.key).order_by("-year", "number")

    def create(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        from kechuang.core.calendar import batch_save
        from kechuang.core.models import Batch
        from kechuang.cultivation.techsme.models import SME_BATCH

        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        batch = batch_save(batch=Batch(kind=SME_BATCH.key, **serializer.validated_data))
        return Response(self.get_serializer(batch).data, status=status.HTTP_201_CREATED)


class SmeRegistrationViewSet(viewsets.ModelViewSet):  # type: ignore[type-arg]
    """Tech-SME registrations; POST mobilises an enterprise, POST …/advance/ moves its status."""

    from kechuang.cultivation.api.serializers import SmeRegistrationSerializer as serializer_class

    http_method_names = ["get", "post", "head", "options"]
    # The list page's FilterSet (one definition of "year", "status", the to-do views …).
    from kechuang.cultivation.techsme.pages import SmeRegistrationFilter as filterset_class

    def get_queryset(self) -> Any:
        from kechuang.cultivation.techsme.models import SmeRegistration

        return (
            SmeRegistration.objects.visible_to(self.request.user)
            .select_related("enterprise")
            .order_by("-year", "enterprise_id")
        )

    def create(self, request: Any, *args: Any, **kwargs: Any) -> Response:

        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        enterprise = registry.enterprise_get(user=request.user, pk=data.pop("enterprise").pk)
        item = techsme_services.registration_mobilise(
            actor=request.user,
            enterprise=enterprise,
            year=data["year"],
            on=data["status_on"],
            batch=data.get("batch"),
        )
        return Response(self.get_serializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=SmeAdvanceSerializer)
    @action(detail=True, methods=["post"])
    def advance(self, request: Any, pk: Any = None) -> Response:

        item = self.get_object()
        serializer = SmeAdvanceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        item = techsme_services.registration_advance(
            actor=request.user, registration=item, **serializer.validated_data
        )
        return Response(self.get_serializer(item).data)


class CertificateViewSet(viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """HTE certificates with validity, annual reports and risk (scoped like the enterprises)."""

    from kechuang.cultivation.api.serializers import CertificateSerializer as serializer_class

    filterset_fields = ["enterprise"]

    def get_queryset(self) -> Any:
        from kechuang.enterprises.models import Qualification

        return (
            Qualification.objects.visible_to(self.request.user)
            .filter(kind="hte")
            .select_related("enterprise")
            .order_by("valid_until", "pk")
        )
