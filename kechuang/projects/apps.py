from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "kechuang.projects"
    label = "projects"
    verbose_name = _("项目与人才计划")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from kechuang.core import attachments
        from kechuang.core.access import BUSINESS_WRITE, OWN_WRITE
        from kechuang.core.navigation import NavItem, register, register_todo
        from kechuang.targets.models import Metric
        from kechuang.targets.selectors import register_progress

        from . import figures, importers, report  # noqa: F401 - registers figures, sheets, report
        from .models import (
            BureauDocument,
            Call,
            CompetitionEntry,
            IntroducedTalent,
            Proposal,
            ProposalEvent,
            TalentApplication,
        )
        from .selectors import talent_progress, todos

        for model in (
            Call,
            Proposal,
            ProposalEvent,
            TalentApplication,
            CompetitionEntry,
            IntroducedTalent,
            BureauDocument,
        ):
            auditlog.register(model)
        attachments.register(
            Call,
            kinds=(("notice", _("征集通知")), ("guide", _("申报指南")), ("other", _("其他"))),
            write_roles=BUSINESS_WRITE,
        )
        attachments.register(
            Proposal,
            kinds=(("application", _("申报书")), ("coaching", _("辅导意见")), ("other", _("其他"))),
            write_roles=OWN_WRITE,
        )
        attachments.register(
            BureauDocument,
            kinds=(("draft", _("文件稿")), ("issued", _("印发文件"))),
            write_roles=BUSINESS_WRITE,
        )
        register_todo(todos)
        register_progress(Metric.TALENT_INTRODUCED, talent_progress)
        for url, label, icon, help_text, order in (
            (
                "projects:proposal_list",
                _("项目储备"),
                "folder-check",
                _(
                    "企业研发项目、现代农业类重点研发计划项目、创新平台的征集、储备、辅导、申报和立项"
                ),
                26,
            ),
            (
                "projects:call_list",
                _("项目征集"),
                "megaphone",
                _("省市科技计划项目征集：申报条件、截止日期和储备的项目"),
                27,
            ),
            (
                "projects:application_list",
                _("人才计划与大赛"),
                "trophy",
                _("人才计划申报、创新创业大赛参赛、引进高层次人才、起草的政策文件"),
                28,
            ),
        ):
            register(NavItem(url, label, icon, _("企业服务"), help_text, order=order))
