from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "kechuang.accounts"
    label = "accounts"
    verbose_name = _("账户与区划")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import signals  # noqa: F401
        from .models import Region, User

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

        from .choices import Role

        register_value_labels("accounts.user", "groups", {r.value: str(r.label) for r in Role})
