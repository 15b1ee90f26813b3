"""Helpers for management commands: the audit actor is explicit outside requests."""

from __future__ import annotations

import contextlib
from typing import Any

from auditlog.context import set_actor
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

SYSTEM_USERNAME = "system"


def system_user() -> Any:
    """The account scheduled jobs act as: inactive, with no usable password, so it can never
    sign in; it exists only so that every audit row names who acted (issue #11)."""
    User = get_user_model()
    user = User.objects.filter(username__iexact=SYSTEM_USERNAME).first()
    if user is None:
        user = User(username=SYSTEM_USERNAME, full_name="系统任务", is_active=False)
        user.set_unusable_password()
        user.save()
    return user


@contextlib.contextmanager
def actor_context(username: str | None):
    """Record ``username`` as the actor of every change made inside. Without one, the audit
    names the system account (no change is ever anonymous) and the caller gets None, which
    services read as "the system, unscoped", as before."""
    if not username:
        with set_actor(system_user()):
            yield None
        return
    user = get_user_model().objects.filter(username__iexact=username).first()
    if user is None:
        raise CommandError(f"用户不存在：{username}")
    with set_actor(user):
        yield user
