"""Users, the region tree, password history, the login log and API tokens."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from functools import cached_property
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kechuang.core.models import AppendOnly
from kechuang.core.scoping import Scope, ScopedQuerySet, region_q

from .choices import CODE_LENGTH, LoginEventKind, RegionLevel, Role


class RegionQuerySet(ScopedQuerySet):
    def visible_to(self, user: Any) -> RegionQuerySet:
        """Every signed-in user sees their own region's subtree (reference data)."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.region_id is None:
            return self.none()
        return self.filter(region_q("", user.region.code))

    def within(self, code: str) -> RegionQuerySet:
        return self.filter(region_q("", code))


class Region(models.Model):
    """A statistical division (统计用区划): province → city → county → town/street → village."""

    code = models.CharField(_("区划代码"), max_length=12, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    level = models.PositiveSmallIntegerField(_("层级"), choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级区划"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )

    objects = RegionQuerySet.as_manager()
    scope = Scope(region="")

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=5), name="region_level_range"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("accounts:region_detail", args=[self.pk])

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        expected = CODE_LENGTH.get(RegionLevel(self.level)) if self.level else None
        if expected and len(self.code) != expected:
            raise ValidationError(
                {
                    "code": _("%(level)s级区划代码应为%(n)s位数字")
                    % {"level": self.get_level_display(), "n": expected}
                }
            )
        if not self.code.isdigit():
            raise ValidationError({"code": _("区划代码只能包含数字")})
        if self.parent and not self.code.startswith(self.parent.code):
            raise ValidationError({"code": _("区划代码必须以上级区划代码开头")})

    @property
    def full_name(self) -> str:
        names = []
        node: Region | None = self
        while node is not None:
            names.append(node.name)
            node = node.parent
        return "".join(reversed(names))


class KechuangUserManager(UserManager.from_queryset(ScopedQuerySet)):  # type: ignore[misc]
    def get_by_natural_key(self, username: str | None) -> User:  # case-insensitive login
        user: User = self.get(username__iexact=username)
        return user


class User(AbstractUser):
    """A person who signs in. Roles are groups named after :class:`Role` values."""

    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = models.CharField(_("手机号"), max_length=20, blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("所属区划"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    must_change_password = models.BooleanField(_("须修改密码"), default=True)
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True)
    is_break_glass = models.BooleanField(
        _("应急账号"),
        default=False,
        help_text=_("唯一允许保留超级用户权限的应急账号，日常工作不得使用"),
    )
    is_demo = models.BooleanField(_("演示账号"), default=False)

    objects: ClassVar[KechuangUserManager] = KechuangUserManager()
    scope = Scope(region="region", region_roles=frozenset({Role.BUREAU_ADMIN, Role.SECURITY_ADMIN}))

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        ordering = ["username"]
        constraints = [
            models.UniqueConstraint(Lower("username"), name="user_username_ci_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name or self.username}（{self.username}）"

    def get_absolute_url(self) -> str:
        return reverse("accounts:user_detail", args=[self.pk])

    @cached_property
    def role_names(self) -> frozenset[str]:
        if not self.pk:
            return frozenset()
        # groups.all() uses a prefetch_related("groups") cache when the list prefetched it.
        return frozenset(group.name for group in self.groups.all())

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_names & set(roles))

    @property
    def role_labels(self) -> list[str]:
        labels = dict(Role.choices)
        return [str(labels.get(name, name)) for name in sorted(self.role_names)]

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    @cached_property
    def enterprise_id(self) -> int | None:
        """The enterprise an enterprise user acts for (enterprises.EnterpriseMember), if any."""
        from django.core.exceptions import ObjectDoesNotExist

        if not self.pk:
            return None
        try:
            return self.enterprise_link.enterprise_id  # type: ignore[attr-defined, no-any-return]
        except (ObjectDoesNotExist, AttributeError):
            return None

    def password_expired(self) -> bool:
        days = settings.PASSWORD_MAX_AGE_DAYS
        if not days or self.is_demo:
            return False
        if self.password_changed_at is None:
            return True
        return timezone.now() - self.password_changed_at > timedelta(days=days)


class PasswordHistory(models.Model):
    """Hashes of a user's previous passwords, for the no-reuse-of-last-5 rule."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(max_length=256)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("历史密码")
        verbose_name_plural = _("历史密码")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.created_at:%Y-%m-%d}"


class LoginEvent(AppendOnly):
    """The login log (登录日志): append-only; no edit or delete path in the application."""

    kind = models.CharField(_("事件"), max_length=20, choices=LoginEventKind.choices)
    username = models.CharField(_("用户名"), max_length=150)
    user = models.ForeignKey(
        User,
        verbose_name=_("用户"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="login_events",
    )
    ip_address = models.GenericIPAddressField(_("IP地址"), null=True, blank=True)
    user_agent = models.CharField(_("浏览器"), max_length=300, blank=True)
    request_id = models.CharField(_("请求编号"), max_length=32, blank=True)
    detail = models.CharField(_("说明"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("登录日志")
        verbose_name_plural = _("登录日志")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["username", "created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.username} {self.get_kind_display()}"


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def live(self) -> ApiTokenQuerySet:
        return self.filter(expires_at__gt=timezone.now(), revoked_at__isnull=True)


class TokenRevokeReason(models.TextChoices):
    USER = "user", _("本人吊销")
    LOGOUT = "logout", _("退出登录")
    PASSWORD = "password", _("修改密码")
    RESET = "reset", _("管理员重置密码")
    DEACTIVATED = "deactivated", _("账号停用")
    IDLE = "idle", _("闲置超时")
    ADMIN = "admin", _("管理员吊销")


class ApiToken(models.Model):
    """An expiring API token; only its SHA-256 is stored. Idle and absolute limits follow the
    user's roles like a session's; password changes, resets, logout and deactivation revoke."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("签发时间"), default=timezone.now)
    expires_at = models.DateTimeField(_("到期时间"))
    created_ip = models.GenericIPAddressField(_("签发地址"), null=True, blank=True)
    user_agent = models.CharField(_("客户端"), max_length=300, blank=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    last_ip = models.GenericIPAddressField(_("最近地址"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)
    revoked_reason = models.CharField(
        _("吊销原因"), max_length=20, choices=TokenRevokeReason.choices, blank=True
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")
        indexes = [models.Index(fields=["user", "revoked_at"])]

    def __str__(self) -> str:
        return f"token of {self.user_id} until {self.expires_at:%Y-%m-%d %H:%M}"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @property
    def short_id(self) -> str:
        """What a user sees of a token: the start of its hash (the key itself is never kept)."""
        return self.key_hash[:8]


class UserSession(models.Model):
    """A signed-in browser session, so a user can see and end their sessions; the session data
    itself stays in Django's session store."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="web_sessions")
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(_("登录时间"), default=timezone.now)
    last_seen = models.DateTimeField(_("最近活动"), default=timezone.now)
    ip_address = models.GenericIPAddressField(_("IP地址"), null=True, blank=True)
    user_agent = models.CharField(_("浏览器"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("登录会话")
        verbose_name_plural = _("登录会话")
        ordering = ["-last_seen"]

    def __str__(self) -> str:
        return f"session of {self.user_id} since {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def browser(self) -> str:
        """A short, readable description of the user agent, e.g. "Chrome 120 · Windows"."""
        return browser_label(self.user_agent)


BROWSERS = (
    ("MicroMessenger/", "微信"),
    ("Edg/", "Edge"),
    ("QQBrowser/", "QQ浏览器"),
    ("Firefox/", "Firefox"),
    ("HeadlessChrome/", "Chrome（无界面）"),
    ("Chrome/", "Chrome"),
    ("Version/", "Safari"),
)
SYSTEMS = (
    ("Windows", "Windows"),
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Mac OS X", "macOS"),
    ("Linux", "Linux"),
)


def browser_label(agent: str) -> str:
    if not agent:
        return "-"
    browser = next(
        (
            f"{name} {agent.split(marker, 1)[1].split('.', 1)[0].split(' ', 1)[0]}"
            for marker, name in BROWSERS
            if marker in agent
        ),
        "",
    )
    system = next((name for marker, name in SYSTEMS if marker in agent), "")
    label = " · ".join(part for part in (browser, system) if part)
    return label or agent[:40]
