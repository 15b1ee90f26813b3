from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TargetsConfig(AppConfig):
    name = "kechuang.targets"
    label = "targets"
    verbose_name = _("年度目标")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from kechuang.core.navigation import NavItem, register_widget
        from kechuang.core.navigation import register as register_nav

        from . import figures  # noqa: F401 - registers the app's figures
        from .models import Target
        from .selectors import home_widget

        auditlog.register(Target)
        register_widget(home_widget)
        register_nav(
            NavItem(
                "targets:target_list",
                _("年度目标"),
                "bullseye",
                _("企业服务"),
                _("设定年度目标，查看进度与预计"),
                order=18,
            )
        )
