from __future__ import annotations

import re
import uuid
from typing import Any

from auditlog.middleware import AuditlogMiddleware as BaseAuditlogMiddleware

from kechuang.utilities.text import CONTROL_CHARACTERS

from .logging import current_request_id
from .net import client_ip

_VALID_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")


class RequestIdMiddleware:
    """Give every request an id: shown on error pages, in logs, audit rows and the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if _VALID_ID.match(incoming) else uuid.uuid4().hex[:16]
        request.request_id = request_id
        token = current_request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response


# Control characters broke exports and can hide text in logs (issue #11, defect 4).
FORBIDDEN_CONTROL = CONTROL_CHARACTERS


def _first_control(value: Any, path: str = "") -> str | None:
    """The name of the first field whose value (or key) holds a control character."""
    if isinstance(value, str):
        return path or "-" if FORBIDDEN_CONTROL.search(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            name = f"{path}.{key}" if path else str(key)
            if isinstance(key, str) and FORBIDDEN_CONTROL.search(key):
                return name
            found = _first_control(item, name)
            if found:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = _first_control(item, f"{path}[{index}]")
            if found:
                return found
    return None


class ControlCharacterMiddleware:
    """Refuse (400) a request whose parameters, form fields or JSON strings hold control
    characters, with a message naming the field."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        field = self._offending(request)
        if field is not None:
            from django.http import JsonResponse
            from django.shortcuts import render
            from django.utils.translation import gettext as _

            message = _("提交的内容包含不可见的控制字符（字段“%(f)s”），请删除后重试。") % {
                "f": FORBIDDEN_CONTROL.sub("?", field)[:60]
            }
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"error": {"code": "invalid", "message": message, "fields": {}}}, status=400
                )
            return render(request, "errors/400.html", {"message": message}, status=400)
        return self.get_response(request)

    @staticmethod
    def _offending(request) -> str | None:
        for key, values in request.GET.lists():
            found = _first_control({key: values})
            if found:
                return found.split("[", 1)[0]
        if request.method not in ("POST", "PUT", "PATCH"):
            return None
        content_type = request.content_type or ""
        try:
            if content_type == "application/json":
                import json

                body = json.loads(request.body or b"null")
                found = _first_control(body)
                return found
            for key, values in request.POST.lists():
                found = _first_control({key: values})
                if found:
                    return found.split("[", 1)[0]
        except (ValueError, UnicodeDecodeError, RecursionError):
            return None  # malformed or absurdly nested bodies: the parsers refuse them
        return None


class AtomicWritesMiddleware:
    """A request that may write (POST, PUT, PATCH, DELETE) runs in one transaction, rolled back
    if it ends in a server error: nothing is ever saved on an error path (issue #11, defect 5).
    Reads run without a transaction, so SQLite readers never wait for a write lock."""

    SAFE = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in self.SAFE:
            return self.get_response(request)
        from django.db import transaction

        with transaction.atomic():
            response = self.get_response(request)
            if response.status_code >= 500:
                transaction.set_rollback(True)
        return response


class AuditlogMiddleware(BaseAuditlogMiddleware):
    """auditlog's middleware, with the client address taken through trusted proxies only
    (auditlog's own reads X-Forwarded-For from anyone)."""

    @staticmethod
    def _get_remote_addr(request):
        return client_ip(request)


API_CODES = {  # status -> error code, whose Chinese message is core.api.errors.MESSAGES'
    400: "parse_error",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    500: "server_error",
}


class ApiErrorMiddleware:
    """Every answer under /api/ is JSON in the one error shape — an unknown URL, a CSRF failure
    or a server error included, in development (DEBUG) as in production (issue #11)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith("/api/") or response.status_code < 400:
            return response
        if "json" in response.get("Content-Type", ""):
            return response
        return self._json(request, response.status_code)

    def process_exception(self, request, exception):
        if not request.path.startswith("/api/"):
            return None
        import logging

        from django.core.exceptions import PermissionDenied
        from django.http import Http404

        if isinstance(exception, Http404):
            return self._json(request, 404)
        if isinstance(exception, PermissionDenied):
            return self._json(request, 403)
        logging.getLogger("django.request").error(
            "API error on %s", request.path, exc_info=exception
        )
        return self._json(request, 500)

    @staticmethod
    def _json(request, status: int):
        from django.http import JsonResponse

        from .api.errors import MESSAGES

        code = API_CODES.get(status, "error")
        message = MESSAGES.get(code, "请求失败。")
        response = JsonResponse(
            {
                "error": {
                    "code": code,
                    "message": message,
                    "fields": {},
                    "request_id": getattr(request, "request_id", ""),
                }
            },
            status=status,
        )
        return response


class SecurityHeadersMiddleware:
    """Headers Django does not set itself: Permissions-Policy (no page of ours uses a camera,
    microphone, location, payment or USB device, so none may), and no-store on API answers."""

    PERMISSIONS_POLICY = (
        "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
        "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), "
        "publickey-credentials-get=(), screen-wake-lock=(), usb=(), xr-spatial-tracking=()"
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.PERMISSIONS_POLICY)
        if request.path.startswith("/api/"):
            response.setdefault("Cache-Control", "no-store")
        return response
