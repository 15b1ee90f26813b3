from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlatformsConfig(AppConfig):
    name = "kechuang.platforms"
    label = "platforms"
    verbose_name = _("创新平台")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from kechuang.core.navigation import NavItem, register
        from kechuang.enterprises.facts import register_facts

        from . import figures, importers, signals  # noqa: F401 - figures, sheet, re-assessing
        from .facts import platform_facts

        register_facts(platform_facts)
        from kechuang.core import attachments
        from kechuang.core.access import OWN_WRITE

        from .models import (
            Criterion,
            Platform,
            PlatformEvaluation,
            PlatformEvent,
            PlatformKind,
            PlatformYear,
        )

        auditlog.register(PlatformKind)
        auditlog.register(Criterion)
        auditlog.register(PlatformYear)
        attachments.register(
            PlatformYear,
            kinds=(("evidence", _("佐证材料")), ("other", _("其他"))),
            write_roles=OWN_WRITE,
        )
        auditlog.register(Platform)
        auditlog.register(PlatformEvent)
        auditlog.register(PlatformEvaluation)
        register(
            NavItem(
                "platforms:platform_list",
                _("创新平台"),
                "rocket-takeoff",
                _("企业服务"),
                _("众创空间、孵化器、重点实验室等平台的级别、申报进展和年度考核"),
                order=21,
            )
        )
