from __future__ import annotations

from auditlog.context import auditlog_value
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from .. import services


def bind_audit_actor(user) -> None:
    """Name the token's user as the actor of every change this request makes.

    auditlog's middleware runs before DRF authenticates a token, so it saw an anonymous user;
    its context for this request is updated in place (issue #11, defect 3)."""
    try:
        context = auditlog_value.get()
    except LookupError:
        return
    context["actor"] = user


class ExpiringTokenAuthentication(TokenAuthentication):
    """``Authorization: Token <key>``; keys are stored hashed, expire, and idle out."""

    keyword = "Token"

    def authenticate(self, request):
        self._request = request._request
        return super().authenticate(request)

    def authenticate_credentials(self, key):
        try:
            user, token = services.token_authenticate(key=key, request=self._request)
        except services.TokenRefused as exc:
            raise exceptions.AuthenticationFailed(str(exc)) from exc
        bind_audit_actor(user)
        return user, token
