"""/api/v1/enterprises, /annual-figures, /intellectual-property: scoped, validated, audited."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import status
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.response import Response

from kechuang.core.api.declared import EditableViewSet, conflict_response
from kechuang.core.locking import EditConflict

from .. import selectors, services
from ..filtersets import AnnualFiguresFilter, IntellectualPropertyFilter
from ..models import FIGURE_FIELDS, IP_FIELDS, Enterprise
from .serializers import (
    AnnualFiguresSerializer,
    IntellectualPropertySerializer,
)

_conflict = conflict_response


def _visible_enterprise(request: Any, enterprise: Enterprise) -> Enterprise:
    """A referenced enterprise must be visible to the caller: 404 otherwise, never a leak."""
    try:
        return selectors.enterprise_get(user=request.user, pk=enterprise.pk)
    except Http404:
        raise DRFValidationError({"enterprise": ["企业不存在或不在您的范围内。"]}) from None


class AnnualFiguresViewSet(EditableViewSet):
    """Yearly figures; POST creates or updates the (enterprise, year) row."""

    serializer_class = AnnualFiguresSerializer
    filterset_class = AnnualFiguresFilter
    queryset = selectors.AnnualFigures.objects.none()

    def get_queryset(self) -> Any:
        return selectors.figures_list(user=self.request.user).order_by("enterprise_id", "year")

    def create(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        enterprise = _visible_enterprise(request, data.pop("enterprise"))
        year = data.pop("year")
        data.pop("version", None)
        exists = selectors.AnnualFigures.objects.filter(enterprise=enterprise, year=year).exists()
        try:
            saved = services.annual_figures_upsert(
                actor=request.user,
                enterprise=enterprise,
                year=year,
                version=self.get_object_version(request, required=exists),
                **data,
            )
        except EditConflict as exc:
            return _conflict(exc)
        return Response(self.get_serializer(saved).data, status=status.HTTP_201_CREATED)

    def update(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        figures = self.get_object()
        serializer = self.get_serializer(
            figures, data=request.data, partial=kwargs.get("partial", False)
        )
        serializer.is_valid(raise_exception=True)
        data = {k: v for k, v in serializer.validated_data.items() if k in FIGURE_FIELDS}
        try:
            saved = services.annual_figures_upsert(
                actor=request.user,
                enterprise=figures.enterprise,
                year=figures.year,
                version=self.get_object_version(request),
                **data,
            )
        except EditConflict as exc:
            return _conflict(exc)
        return Response(self.get_serializer(saved).data)


class IntellectualPropertyViewSet(EditableViewSet):
    serializer_class = IntellectualPropertySerializer
    filterset_class = IntellectualPropertyFilter
    queryset = selectors.IntellectualProperty.objects.none()

    def get_queryset(self) -> Any:
        return selectors.ip_list(user=self.request.user).order_by("pk")

    def create(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("version", None)
        enterprise = _visible_enterprise(request, data.pop("enterprise"))
        right = services.ip_create(actor=request.user, enterprise=enterprise, **data)
        return Response(self.get_serializer(right).data, status=status.HTTP_201_CREATED)

    def update(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        right = self.get_object()
        serializer = self.get_serializer(
            right, data=request.data, partial=kwargs.get("partial", False)
        )
        serializer.is_valid(raise_exception=True)
        data = {k: v for k, v in serializer.validated_data.items() if k in IP_FIELDS}
        try:
            saved = services.ip_update(
                actor=request.user, right=right, version=self.get_object_version(request), **data
            )
        except EditConflict as exc:
            return _conflict(exc)
        except PermissionDenied:
            raise
        return Response(self.get_serializer(saved).data)
