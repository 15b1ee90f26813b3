"""Writes on users and regions. Views, API, commands and the demo generator call these only."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .choices import ADMIN_ROLES, GRANTABLE_BY, LoginEventKind, Role
from .models import (
    ApiToken,
    LoginEvent,
    PasswordHistory,
    Region,
    TokenRevokeReason,
    User,
    UserSession,
)
from .security import client_ip, user_agent

PASSWORD_HISTORY_KEEP = 5


def ensure_role_groups() -> None:
    for role in Role:
        Group.objects.get_or_create(name=role.value)


def grantable_roles(actor: User) -> frozenset[str]:
    allowed: set[str] = set()
    for role in actor.role_names:
        allowed |= GRANTABLE_BY.get(role, frozenset())
    return frozenset(allowed)


def _check_may_manage(actor: User | None, target: User | None, roles: Iterable[str]) -> None:
    """Separation of duties: an actor grants only roles it may grant, never to itself."""
    if actor is None:  # system (commands, migrations, the demo generator)
        return
    if target is not None and target.pk == actor.pk and set(roles) != set(target.role_names):
        raise PermissionDenied(_("不能修改自己的角色。"))
    if target is not None and target.role_names - grantable_roles(actor):
        raise PermissionDenied(_("无权管理该用户的角色。"))
    forbidden = set(roles) - grantable_roles(actor)
    if forbidden:
        labels = "、".join(str(Role(r).label) for r in sorted(forbidden))
        raise PermissionDenied(_("无权授予角色：%(roles)s。") % {"roles": labels})
    if (
        target is not None
        and actor.region
        and target.region
        and not target.region.code.startswith(actor.region.code)
    ):
        raise PermissionDenied(_("该用户不在您的管理范围内。"))


def _check_region(actor: User | None, region: Region | None) -> None:
    if actor is None or region is None:
        return
    if actor.region is None or not region.code.startswith(actor.region.code):
        raise PermissionDenied(_("只能选择本级及下级区划。"))


def _set_roles(user: User, roles: Iterable[str]) -> None:
    ensure_role_groups()
    groups = list(Group.objects.filter(name__in=list(roles)))
    user.groups.set(groups)
    user.__dict__.pop("role_names", None)


def _remember_password(user: User) -> None:
    PasswordHistory.objects.create(user=user, password=user.password)
    stale = PasswordHistory.objects.filter(user=user).values_list("pk", flat=True)[
        PASSWORD_HISTORY_KEEP:
    ]
    PasswordHistory.objects.filter(pk__in=list(stale)).delete()


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    password: str,
    roles: Iterable[str],
    region: Region | None,
    full_name: str = "",
    email: str = "",
    phone: str = "",
    must_change_password: bool = True,
    is_demo: bool = False,
) -> User:
    roles = list(roles)
    _check_may_manage(actor, None, roles)
    _check_region(actor, region)
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("用户名“%(u)s”已存在。") % {"u": username}})
    user = User(
        username=username,
        full_name=full_name,
        email=email,
        phone=phone,
        region=region,
        must_change_password=must_change_password,
        is_demo=is_demo,
    )
    validate_password(password, user)
    user.set_password(password)
    user.password_changed_at = timezone.now()
    user.full_clean()
    user.save()
    _set_roles(user, roles)
    _remember_password(user)
    return user


@transaction.atomic
def user_update(
    *,
    actor: User | None,
    user: User,
    roles: Iterable[str] | None = None,
    region: Region | None = None,
    full_name: str | None = None,
    email: str | None = None,
    phone: str | None = None,
) -> User:
    new_roles = list(roles) if roles is not None else list(user.role_names)
    _check_may_manage(actor, user, new_roles)
    if region is not None:
        _check_region(actor, region)
        user.region = region
    if full_name is not None:
        user.full_name = full_name
    if email is not None:
        user.email = email
    if phone is not None:
        user.phone = phone
    user.full_clean()
    user.save()
    if roles is not None and set(new_roles) != set(user.role_names):
        _set_roles(user, new_roles)
    return user


@transaction.atomic
def user_set_active(*, actor: User | None, user: User, active: bool) -> User:
    if actor is not None and actor.pk == user.pk:
        raise PermissionDenied(_("不能停用或启用自己的账号。"))
    _check_may_manage(actor, user, user.role_names)
    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:  # sessions and tokens end now, not at their next use
        sessions_end(user=user, reason=_("账号停用"))
        tokens_revoke_all(user=user, reason=TokenRevokeReason.DEACTIVATED)
    return user


@transaction.atomic
def user_reset_password(*, actor: User | None, user: User, password: str) -> User:
    """An administrator sets a temporary password; the user must change it at next login."""
    if actor is not None and actor.pk == user.pk:
        raise PermissionDenied(_("请通过“修改密码”修改自己的密码。"))
    _check_may_manage(actor, user, user.role_names)
    validate_password(password, user)
    user.set_password(password)
    user.must_change_password = True
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password", "must_change_password", "password_changed_at"])
    _remember_password(user)
    # The password hash changed: every session of the user fails its auth-hash check; end them
    # and every API token now.
    sessions_end(user=user, reason=_("管理员重置密码"))
    tokens_revoke_all(user=user, reason=TokenRevokeReason.RESET)
    return user


@transaction.atomic
def user_change_password(*, user: User, new_password: str, keep_session: str | None = None) -> User:
    """The user changes their own password.

    Every other session of theirs ends (SEC-07): Django checks each session's auth hash, which
    derives from the password hash; the view keeps the current one with update_session_auth_hash.
    """
    validate_password(new_password, user)
    user.set_password(new_password)
    user.must_change_password = False
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password", "must_change_password", "password_changed_at"])
    _remember_password(user)
    sessions_end(user=user, reason=_("修改密码"), keep=keep_session)
    tokens_revoke_all(user=user, reason=TokenRevokeReason.PASSWORD)
    return user


@transaction.atomic
def disable_inactive_users(*, days: int) -> list[User]:
    """Disable accounts with no login for ``days`` days (SEC-13)."""
    cutoff = timezone.now() - timedelta(days=days)
    stale = User.objects.filter(is_active=True, is_demo=False, is_break_glass=False).filter(
        last_login__lt=cutoff
    ) | User.objects.filter(
        is_active=True,
        is_demo=False,
        is_break_glass=False,
        last_login__isnull=True,
        date_joined__lt=cutoff,
    )
    disabled = []
    for user in stale.distinct():
        user.is_active = False
        user.save(update_fields=["is_active"])
        sessions_end(user=user, reason=_("账号停用"))
        tokens_revoke_all(user=user, reason=TokenRevokeReason.DEACTIVATED)
        disabled.append(user)
    return disabled


@transaction.atomic
def regions_upsert(*, rows: Iterable[tuple[str, str, int, str | None]]) -> tuple[int, int]:
    """Create or rename regions from (code, name, level, parent_code), parents first.

    Returns (created, updated). Idempotent: loading the same rows twice changes nothing.
    """
    created = updated = 0
    by_code: dict[str, Region] = {}
    for code, name, level, parent_code in rows:
        parent = None
        if parent_code:
            parent = by_code.get(parent_code) or Region.objects.get(code=parent_code)
        region = Region.objects.filter(code=code).first()
        if region is None:
            region = Region(code=code, name=name, level=level, parent=parent)
            region.full_clean()
            region.save()
            created += 1
        elif region.name != name or region.parent_id != (parent.pk if parent else None):
            region.name = name
            region.parent = parent
            region.full_clean()
            region.save()
            updated += 1
        by_code[code] = region
    return created, updated


# --- The login log, sessions and API tokens ---------------------------------------------------


def login_event_record(
    kind: str,
    *,
    username: str,
    request: Any = None,
    user: User | None = None,
    detail: str = "",
) -> LoginEvent:
    """One row of the login log (append-only)."""
    event = LoginEvent(
        kind=kind,
        username=(username or "")[:150],
        user=user,
        ip_address=client_ip(request),
        user_agent=user_agent(request),
        request_id=getattr(request, "request_id", "") if request is not None else "",
        detail=detail[:200],
    )
    event.save()
    return event


def session_record(*, user: User, request: Any) -> UserSession | None:
    """Remember a new signed-in session (called at login)."""
    key = getattr(getattr(request, "session", None), "session_key", None)
    if not key:
        return None
    session, _created = UserSession.objects.update_or_create(
        session_key=key,
        defaults={
            "user": user,
            "created_at": timezone.now(),
            "last_seen": timezone.now(),
            "ip_address": client_ip(request),
            "user_agent": user_agent(request),
        },
    )
    return session


def session_touch(*, session_key: str) -> None:
    UserSession.objects.filter(session_key=session_key).update(last_seen=timezone.now())


def session_forget(*, session_key: str | None) -> None:
    """A session ended by logout or expiry: drop its row (the store deletes its data)."""
    if session_key:
        UserSession.objects.filter(session_key=session_key).delete()


def sessions_end(
    *,
    user: User,
    reason: str,
    keep: str | None = None,
    only: Iterable[str] | None = None,
    request: Any = None,
    actor: User | None = None,
) -> int:
    """End sessions of ``user`` in the session store (all, or ``only`` these keys), except
    ``keep``; each ending is in the login log."""
    from django.contrib.sessions.models import Session

    rows = UserSession.objects.filter(user=user)
    if keep:
        rows = rows.exclude(session_key=keep)
    if only is not None:
        rows = rows.filter(session_key__in=list(only))
    keys = list(rows.values_list("session_key", flat=True))
    if not keys:
        return 0
    Session.objects.filter(session_key__in=keys).delete()
    rows.delete()
    by = f"（{actor.username}）" if actor is not None and actor.pk != user.pk else ""
    login_event_record(
        LoginEventKind.SESSION_REVOKED,
        username=user.username,
        request=request,
        user=user,
        detail=_("终止 %(n)d 个会话：%(r)s%(by)s") % {"n": len(keys), "r": reason, "by": by},
    )
    return len(keys)


def token_limits(user: User) -> tuple[int, int]:
    """(idle seconds, absolute hours) for the user's tokens: admin roles get the short ones."""
    if user.role_names & ADMIN_ROLES:
        return settings.SESSION_IDLE_SECONDS_ADMIN, settings.API_TOKEN_TTL_HOURS_ADMIN
    return settings.SESSION_IDLE_SECONDS, settings.API_TOKEN_TTL_HOURS


