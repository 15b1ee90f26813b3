from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlatformsConfig(AppConfig):
    name = "kechuang.platforms"
    label = "platforms"
    verbose_name = _("创新平台")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from kechuang.core.navigation import NavItem, register

        from . import figures, importers  # noqa: F401 - register the figures and the sheet
        from .models import Platform, PlatformEvaluation, PlatformEvent, PlatformKind

        auditlog.register(PlatformKind)
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
