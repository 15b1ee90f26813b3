"""Fill the login log from Django's and axes' signals."""

from __future__ import annotations

from datetime import timedelta

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.utils import timezone

from . import services
from .choices import ADMIN_ROLES, LoginEventKind, Role
from .models import LoginEvent, TokenRevokeReason, User


def record(kind: str, *, username: str, request=None, user: User | None = None) -> LoginEvent:
    return services.login_event_record(kind, username=username, request=request, user=user)


@receiver(user_logged_in)
def _on_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session["login_at"] = timezone.now().timestamp()
        request.session["seen_recorded"] = request.session["login_at"]
    record(LoginEventKind.SUCCESS, username=user.username, request=request, user=user)
    from .captcha import forget_failures

    forget_failures(request)
    if request is not None and hasattr(request, "session"):
        services.session_record(user=user, request=request)


@receiver(user_logged_out)
def _on_logout(sender, request, user, **kwargs):
    if user is not None:
        kind = getattr(request, "logout_reason", LoginEventKind.LOGOUT) if request else "logout"
        record(kind, username=user.username, request=request, user=user)
        if request is not None and hasattr(request, "session"):
            services.session_forget(session_key=request.session.session_key)
        if kind == LoginEventKind.LOGOUT:  # a deliberate logout ends the user's API tokens too
            services.tokens_revoke_all(user=user, reason=TokenRevokeReason.LOGOUT, request=request)


@receiver(user_login_failed)
def _on_failure(sender, credentials, request=None, **kwargs):
    username = (credentials or {}).get("username") or ""
    kind = (credentials or {}).get("kechuang_kind", LoginEventKind.FAILURE)
    user = User.objects.filter(username__iexact=username).first() if username else None
    record(kind, username=username, request=request, user=user)
    if kind == LoginEventKind.FAILURE and request is not None:
        from .captcha import count_failure

        count_failure(request)


@receiver(user_locked_out)
def _on_lockout(sender, request, username=None, ip_address=None, **kwargs):
    user = User.objects.filter(username__iexact=username).first() if username else None
    record(LoginEventKind.LOCKOUT, username=username or "", request=request, user=user)
    if user is not None and user.role_names & ADMIN_ROLES:
        _tell_security_admins(user, request)


def _tell_security_admins(user: User, request) -> None:
    """A locked administrator account may be under attack: every security admin is told."""
    from django.utils.translation import gettext as _

    from kechuang.core.http import link
    from kechuang.core.services import notify

    from .security import client_ip

    admins = list(
        User.objects.filter(groups__name=Role.SECURITY_ADMIN, is_active=True).exclude(pk=user.pk)
    )
    from kechuang.core.models import Notification

    when = timezone.localtime()
    prefix = f"admin-lockout-{user.pk}-"
    recent = Notification.objects.filter(
        key__startswith=prefix, created_at__gte=when - timedelta(minutes=30)
    )
    if recent.exists():  # one lock, one message (attempts during the lock re-signal it)
        return
    notify(
        users=admins,
        key=f"{prefix}{when:%Y%m%d%H%M%S}",
        title=_("管理员账号 %(u)s 已被锁定") % {"u": user.username},
        body=_(
            "%(t)s，管理员账号 %(u)s 因连续登录失败被锁定 30 分钟（来源地址 %(ip)s）。"
            "请在登录日志中核查，如非本人操作请提高警惕。"
        )
        % {"t": f"{when:%Y-%m-%d %H:%M}", "u": user.username, "ip": client_ip(request) or "-"},
        url=link("accounts:login_log", kind="lockout"),
    )
