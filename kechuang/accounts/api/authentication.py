from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from ..models import ApiToken


class ExpiringTokenAuthentication(TokenAuthentication):
    """``Authorization: Token <key>``; keys are stored hashed and expire."""

    keyword = "Token"

    def authenticate_credentials(self, key):
        token = (
            ApiToken.objects.live()
            .select_related("user", "user__region")
            .filter(key_hash=ApiToken.hash_key(key))
            .first()
        )
        if token is None:
            raise exceptions.AuthenticationFailed(_("令牌无效或已过期。"))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("账号已停用。"))
        return token.user, token
