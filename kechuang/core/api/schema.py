"""The API schema states every answer an endpoint can give, errors included (issue #11)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="机器可读的错误代码，如 invalid、not_found、conflict")
    message = serializers.CharField(help_text="中文说明")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="按字段列出的错误（仅 400）",
    )
    request_id = serializers.CharField(
        required=False, help_text="请求编号（服务器错误时，联系管理员请提供）"
    )


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


ERROR_TEXT = {
    "400": "提交的数据有误（error.fields 按字段说明）",
    "401": "未登录、令牌无效或已过期",
    "403": "无权执行此操作",
    "404": "对象不存在或不在您的权限范围内；列表的页码超出范围",
    "405": "不支持该请求方法",
    "409": "版本冲突：记录已被他人修改（error.fields.version 为当前版本）",
    "428": "缺少版本号（version 或 If-Match）",
    "429": "请求过于频繁",
}


class KechuangAutoSchema(AutoSchema):
    """drf-spectacular's schema plus the error answers: 400 for writes and filtered lists,
    401/403 unless public, 404 for one record, 409/428 for versioned updates."""

    def get_override_parameters(self) -> list[Any]:
        parameters = list(super().get_override_parameters())
        if self.method in ("PUT", "PATCH") and hasattr(self.view, "get_object_version"):
            from .versioning import IF_MATCH

            parameters.append(IF_MATCH)
        return parameters

    def _get_response_bodies(self, direction: Any = "response") -> Any:
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        codes = ["400", "401", "403", "429"]
        if self.method in ("GET", "HEAD"):  # one record, or a page past the last
            codes.append("404")
        if (self.method in ("PUT", "PATCH", "DELETE") or "{" in self.path) and "404" not in codes:
            codes.append("404")
        if self.method in ("PUT", "PATCH") and hasattr(self.view, "get_object_version"):
            codes += ["409", "428"]
        if self.method not in ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"):
            codes.append("405")
        for code in codes:
            if code not in responses:
                response = self._get_response_for_code(ErrorSerializer, code, direction=direction)
                response["description"] = ERROR_TEXT[code]
                responses[code] = response
        return responses
