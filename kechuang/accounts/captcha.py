"""A captcha on the sign-in form after three failed attempts (issue #14).

django-simple-captcha draws the image (and, where the ``flite`` speech synthesiser is
installed, reads the characters aloud as the audio alternative). The lockout after five
failures (axes) is unchanged; the captcha comes first, so a script guessing passwords is
stopped before it gets there, and a wrong captcha is not counted as a wrong password (the
password is not checked at all)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

CAPTCHA_AFTER = 3  # failed sign-ins before the form asks for a captcha
SESSION_FAILURES = "kechuang.signin_failures"


def digits_challenge() -> tuple[str, str]:
    """Four digits: what everyone can type on any keyboard and read aloud in any language."""
    import secrets

    text = "".join(secrets.choice("23456789") for _ in range(4))
    return text, text


def recent_failures(username: str) -> int:
    """Failed sign-ins for ``username`` within the lockout window (the login log)."""
    from .choices import LoginEventKind
    from .models import LoginEvent

    if not username:
        return 0
    since = timezone.now() - timedelta(seconds=_window_seconds())
    return LoginEvent.objects.filter(
        kind=LoginEventKind.FAILURE, username__iexact=username, created_at__gte=since
    ).count()


def _window_seconds() -> int:
    cooloff = settings.AXES_COOLOFF_TIME
    return int(cooloff.total_seconds()) if hasattr(cooloff, "total_seconds") else 1800


def needs_captcha(request: Any, username: str = "") -> bool:
    """This browser failed three times, or this username has (from anywhere)."""
    if not getattr(settings, "SIGNIN_CAPTCHA", True):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.get(SESSION_FAILURES, 0) >= CAPTCHA_AFTER:
        return True
    return recent_failures(username.strip()) >= CAPTCHA_AFTER


def count_failure(request: Any) -> None:
    session = getattr(request, "session", None)
    if session is not None:
        session[SESSION_FAILURES] = session.get(SESSION_FAILURES, 0) + 1


def forget_failures(request: Any) -> None:
    session = getattr(request, "session", None)
    if session is not None:
        session.pop(SESSION_FAILURES, None)


def audio_available() -> bool:
    return bool(getattr(settings, "CAPTCHA_FLITE_PATH", None))
