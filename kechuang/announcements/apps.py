from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnnouncementsConfig(AppConfig):
    name = "kechuang.announcements"
    label = "announcements"
    verbose_name = _("通知公告")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from kechuang.core import attachments
        from kechuang.core.access import BUSINESS_WRITE
        from kechuang.core.navigation import NavItem, register_todo, register_widget
        from kechuang.core.navigation import register as register_nav

        from .models import Announcement
        from .selectors import home_widget, todos

        auditlog.register(Announcement)
        attachments.register(
            Announcement, kinds=(("document", _("附件")),), write_roles=BUSINESS_WRITE
        )
        register_widget(home_widget)
        register_todo(todos)
        register_nav(
            NavItem(
                "announcements:announcement_list",
                _("通知公告"),
                "megaphone",
                _("企业服务"),
                _("向全部企业、某个乡镇或指定企业发布通知，查看阅读情况"),
                order=5,
            )
        )
