"""One error shape for the whole API: {"error": {"code", "message", "fields"}}, in Chinese."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

MESSAGES = {
    "not_authenticated": "未登录或登录已过期。",
    "authentication_failed": "身份认证失败。",
    "permission_denied": "您无权执行此操作。",
    "not_found": "未找到该对象。",
    "method_not_allowed": "不支持该请求方法。",
    "parse_error": "请求格式错误。",
    "invalid": "提交的数据有误。",
    "throttled": "请求过于频繁，请稍后再试。",
    "unsupported_media_type": "不支持的内容类型。",
    "not_acceptable": "无法提供请求的格式。",
    "too_large": "请求内容过大。",
    "server_error": "服务器内部错误，请稍后重试；如问题持续，请联系管理员并提供请求编号。",
}


def _flatten(detail, path: str = "") -> dict[str, list[str]] | list[str] | str:
    """Field errors as {"field": [messages]}; nested ones (a list item, a nested object) under
    dotted names such as "extra_uscc.0" — always one flat object of string lists."""
    if isinstance(detail, dict):
        flat: dict[str, list[str]] = {}
        for key, value in detail.items():
            name = f"{path}.{key}" if path else str(key)
            if isinstance(value, dict):
                flat.update(_flatten(value, name))  # type: ignore[arg-type]
            elif isinstance(value, list) and any(isinstance(v, dict | list) for v in value):
                for index, item in enumerate(value):
                    if isinstance(item, dict):
                        flat.update(_flatten(item, f"{name}.{index}"))  # type: ignore[arg-type]
                    elif isinstance(item, list):
                        flat[f"{name}.{index}"] = [str(v) for v in item]
                    elif item:
                        flat.setdefault(name, []).append(str(item))
            else:
                flat[name] = [str(v) for v in value] if isinstance(value, list) else [str(value)]
        return flat
    if isinstance(detail, list):
        return [str(item) for item in detail]
    return str(detail)


def exception_handler(exc, context):
    if isinstance(exc, ValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    code = "error"
    fields: dict = {}
    message = ""
    if isinstance(exc, exceptions.ValidationError):
        code = "invalid"
        detail = _flatten(exc.detail)
        if isinstance(detail, dict):
            fields = {k: v for k, v in detail.items() if k != "non_field_errors"}
            non_field = detail.get("non_field_errors")
            message = "；".join(non_field) if isinstance(non_field, list) else MESSAGES["invalid"]
        else:
            message = "；".join(detail) if isinstance(detail, list) else str(detail)
    elif isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else "error"
        detail = exc.detail
        text = str(detail) if isinstance(detail, str) else ""
        # DRF's English defaults become Chinese; our own Chinese messages pass through.
        message = text if text and not text.isascii() else MESSAGES.get(code, text)
    if response.status_code == status.HTTP_401_UNAUTHORIZED:
        code = code if code in ("authentication_failed", "locked") else "not_authenticated"
    response.data = {"error": {"code": code, "message": message, "fields": fields}}
    return response


def error_response(code: str, message: str, status_code: int, fields: dict | None = None):
    return Response(
        {"error": {"code": code, "message": message, "fields": fields or {}}}, status=status_code
    )
