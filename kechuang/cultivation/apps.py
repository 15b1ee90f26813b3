from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CultivationConfig(AppConfig):
    name = "kechuang.cultivation"
    label = "cultivation"
    verbose_name = _("创新型企业培育")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from kechuang.core import reminders as daily
        from kechuang.core.navigation import NavItem, register_todo
        from kechuang.core.navigation import register as register_nav
        from kechuang.cultivation import (
            figures,  # noqa: F401 - registers the app's figures
            importers,  # noqa: F401 - registers the sheets with dataio
            reminders,
            signals,  # noqa: F401
        )
        from kechuang.cultivation.hte.models import Activity, AnnualReport, PipelineEvent
        from kechuang.cultivation.hte.selectors import annual_report_todos
        from kechuang.cultivation.models import ExpertGrade
        from kechuang.cultivation.techsme.models import SmeEvent, SmeRegistration
        from kechuang.enterprises.actions import EnterpriseAction
        from kechuang.enterprises.actions import register as register_action

        daily.register(reminders.run, reminders.LABELS)
        for model in (
            SmeRegistration,
            SmeEvent,
            ExpertGrade,
            AnnualReport,
            Activity,
            PipelineEvent,
        ):
            auditlog.register(model)

        register_action(
            EnterpriseAction("cultivation:gap_report", _("资格评价与差距"), "clipboard-data")
        )

        register_todo(annual_report_todos)
        register_nav(
            NavItem(
                "cultivation:board",
                _("认定进度"),
                "kanban",
                _("企业服务"),
                _("高企认定各环节（培训、指导、核实、申报、公示、认定）的企业"),
                order=16,
            ),
            NavItem(
                "cultivation:certificate_list",
                _("高企证书"),
                "award",
                _("企业服务"),
                _("证书有效期、年报填报、到期重新认定"),
                order=17,
            ),
            NavItem(
                "cultivation:tech_sme_list",
                _("科小入库"),
                "patch-check",
                _("企业服务"),
                _("科技型中小企业评价批次、入库状态和3月底年度更新"),
                order=18,
            ),
            NavItem(
                "cultivation:pool",
                _("培育库"),
                "bar-chart-steps",
                _("企业服务"),
                _("按距高新技术企业认定的差距排序的培育名单"),
                order=15,
            ),
            NavItem(
                "cultivation:self_check",
                _("资格自测"),
                "clipboard-check",
                _("企业服务"),
                _("本企业高企、科小评价条件自测与差距"),
                order=25,
            ),
        )
