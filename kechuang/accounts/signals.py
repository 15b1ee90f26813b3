"""Fill the login log from Django's and axes' signals."""

from __future__ import annotations

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.utils import timezone

from .choices import LoginEventKind
from .models import LoginEvent, User
from .security import client_ip, user_agent


def record(kind: str, *, username: str, request=None, user: User | None = None) -> LoginEvent:
    event = LoginEvent(
        kind=kind,
        username=(username or "")[:150],
        user=user,
        ip_address=client_ip(request),
        user_agent=user_agent(request),
        request_id=getattr(request, "request_id", "") if request is not None else "",
    )
    event.save()
    return event


@receiver(user_logged_in)
def _on_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session["login_at"] = timezone.now().timestamp()
    record(LoginEventKind.SUCCESS, username=user.username, request=request, user=user)


@receiver(user_logged_out)
def _on_logout(sender, request, user, **kwargs):
    if user is not None:
        kind = getattr(request, "logout_reason", LoginEventKind.LOGOUT) if request else "logout"
        record(kind, username=user.username, request=request, user=user)


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
