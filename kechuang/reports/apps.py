from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "kechuang.reports"
    label = "reports"
    verbose_name = _("数据看板与工作总结")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from kechuang.core import reporting
        from kechuang.core.navigation import NavItem, register_widget
        from kechuang.core.navigation import register as register_nav

        from .models import ReportSetting, ReportTemplate, WorkReport
        from .widgets import home_widget

        reporting.autodiscover()  # each app's report.py registers its sections, cards, panels
        from kechuang.core.worker import IdleHook, register_idle

        from . import snapshots

        # the province's and cities' figures, recomputed by the worker after data changes
        register_idle(
            IdleHook("figure snapshots", snapshots.refresh_seconds, snapshots.worker_step)
        )
        auditlog.register(ReportSetting)
        auditlog.register(ReportTemplate)
        auditlog.register(WorkReport, exclude_fields=["snapshot"])
        register_widget(home_widget)
        register_nav(
            NavItem(
                "reports:dashboard",
                _("数据看板"),
                "speedometer2",
                _("工作台"),
                _("年度目标、培育漏斗、各乡镇高企和科小、研发投入与问题诊断，数字可点开看企业"),
                order=110,
            ),
            NavItem(
                "reports:report_list",
                _("工作总结"),
                "file-earmark-word",
                _("工作台"),
                _("按期间自动生成工作总结（Word），每个数字可追溯"),
                order=111,
            ),
        )
