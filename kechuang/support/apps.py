from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "kechuang.support"
    label = "support"
    verbose_name = _("企业服务")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from kechuang.core import reminders
        from kechuang.core.navigation import NavItem, register

        from . import (  # noqa: F401 - registers the figures, the sheets and the report
            figures,
            importers,
            report,
        )
        from . import reminders as due
        from .models import EnterprisePlan, Flag, Liaison, PlanMeasure, SurveyQuestion, Visit

        for model in (SurveyQuestion, Flag, Liaison, EnterprisePlan, PlanMeasure):
            auditlog.register(model)
        auditlog.register(Visit, m2m_fields={"visitors", "needs"})
        reminders.register(due.run, due.LABELS)
        register(
            NavItem(
                "support:visit_list",
                _("走访服务"),
                "chat",
                _("企业服务"),
                _("走访记录与问卷、预警、领导联系企业、一企一策"),
                order=5,
            ),
            NavItem(
                "support:mine",
                _("我联系的企业"),
                "people",
                _("工作台"),
                _("联系企业的走访、需求、差距和预警"),
                order=6,
            ),
        )
