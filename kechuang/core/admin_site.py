"""The Django admin, fenced: OTP-verified staff only, from management networks only (SEC-12)."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django_otp.admin import OTPAdminSite


def from_management_network(request) -> bool:
    address = request.META.get("REMOTE_ADDR", "")
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(
        ip in ipaddress.ip_network(cidr, strict=False) for cidr in settings.ADMIN_ALLOWED_CIDRS
    )


class KechuangAdminSite(OTPAdminSite):
    site_header = "科创 系统后台"
    site_title = "科创后台"
    index_title = "后台管理（只读为主）"

    def __init__(self, name: str = "admin") -> None:
        super().__init__(name)

    def has_permission(self, request) -> bool:
        return from_management_network(request) and super().has_permission(request)

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def fenced(request, *args, **kwargs):
            if not from_management_network(request):
                from django.http import Http404

                raise Http404
            return inner(request, *args, **kwargs)

        return fenced
