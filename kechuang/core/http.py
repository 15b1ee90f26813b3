"""The request type views receive after Kechuang's middleware has run, and shared responses."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class AppRequest(HttpRequest):
    user: Any  # accounts.User once AccessPolicyMiddleware let the request through
    htmx: Any  # django_htmx.middleware.HtmxDetails
    request_id: str


def xlsx_response(data: bytes, filename: str) -> HttpResponse:
    """A workbook download; business data is never kept by browsers or proxies."""
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def audit_access(
    request: AppRequest, model: type, object_pk: str, text: str, data: dict[str, Any]
) -> None:
    """An ACCESS row in the audit log: who exported or revealed what, from where."""
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    from .net import client_ip

    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(model),
        object_pk=object_pk,
        object_repr=text,
        action=LogEntry.Action.ACCESS,
        changes={},
        actor=request.user,
        remote_addr=client_ip(request),
        cid=getattr(request, "request_id", None),
        additional_data=data,
    )


# The largest id any of our tables can hold (a signed 64-bit integer): a larger number in a URL
# or filter is no id at all, and must answer like any unknown id (issue #11, defect 11).
MAX_ID = 2**63 - 1


def parse_id(value: Any) -> int | None:
    """A positive database id from user input, or None (never an OverflowError)."""
    if isinstance(value, int):
        number = value
    else:
        text = str(value or "").strip()
        if not text.isdigit() or len(text) > 19:
            return None
        number = int(text)
    return number if 0 < number <= MAX_ID else None


def parse_year(value: Any, default: int) -> int:
    """A year from user input within the stored range (core.fields), else ``default``."""
    from .fields import YEAR_MAX, YEAR_MIN

    text = str(value or "").strip()
    if not text.isdigit() or len(text) > 4:
        return default
    year = int(text)
    return year if YEAR_MIN <= year <= YEAR_MAX else default


def safe_next(request: HttpRequest, value: Any, default: str) -> str:
    """A "next" target only when it is a path on this site (never another host, "//host",
    "/\\host" or a scheme); otherwise ``default``."""
    from django.utils.http import url_has_allowed_host_and_scheme

    target = str(value or "")
    if (
        target.startswith("/")
        and not target.startswith(("//", "/\\"))
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return target
    return default


def link(viewname: str, *args: Any, fragment: str = "", **query: Any) -> str:
    """A URL by name (never a hand-written path), its query encoded: link("cultivation:board",
    year=2026) → the board's path + "?year=2026". Empty query values are left out."""
    from django.urls import reverse
    from django.utils.http import urlencode

    url = reverse(viewname, args=args)
    params = {k: v for k, v in query.items() if v not in (None, "")}
    if params:
        url += "?" + urlencode(params)
    return url + (f"#{fragment}" if fragment else "")
