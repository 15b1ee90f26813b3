"""The Django admin, fenced: OTP-verified staff only, from management networks only (SEC-12)."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404
from django_otp.admin import OTPAdminSite

from .net import client_ip, in_networks


def from_management_network(request) -> bool:
    """The client (through trusted proxies only, core.net) is in ADMIN_ALLOWED_CIDRS."""
    return in_networks(client_ip(request), settings.ADMIN_ALLOWED_CIDRS)


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
                raise Http404
            return inner(request, *args, **kwargs)

        return fenced

    # The login and logout pages are not wrapped by admin_view: fence them too.
    def login(self, request, extra_context=None):
        if not from_management_network(request):
            raise Http404
        return super().login(request, extra_context)

    def logout(self, request, extra_context=None):
        if not from_management_network(request):
            raise Http404
        return super().logout(request, extra_context)
