"""Writes on users and regions. Views, API, commands and the demo generator call these only."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .choices import GRANTABLE_BY, Role
from .models import PasswordHistory, Region, User

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
    # An inactive user's session is rejected on its next request by the auth backend.
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
    # The password hash changed: every session of the user fails its auth-hash check now.
    return user


@transaction.atomic
def user_change_password(*, user: User, new_password: str) -> User:
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
