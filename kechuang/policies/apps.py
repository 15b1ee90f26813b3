from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoliciesConfig(AppConfig):
    name = "kechuang.policies"
    label = "policies"
    verbose_name = _("科技政策")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from kechuang.core.navigation import NavItem, register

        from . import (  # noqa: F401 - registers the figures, the sheets and the report
            figures,
            importers,
            report,
        )
        from .models import Dissemination, Policy, Push

        for model in (Policy, Push, Dissemination):
            auditlog.register(model)
        register(
            NavItem(
                "policies:policy_list",
                _("科技政策"),
                "journal-text",
                _("企业服务"),
                _("政策库、符合条件的企业与受益估算、推送台账、宣传记录"),
                order=8,
            ),
            NavItem(
                "policies:portal",
                _("可享受的政策"),
                "journal-check",
                _("工作台"),
                _("本企业可能符合条件的政策及差距"),
                order=7,
            ),
        )
