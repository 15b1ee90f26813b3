from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "kechuang.core"
    label = "core"
    verbose_name = _("基础")

    def ready(self) -> None:
        from . import checks, signals  # noqa: F401
        from .api.fields import make_char_fields_strict

        make_char_fields_strict()

        from auditlog.registry import auditlog

        from .models import Attachment, Batch

        auditlog.register(Batch)
        auditlog.register(Attachment, exclude_fields=["file"])
