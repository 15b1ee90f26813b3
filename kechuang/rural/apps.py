from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RuralConfig(AppConfig):
    name = "kechuang.rural"
    label = "rural"
    verbose_name = _("科技特派员与乡村振兴")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from kechuang.core import attachments
        from kechuang.core.access import BUSINESS_WRITE
        from kechuang.core.navigation import NavItem, register
        from kechuang.targets.models import Metric
        from kechuang.targets.selectors import register_progress

        from . import (  # noqa: F401 - registers the sheets and the report
            figures,
            importers,
            report,
        )
        from .models import (
            Achievement,
            Appraisal,
            Assignment,
            Commissioner,
            Donation,
            KeyVillage,
            PointsRule,
            RosterChange,
            RosterNotice,
            ServiceRecord,
            ServiceTeam,
            Training,
        )
        from .selectors import coverage_progress

        for model in (
            Commissioner,
            RosterNotice,
            RosterChange,
            KeyVillage,
            Assignment,
            ServiceRecord,
            Training,
            Achievement,
            Donation,
            Appraisal,
            PointsRule,
        ):
            auditlog.register(model)
        loggers = BUSINESS_WRITE | {"commissioner"}
        for model in (ServiceRecord, Training):
            attachments.register(
                model, kinds=(("photo", _("现场照片")),), write_roles=loggers, images=("photo",)
            )
        attachments.register(
            Donation,
            kinds=(("photo", _("现场照片")),),
            write_roles=BUSINESS_WRITE,
            images=("photo",),
        )
        attachments.register(
            Appraisal,
            kinds=(("report", _("鉴定证书或意见")), ("photo", _("现场照片"))),
            write_roles=BUSINESS_WRITE,
            images=("photo",),
        )
        auditlog.register(ServiceTeam, m2m_fields={"members"})
        register_progress(Metric.KEY_VILLAGES_COVERED, coverage_progress)
        attachments.register(
            RosterNotice, kinds=(("notice", _("通知文件")),), write_roles=BUSINESS_WRITE
        )
        register(
            NavItem(
                "rural:commissioner_list",
                _("科技特派员"),
                "people",
                _("企业服务"),
                _("特派员名单、服务记录、培训、捐赠、成果鉴定、积分和重点村覆盖"),
                order=30,
            ),
            NavItem(
                "rural:portal",
                _("我的特派员服务"),
                "phone",
                _("工作台"),
                _("记录服务和培训，查看对接区域和积分"),
                order=5,
            ),
        )
