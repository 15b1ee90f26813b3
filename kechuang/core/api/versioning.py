"""Optimistic locking over the API: an update must say which version it started from.

A PATCH without ``version`` used to overwrite silently, and the schema marked ``version``
read-only, so no generated client sent it (issue #11, defect 6). Now an update names the version
it read — the ``version`` field or an ``If-Match: "<version>"`` header (the ETag every single-record
response carries) — or is refused with 428; a stale one gets 409 with the current version.
"""

from __future__ import annotations

import re
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers, status
from rest_framework.exceptions import APIException, ValidationError

VERSION_HELP = (
    "乐观锁版本号。更新时必填：取自最近一次读取结果的 version"
    "（或在 If-Match 头中提供响应的 ETag）；"
    "与库中当前版本不一致时返回 409，缺少时返回 428。新建时忽略。"
)
IF_MATCH = OpenApiParameter(
    name="If-Match",
    type=OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    required=False,
    description='可代替 version 字段：读取时响应头 ETag 的值，如 "3"。',
)
_ETAG = re.compile(r'^\s*(?:W/)?"?(\d{1,18})"?\s*$')


class PreconditionRequired(APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = (
        "缺少版本号：更新时请提供最近一次读取结果中的 version（或 If-Match 头），"
        "以免覆盖他人的修改。"
    )
    default_code = "version_required"


def version_field() -> serializers.IntegerField:
    return serializers.IntegerField(
        required=False, min_value=1, max_value=2**31 - 1, help_text=VERSION_HELP
    )


def expected_version(request: Any, *, required: bool = True) -> int | None:
    """The version an update started from: body ``version`` or ``If-Match``; 428 if required
    and missing, 400 if malformed."""
    header = request.headers.get("If-Match", "")
    data = request.data if hasattr(request.data, "get") else {}
    value = data.get("version")
    if value in (None, "") and header:
        match = _ETAG.match(header)
        if match is None:
            raise ValidationError({"version": ['If-Match 头应为读取时的 ETag，如 "3"。']})
        value = match.group(1)
    if value in (None, ""):
        if required:
            raise PreconditionRequired()
        return None
    if isinstance(value, bool) or not str(value).strip().isdigit() or len(str(value)) > 18:
        raise ValidationError({"version": ["版本号应为正整数。"]})
    return int(value)


class VersionedViewMixin:
    """ETag on single-record responses; ``get_object_version`` for updates."""

    def get_object_version(self, request: Any, *, required: bool = True) -> int | None:
        return expected_version(request, required=required)

    def finalize_response(self, request: Any, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        data = getattr(response, "data", None)
        if isinstance(data, dict) and "version" in data and "id" in data:
            response["ETag"] = f'"{data["version"]}"'
        return response
