"""Session lifetime (idle and absolute) and the account-state gate (OTP, password change)."""

from __future__ import annotations

from typing import Any

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
                request.session_idle_seconds = limit
                # At most one session write a minute: the idle limit is kept to the minute,
                # and a page view in between writes nothing (issue #15).
                step = settings.SESSION_SEEN_RESOLUTION
                if last_seen is None or now - last_seen >= step:
                    request.session["last_seen"] = now
                if now - request.session.get("seen_recorded", 0) > step:  # the sessions page
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


SIGN_IN_PATHS = frozenset({"/accounts/login/", "/accounts/otp/verify/", "/api/v1/auth/token/"})


def _posted_username(request) -> str:
    if request.content_type == "application/json":
        import json

        try:
            body = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError, RecursionError):
            return ""
        value = body.get("username") if isinstance(body, dict) else ""
    else:
        value = request.POST.get("username", "")
    if not value and getattr(request, "user", None) is not None and request.user.is_authenticated:
        value = request.user.username  # the OTP page: the signed-in user
    return value.strip().lower() if isinstance(value, str) else ""


class SignInRateLimitMiddleware:
    """Limit sign-in attempts per client address (burst and window) and per username, before
    any password is hashed; answer 429 with Retry-After (issue #11, defect 8). The username lock
    after 5 failures (axes) stays as it is."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.path in SIGN_IN_PATHS:
            limited = self._limited(request)
            if limited is not None:
                return self._refuse(request, *limited)
        return self.get_response(request)

    @staticmethod
    def _limited(request) -> tuple[str, int] | None:
        from django_ratelimit.core import get_usage

        from .security import client_ip

        ip = client_ip(request) or "-"
        username = _posted_username(request)
        checks = [
            ("signin-ip-burst", ip, settings.AUTH_RATE_IP_BURST),
            ("signin-ip", ip, settings.AUTH_RATE_IP),
        ]
        if username:
            checks.append(("signin-user", username, settings.AUTH_RATE_USERNAME))
        for group, value, rate in checks:
            usage = get_usage(
                request, group=group, key=lambda _g, _r, v=value: v, rate=rate, increment=True
            )
            if usage is not None and usage["should_limit"]:
                return group, max(1, int(usage["time_left"]))
        return None

    @staticmethod
    def _refuse(request, group: str, wait: int):
        from django.core.cache import caches
        from django.http import JsonResponse
        from django.shortcuts import render

        from . import services

        username = _posted_username(request)
        # One login-log row a minute per address and group, however many requests come.
        from .security import client_ip

        subject = username if group == "signin-user" else client_ip(request)
        marker = f"throttle-logged:{group}:{subject}"
        if caches["counters"].add(marker, 1, 60):
            services.login_event_record(
                LoginEventKind.THROTTLED,
                username=username,
                request=request,
                detail={"signin-ip-burst": "地址短时请求过多", "signin-ip": "地址请求过多"}.get(
                    group, "该用户名请求过多"
                ),
            )
        message = _("登录请求过于频繁，请 %(s)d 秒后再试。") % {"s": wait}
        response: Any
        if is_api(request):
            response = JsonResponse(
                {"error": {"code": "throttled", "message": message, "fields": {}}}, status=429
            )
        else:
            from .forms import LoginForm

            response = render(
                request,
                "accounts/login.html",
                {"form": LoginForm(request), "lockout_message": message},
                status=429,
            )
        response["Retry-After"] = str(wait)
        return response
