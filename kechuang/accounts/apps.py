from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "kechuang.accounts"
    label = "accounts"
    verbose_name = _("账户与区划")

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django.db.models.signals import post_delete, post_save

        from kechuang.core import audit_chain
        from kechuang.core.scoping import request_memo_clear

        from . import signals  # noqa: F401
        from .models import LoginEvent, Region, User

        # a region saved within a request: the request's remembered region id lists go
        post_save.connect(request_memo_clear, sender=Region, dispatch_uid="region-memo-save")
        post_delete.connect(request_memo_clear, sender=Region, dispatch_uid="region-memo-del")

        # The login log is sealed into its own chain (core.audit_chain), as it is written.
        audit_chain.register(
            "login",
            "accounts.LoginEvent",
            (
                "id",
                "kind",
                "username",
                "user_id",
                "ip_address",
                "user_agent",
                "request_id",
                "detail",
                "created_at",
            ),
        )

        def seal_login_log(sender: Any, created: bool, **kwargs: Any) -> None:
            if created:
                audit_chain.request_seal()

        post_save.connect(
            seal_login_log,
            sender=LoginEvent,
            weak=False,
            dispatch_uid="kechuang-seal-login-log",
        )

        auditlog.register(  # phone masked as 138****5678 by AUDITLOG_MASK_CALLABLE
            User,
            include_fields=[
                "username",
                "full_name",
                "email",
                "phone",
                "region",
                "is_active",
                "must_change_password",
                "is_break_glass",
                "is_superuser",
                "is_staff",
            ],
            mask_fields=["phone"],
            m2m_fields={"groups"},
        )
        auditlog.register(Region, include_fields=["code", "name", "level", "parent"])

        from kechuang.core.history import register_value_labels
        from kechuang.core.navigation import NavItem
        from kechuang.core.navigation import register as register_nav

        register_nav(
            NavItem(
                "accounts:user_list",
                _("用户管理"),
                "people",
                _("系统管理"),
                _("新建、停用用户，重置密码，分配角色与区划"),
            ),
            NavItem(
                "accounts:region_list",
                _("行政区划"),
                "diagram-3",
                _("基础数据"),
                _("省、市、县、乡镇（街道）、村区划树"),
            ),
            NavItem(
                "accounts:login_log",
                _("登录日志"),
                "door-open",
                _("安全审计"),
                _("登录成功、失败、锁定、退出记录"),
            ),
            NavItem(
                "accounts:change_log",
                _("操作日志"),
                "journal-text",
                _("安全审计"),
                _("谁在何时修改了什么（修改前后对比）"),
            ),
        )

        from .choices import Role

        register_value_labels("accounts.user", "groups", {r.value: str(r.label) for r in Role})
