"""The API of records kept under another record — a platform's dated statuses, a
cooperation's rungs, a trip's visits: read scoped, never edited, and written only by POSTing
the next one through the work line's service (the state-change block for a history), so the
API refuses what the page refuses, in the same words."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import models
from django.http import Http404
from rest_framework import status, viewsets
from rest_framework.response import Response


def child_viewset(
    *,
    model: type[models.Model],
    serializer: type,
    parent: str,
    parent_model: type[models.Model],
    record: Callable[[Any, Any, dict[str, Any]], models.Model],
    order: Sequence[str] = ("pk",),
    filters: Sequence[str] = (),
    related: Sequence[str] = (),
    doc: str = "",
) -> type:
    """A viewset over ``model`` (scoped by ``visible_to``): GET lists and retrieves, POST
    finds the ``parent`` among those the user may see (another county's is 404) and calls
    ``record(user, parent, data)``, which returns the record written."""

    class ChildViewSet(viewsets.ModelViewSet):  # type: ignore[type-arg]
        serializer_class = serializer
        http_method_names = ["get", "post", "head", "options"]
        filterset_fields = list(filters)

        def get_queryset(self) -> Any:
            found = model._default_manager.visible_to(self.request.user)  # type: ignore[attr-defined]
            if related:
                found = found.select_related(*related)
            return found.order_by(*order)

        def create(self, request: Any, *args: Any, **kwargs: Any) -> Response:
            checked = self.get_serializer(data=request.data)
            checked.is_valid(raise_exception=True)
            data = dict(checked.validated_data)
            try:
                owner = parent_model._default_manager.visible_to(request.user).get(  # type: ignore[attr-defined]
                    pk=data.pop(parent).pk
                )
            except parent_model.DoesNotExist as exc:  # type: ignore[attr-defined]
                raise Http404 from exc
            written = record(request.user, owner, data)
            return Response(self.get_serializer(written).data, status=status.HTTP_201_CREATED)

    ChildViewSet.__name__ = f"{model.__name__}ViewSet"
    ChildViewSet.__qualname__ = ChildViewSet.__name__
    ChildViewSet.__doc__ = doc or model.__doc__
    return ChildViewSet
