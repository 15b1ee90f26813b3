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


def require_database() -> None:
    """Stop with a clear message (never a traceback) when the database cannot be opened or is
    not migrated: a fresh machine, a missing var/ folder, a wrong DATABASE_URL."""
    from django.db import DatabaseError, connection
    from django.db.migrations.executor import MigrationExecutor

    try:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as exc:
        raise CommandError(
            f"无法打开数据库（{exc}）。请检查 DATABASE_URL 与 var/ 目录，"
            "或先运行 python manage.py migrate（make run 会自动完成）。"
        ) from exc
    if plan:
        raise CommandError(
            f"数据库尚未初始化或未升级（还有 {len(plan)} 个迁移未执行）。"
            "请先运行 python manage.py migrate（make run 会自动完成）。"
        )
