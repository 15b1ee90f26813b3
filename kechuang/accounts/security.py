"""Small helpers shared by login, lockout and the login log."""

from __future__ import annotations

from django.http import HttpRequest

from kechuang.core.net import client_ip  # the client's address, through trusted proxies only

__all__ = ["axes_username", "client_ip", "user_agent"]


def user_agent(request: HttpRequest | None) -> str:
    if request is None:
        return ""
    return (request.META.get("HTTP_USER_AGENT") or "")[:300]


def axes_username(request: HttpRequest | None, credentials: dict | None) -> str | None:
    """The username axes counts failures for: case-folded, so 'Alice' and 'alice' share a lock."""
    value = None
    if credentials:
        value = credentials.get("username")
    if not value and request is not None:
        data = getattr(request, "POST", None) or {}
        value = data.get("username")
    return value.strip().lower() if isinstance(value, str) else value
