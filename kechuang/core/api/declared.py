"""The API viewset of a declared model (core.pages): the same scoped queryset, the same
FilterSet, the same services and field list as the pages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.response import Response

from ..locking import EditConflict
from .versioning import VersionedViewMixin


def conflict_response(exc: EditConflict) -> Response:
    return Response(
        {
            "error": {
                "code": "conflict",
                "message": str(exc),
                "fields": {"version": [str(getattr(exc.current, "version", ""))]},
            }
        },
        status=status.HTTP_409_CONFLICT,
    )


class EditableViewSet(
    VersionedViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,  # type: ignore[type-arg]
):
    """List, retrieve, create and update (never delete); writes carry a version (428/409)."""


class DeclaredViewSet(EditableViewSet):
    """List/retrieve/create/update of one declared model. Writes need a version (428/409)."""

    pages: Any = None

    def declared(self) -> Any:
        return self.pages(self.request)

    def get_queryset(self) -> Any:
        return self.declared().queryset().order_by("pk")

    def _fields(self, serializer: Any) -> dict[str, Any]:
        data = dict(serializer.validated_data)
        fields = self.pages.fields
        return fields.pick(data) if fields is not None else data

    def create(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            saved = self.declared().create(self._fields(serializer))
        except PermissionDenied as exc:
            raise DRFValidationError({"detail": [str(exc)]}) from None
        return Response(self.get_serializer(saved).data, status=status.HTTP_201_CREATED)

    def update(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        obj = self.get_object()
        serializer = self.get_serializer(
            obj, data=request.data, partial=kwargs.get("partial", False)
        )
        serializer.is_valid(raise_exception=True)
        fields = self.pages.fields
        if fields is not None:
            # An enterprise may change only its own fields: say which, never drop silently.
            refused = fields.refused(request.data, request.user)
            if refused:
                raise DRFValidationError(
                    {name: ["企业用户不能修改此项，请联系科技局工作人员。"] for name in refused}
                )
        version = self.get_object_version(request)
        try:
            saved = self.declared().update(obj, self._fields(serializer), version)
        except EditConflict as exc:
            return conflict_response(exc)
        return Response(self.get_serializer(saved).data)


def declared_viewset(pages: Any) -> type:
    """A viewset class for ``pages``; the API's router registers it under the basename."""
    attrs = {
        "pages": pages,
        "serializer_class": pages.serializer,
        "filterset_class": pages.filterset,
        "queryset": pages.model._default_manager.none(),
        "__doc__": f"{pages.title}（按权限范围）",
        "__module__": pages.__module__,
    }
    return type(f"{pages.__name__}ViewSet", (DeclaredViewSet,), attrs)
