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

        from . import figures  # noqa: F401 - registers the figures
        from .models import (
            Assignment,
            Commissioner,
            KeyVillage,
            RosterChange,
            RosterNotice,
            ServiceTeam,
        )

        for model in (Commissioner, RosterNotice, RosterChange, KeyVillage, Assignment):
            auditlog.register(model)
        auditlog.register(ServiceTeam, m2m_fields={"members"})
        attachments.register(
            RosterNotice, kinds=(("notice", _("通知文件")),), write_roles=BUSINESS_WRITE
        )
        register(
            NavItem(
                "rural:commissioner_list",
                _("科技特派员"),
                "people",
                _("企业服务"),
                _("特派员名单、名单调整通知、服务对接和重点村覆盖"),
                order=30,
            )
        )
