from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RdstatsConfig(AppConfig):
    name = "kechuang.rdstats"
    label = "rdstats"
    verbose_name = _("研发投入统计")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from kechuang.core.navigation import NavItem, register_todo, register_widget
        from kechuang.core.navigation import register as register_nav
        from kechuang.enterprises.actions import EnterpriseAction
        from kechuang.enterprises.actions import register as register_action

        from . import (
            figures,  # noqa: F401 - registers the app's figures
            importers,  # noqa: F401 - registers the sheet with dataio
            signals,  # noqa: F401
        )
        from .models import SurveyCampaign, SurveyEvent, SurveyForm, SurveyProject
        from .selectors import home_widget, todos

        auditlog.register(SurveyCampaign)
        auditlog.register(SurveyForm, exclude_fields=["version", "updated_at"])
        auditlog.register(SurveyProject)
        auditlog.register(SurveyEvent)

        from kechuang.core import reminders as daily

        from . import reminders

        daily.register(reminders.run, reminders.LABELS)
        register_action(
            EnterpriseAction("rdstats:enterprise_forms", _("研发统计"), "clipboard-data")
        )
        register_widget(home_widget)
        register_todo(todos)
        register_nav(
            NavItem(
                "rdstats:campaign_list",
                _("研发统计"),
                "clipboard-data",
                _("企业服务"),
                _("年度企业研发投入统计：发起填报、审核、催报和全县研发数据"),
                order=19,
            ),
            NavItem(
                "rdstats:my_forms",
                _("研发统计填报"),
                "pencil-square",
                _("企业服务"),
                _("填报本企业年度研发投入统计表"),
                order=26,
            ),
        )
