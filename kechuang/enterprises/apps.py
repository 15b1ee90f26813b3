from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnterprisesConfig(AppConfig):
    name = "kechuang.enterprises"
    label = "enterprises"
    verbose_name = _("企业库")

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django.db.models.signals import post_migrate

        from kechuang.core.navigation import NavItem
        from kechuang.core.navigation import register as register_nav

        from . import figures  # noqa: F401 - registers the app's figures

        post_migrate.connect(grant_staff_permissions, sender=self)
        register_nav(
            NavItem(
                "enterprises:enterprise_list",
                _("企业库"),
                "buildings",
                _("企业服务"),
                _("企业名录、年度数据、知识产权、资质；Excel导入导出"),
                order=10,
            ),
            NavItem(
                "enterprises:my_enterprise",
                _("本企业信息"),
                "building",
                _("企业服务"),
                _("维护本企业的基本信息、年度数据和知识产权"),
                order=20,
            ),
        )

        from . import importers  # noqa: F401 - registers the sheets with dataio
        from .models import (
            AnnualFigures,
            Enterprise,
            EnterpriseMember,
            IntellectualProperty,
            Qualification,
        )

        auditlog.register(
            Enterprise,
            exclude_fields=[
                "name_initials",
                "name_pinyin",
                "name_sort",
                "created_at",
                "updated_at",
            ],
            mask_fields=["contact_phone", "contact_email"],
        )
        auditlog.register(AnnualFigures, exclude_fields=["updated_at"])
        auditlog.register(IntellectualProperty)
        auditlog.register(Qualification)
        auditlog.register(EnterpriseMember)

        from kechuang.core import attachments
        from kechuang.core.access import OWN_WRITE

        attachments.register(
            Enterprise,
            kinds=(
                ("licence", _("营业执照")),
                ("certificate", _("证书扫描件")),
                ("other", _("其他")),
            ),
            write_roles=OWN_WRITE,
        )


def grant_staff_permissions(sender, **kwargs):  # type: ignore[no-untyped-def]
    """Staff may reveal full enterprise contacts (each reveal audited); nobody else by default."""
    from django.contrib.auth.models import Group, Permission

    permission = Permission.objects.filter(
        codename="view_contact", content_type__app_label="enterprises"
    ).first()
    if permission is not None:
        group, _created = Group.objects.get_or_create(name="staff")
        group.permissions.add(permission)
