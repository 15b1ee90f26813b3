"""The request type views receive after Kechuang's middleware has run."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


class AppRequest(HttpRequest):
    user: Any  # accounts.User once AccessPolicyMiddleware let the request through
    htmx: Any  # django_htmx.middleware.HtmxDetails
    request_id: str
