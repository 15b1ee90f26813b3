from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentConfig(AppConfig):
    name = "kechuang.talent"
    label = "talent"
    verbose_name = _("人才与产学研")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from kechuang.core import attachments
        from kechuang.core.access import BUSINESS_WRITE
        from kechuang.core.navigation import NavItem, register

        from . import figures, importers  # noqa: F401 - registers the figures and the sheets
        from .models import (
            Cooperation,
            CooperationEvent,
            CooperationPlan,
            Expert,
            Institution,
            NeedEvent,
            TechNeed,
            Trip,
            Visit,
        )

        for model in (
            Institution,
            Expert,
            Cooperation,
            CooperationEvent,
            CooperationPlan,
            Trip,
            TechNeed,
            NeedEvent,
        ):
            auditlog.register(model)
        auditlog.register(Visit, m2m_fields={"experts"})
        attachments.register(
            Trip,
            kinds=(("record", _("对接记录")), ("agreement", _("协议文本")), ("other", _("其他"))),
            write_roles=BUSINESS_WRITE,
        )
        register(
            NavItem(
                "talent:cooperation_list",
                _("产学研合作"),
                "diagram-3",
                _("企业服务"),
                _("企业与高校院所合作的进展阶梯：接触、意向、初步协议、框架协议、项目合同、落地"),
                order=22,
            )
        )
        register(
            NavItem(
                "talent:need_list",
                _("技术需求"),
                "lightbulb",
                _("企业服务"),
                _("企业的技术需求与专家匹配（按领域和关键词排序，显示匹配的词）"),
                order=25,
            )
        )
        register(
            NavItem(
                "talent:trip_list",
                _("对接活动"),
                "signpost-split",
                _("企业服务"),
                _("赴高校院所的对接活动与每次对接的企业、专家、项目和成果"),
                order=24,
            )
        )
        register(
            NavItem(
                "talent:expert_list",
                _("专家库"),
                "person-badge",
                _("企业服务"),
                _("高校院所及其专家，按姓名、单位、领域检索，与企业技术需求匹配"),
                order=23,
            )
        )
