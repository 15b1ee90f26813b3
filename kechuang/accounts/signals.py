"""Fill the login log from Django's and axes' signals."""

from __future__ import annotations

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.utils import timezone

from . import services
from .choices import LoginEventKind
from .models import LoginEvent, TokenRevokeReason, User


def record(kind: str, *, username: str, request=None, user: User | None = None) -> LoginEvent:
    return services.login_event_record(kind, username=username, request=request, user=user)


@receiver(user_logged_in)
def _on_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session["login_at"] = timezone.now().timestamp()
        request.session["seen_recorded"] = request.session["login_at"]
    record(LoginEventKind.SUCCESS, username=user.username, request=request, user=user)
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


@receiver(user_locked_out)
def _on_lockout(sender, request, username=None, ip_address=None, **kwargs):
    user = User.objects.filter(username__iexact=username).first() if username else None
    record(LoginEventKind.LOCKOUT, username=username or "", request=request, user=user)
