from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnterprisesConfig(AppConfig):
    name = "kechuang.enterprises"
    label = "enterprises"
    verbose_name = _("企业库")

    def ready(self) -> None:
        from auditlog.registry import auditlog

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
            exclude_fields=["name_initials", "name_pinyin", "created_at", "updated_at"],
            mask_fields=["contact_phone", "contact_email"],
        )
        auditlog.register(AnnualFigures, exclude_fields=["updated_at"])
        auditlog.register(IntellectualProperty)
        auditlog.register(Qualification)
        auditlog.register(EnterpriseMember)
