from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from kechuang.core.api.versioning import VersionedViewMixin
from kechuang.core.locking import EditConflict
from kechuang.enterprises.api.views import _conflict
from kechuang.enterprises.selectors import enterprises_by_uscc

from .. import selectors, services
from ..models import VALUE_FIELDS, SurveyCampaign, SurveyForm
from .serializers import CampaignSerializer, CommentSerializer, FormSerializer


class CampaignViewSet(viewsets.ModelViewSet):  # type: ignore[type-arg]
    """R&D survey campaigns; POST opens one (every chosen enterprise is notified)."""

    serializer_class = CampaignSerializer
    http_method_names = ["get", "post", "head", "options"]
    from kechuang.rdstats.pages import CampaignFilter as filterset_class  # the list page's

    def get_queryset(self) -> Any:
        return (
            SurveyCampaign.objects.visible_to(self.request.user)
            .select_related("region")
            .order_by("-year", "pk")
        )

    def create(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        try:
            extra = enterprises_by_uscc(user=request.user, codes=data.pop("extra_uscc", []))
        except ValidationError as exc:
            raise ValidationError({"extra_uscc": exc.messages}) from exc
        campaign = services.campaign_open(actor=request.user, extra=extra, **data)
        return Response(self.get_serializer(campaign).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=OpenApiTypes.OBJECT, summary="本次调查的研发统计数据（已通过的表）")
    @action(detail=True, methods=["get"])
    def figures(self, request: Any, pk: Any = None) -> Response:
        campaign = self.get_object()
        data = selectors.figures(user=request.user, campaign=campaign)
        previous = data.pop("previous")
        data["previous_campaign"] = previous.pk if previous else None
        data["areas"] = [
            {
                "region": a["region"].pk if a["region"] else None,
                "name": a["name"],
                "n": a["n"],
                "rd": a["rd"],
            }
            for a in data["areas"]
        ]
        data["bands"] = [{"band": k, "n": n} for k, n in data["bands"]]
        return Response(data)

    @extend_schema(request=None, responses=OpenApiTypes.OBJECT, summary="提醒全部未提交企业")
    @action(detail=True, methods=["post"])
    def remind(self, request: Any, pk: Any = None) -> Response:
        campaign = self.get_object()
        sent = services.campaign_remind(
            actor=request.user, campaign=campaign, today=timezone.localdate()
        )
        return Response({"sent": sent})


class FormViewSet(VersionedViewMixin, viewsets.ModelViewSet):  # type: ignore[type-arg]
    """Survey forms: enterprises see and fill only their own; staff review."""

    serializer_class = FormSerializer
    http_method_names = ["get", "patch", "post", "head", "options"]
    # The form list's FilterSet: status (and 尚未提交), town, industry, band, below, q, sort.
    from kechuang.rdstats.filtersets import SurveyFormFilter as filterset_class

    def get_queryset(self) -> Any:
        return (
            SurveyForm.objects.visible_to(self.request.user)
            .select_related("campaign", "enterprise", "enterprise__region")
            .prefetch_related("projects", "events__created_by")
            .order_by("-campaign__year", "enterprise__name", "pk")
        )

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        context["with_findings"] = self.action != "list"
        return context

    def create(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        return Response(status=status.HTTP_405_METHOD_NOT_ALLOWED)

    def partial_update(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        item = self.get_object()
        serializer = self.get_serializer(item, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            saved, _findings = services.form_save(
                actor=request.user,
                form=item,
                values={k: v for k, v in data.items() if k in VALUE_FIELDS},
                explanations=data.get("explanations"),
                projects=[dict(p) for p in data["projects"]] if "projects" in data else None,
                expected_version=self.get_object_version(request),
            )
        except EditConflict as exc:
            return _conflict(exc)
        return Response(self.get_serializer(self.get_queryset().get(pk=saved.pk)).data)

    def _transition(self, request: Any, func: Any) -> Response:
        item = self.get_object()
        serializer = CommentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        func(actor=request.user, form=item, comment=serializer.validated_data.get("comment", ""))
        return Response(self.get_serializer(self.get_queryset().get(pk=item.pk)).data)

    @extend_schema(request=CommentSerializer, summary="提交（校验通过、预警均已说明）")
    @action(detail=True, methods=["post"])
    def submit(self, request: Any, pk: Any = None) -> Response:
        return self._transition(request, services.form_submit)

    @extend_schema(request=CommentSerializer, summary="审核通过")
    @action(detail=True, methods=["post"])
    def accept(self, request: Any, pk: Any = None) -> Response:
        return self._transition(request, services.form_accept)

    @extend_schema(request=CommentSerializer, summary="退回修改（须填写意见）")
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_form(self, request: Any, pk: Any = None) -> Response:
        return self._transition(request, services.form_return)