def token_issue(*, user: User, request: Any = None) -> tuple[ApiToken, str]:
    """A new token; only its hash is stored, and the issue is in the login log."""
    key = secrets.token_urlsafe(32)
    _idle, hours = token_limits(user)
    now = timezone.now()
    token = ApiToken(
        user=user,
        key_hash=ApiToken.hash_key(key),
        created_at=now,
        expires_at=now + timedelta(hours=hours),
        created_ip=client_ip(request),
        user_agent=user_agent(request),
        last_used_at=now,
        last_ip=client_ip(request),
    )
    token.save()
    User.objects.filter(pk=user.pk).update(last_login=timezone.now())  # counts as a login
    login_event_record(
        LoginEventKind.TOKEN_ISSUED,
        username=user.username,
        request=request,
        user=user,
        detail=_("令牌 %(t)s，有效至 %(e)s")
        % {"t": token.short_id, "e": timezone.localtime(token.expires_at).strftime("%H:%M")},
    )
    return token, key


class TokenRefused(Exception):
    """The token cannot be used; the message (Chinese) says why."""


def token_authenticate(*, key: str, request: Any) -> tuple[User, ApiToken]:
    """Check a presented key: live, user active, not idle too long; note a new address."""
    token = (
        ApiToken.objects.live()
        .select_related("user", "user__region")
        .filter(key_hash=ApiToken.hash_key(key))
        .first()
    )
    if token is None:
        raise TokenRefused(_("令牌无效或已过期。"))
    user = token.user
    if not user.is_active:
        raise TokenRefused(_("账号已停用。"))
    now = timezone.now()
    idle, _hours = token_limits(user)
    if token.last_used_at is not None and (now - token.last_used_at).total_seconds() > idle:
        token_revoke(token=token, reason=TokenRevokeReason.IDLE, request=request)
        raise TokenRefused(_("令牌闲置超过 %(m)d 分钟，已失效，请重新获取。") % {"m": idle // 60})
    ip = client_ip(request)
    updates: dict[str, Any] = {}
    if ip and ip != token.last_ip:
        login_event_record(
            LoginEventKind.TOKEN_NEW_ADDRESS,
            username=user.username,
            request=request,
            user=user,
            detail=_("令牌 %(t)s，原地址 %(old)s")
            % {"t": token.short_id, "old": token.last_ip or "-"},
        )
        updates["last_ip"] = ip
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 30:
        updates["last_used_at"] = now
    if updates:
        ApiToken.objects.filter(pk=token.pk).update(**updates)
    return user, token


def token_revoke(*, token: ApiToken, reason: str, request: Any = None) -> bool:
    """Revoke one token (idempotent); in the login log."""
    changed = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_reason=reason
    )
    if changed:
        kind = (
            LoginEventKind.TOKEN_IDLE
            if reason == TokenRevokeReason.IDLE
            else LoginEventKind.TOKEN_REVOKED
        )
        login_event_record(
            kind,
            username=token.user.username,
            request=request,
            user=token.user,
            detail=_("令牌 %(t)s：%(r)s")
            % {"t": token.short_id, "r": TokenRevokeReason(reason).label},
        )
    return bool(changed)


def tokens_revoke_all(*, user: User, reason: str, request: Any = None) -> int:
    """Revoke every live token of ``user``: one login-log row saying how many."""
    count = (
        ApiToken.objects.live()
        .filter(user=user)
        .update(revoked_at=timezone.now(), revoked_reason=reason)
    )
    if count:
        login_event_record(
            LoginEventKind.TOKEN_REVOKED,
            username=user.username,
            request=request,
            user=user,
            detail=_("吊销 %(n)d 个令牌：%(r)s")
            % {"n": count, "r": TokenRevokeReason(reason).label},
        )
    return count
