"""Helpers for management commands: the audit actor is explicit outside requests."""

from __future__ import annotations

import contextlib

from auditlog.context import set_actor
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError


@contextlib.contextmanager
def actor_context(username: str | None):
    """Record ``username`` as the actor of every change made inside (None: the system)."""
    if not username:
        yield None
        return
    user = get_user_model().objects.filter(username__iexact=username).first()
    if user is None:
        raise CommandError(f"用户不存在：{username}")
    with set_actor(user):
        yield user
