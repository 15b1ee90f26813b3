"""Session lifetime (idle and absolute) and the account-state gate (OTP, password change)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.core.access import is_api, rule_for

from . import services
from .choices import ADMIN_ROLES, LoginEventKind
from .otp import otp_device, otp_required


def idle_limit(user) -> int:
    if user.role_names & ADMIN_ROLES:
        return settings.SESSION_IDLE_SECONDS_ADMIN
    return settings.SESSION_IDLE_SECONDS


class SessionLifetimeMiddleware:
    """End a session after the idle limit (30 min; 15 for admin roles) or 12 hours in all."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = timezone.now().timestamp()
            login_at = request.session.get("login_at")
            last_seen = request.session.get("last_seen", login_at)
            limit = idle_limit(user)
            expired = (
                login_at is None
                or now - login_at > settings.SESSION_ABSOLUTE_SECONDS
                or (last_seen is not None and now - last_seen > limit)
            )
            if expired:
                request.logout_reason = LoginEventKind.EXPIRED
                logout(request)
                if not is_api(request):
                    messages.info(request, _("登录已超时，请重新登录。"))
                    return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            else:
                request.session["last_seen"] = now
                request.session_idle_seconds = limit
                if now - request.session.get("seen_recorded", 0) > 60:  # the sessions page
                    request.session["seen_recorded"] = now
                    services.session_touch(session_key=request.session.session_key or "")
        return self.get_response(request)


class AccountStateMiddleware:
    """Before anything else: pass the second factor, then change a temporary or old password."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or is_api(request):
            return None
        match = request.resolver_match
        rule = rule_for(match.view_name if match else None)
        if rule is None or rule.public or rule.account_setup:
            return None
        device = otp_device(user)
        if (device is not None or otp_required(user)) and not user.is_verified():
            if device is None:
                return redirect("accounts:otp_setup")
            return redirect_to_login(request.get_full_path(), "accounts:otp_verify")
        if user.must_change_password or user.password_expired():
            return redirect("accounts:password_change")
        return None
