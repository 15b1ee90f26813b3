from __future__ import annotations

import django_filters
from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_login_failed
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.response import Response

from kechuang.core.api.errors import error_response
from kechuang.core.api.filters import FilterSet
from kechuang.core.api.permissions import AccessPolicyPermission

from .. import services
from ..choices import LoginEventKind
from ..models import ApiToken, Region, TokenRevokeReason
from ..otp import otp_device, otp_required
from .serializers import (
    MeSerializer,
    RegionSerializer,
    TokenRequestSerializer,
    TokenResponseSerializer,
)


@extend_schema(
    request=TokenRequestSerializer,
    responses={200: TokenResponseSerializer},
    summary="用用户名和密码换取有时效的接口令牌",
    auth=[],
)
@api_view(["POST"])
@authentication_classes([])
@permission_classes([AccessPolicyPermission])
def auth_token(request):
    """POST username and password (and the TOTP when the account has one); get a token.

    The same lockout applies as on the login page: 5 failures lock the username for 30 minutes.
    """
    data = TokenRequestSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    django_request = request._request
    user = authenticate(
        django_request,
        username=data.validated_data["username"],
        password=data.validated_data["password"],
    )
    if getattr(django_request, "axes_locked_out", False):
        return error_response("locked", "登录失败次数过多，该账号已被锁定30分钟，请稍后再试。", 403)
    if user is None:
        return error_response("authentication_failed", "用户名或密码错误。", 401)
    if user.must_change_password:
        return error_response("password_change_required", "请先登录网页修改初始密码。", 403)
    device = otp_device(user)
    if device is not None or otp_required(user):
        token = data.validated_data.get("otp_token") or ""
        if device is None or not device.verify_token(token):
            user_login_failed.send(
                sender=__name__,
                credentials={
                    "username": user.username,
                    "kechuang_kind": LoginEventKind.OTP_FAILURE,
                },
                request=django_request,
            )
            return error_response("otp_required", "请提供正确的动态口令（otp_token）。", 401)
    token, key = services.token_issue(user=user, request=django_request)
    return Response({"token": key, "expires_at": token.expires_at})


@extend_schema(
    request=None,
    responses={204: None},
    summary="吊销当前使用的接口令牌（退出）",
)
@api_view(["POST"])
def auth_revoke(request):
    """Revoke the token this request carries (an API client's logout)."""
    token = request.auth
    if isinstance(token, ApiToken):
        services.token_revoke(token=token, reason=TokenRevokeReason.USER, request=request._request)
    return Response(status=204)


@extend_schema(responses=MeSerializer, summary="当前用户")
@api_view(["GET"])
def me(request):
    return Response(MeSerializer(request.user).data)


class RegionFilter(FilterSet):
    code = django_filters.CharFilter(
        field_name="code", lookup_expr="startswith", label="区划代码前缀"
    )

    class Meta:
        model = Region
        fields = ["level", "parent", "code"]


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """Divisions of the user's own region and below."""

    serializer_class = RegionSerializer
    filterset_class = RegionFilter
    queryset = Region.objects.none()

    def get_queryset(self):
        return Region.objects.visible_to(self.request.user).order_by("code")
