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

        from django.core.signals import request_finished, request_started

        from .scoping import request_memo_end, request_memo_start

        request_started.connect(request_memo_start, dispatch_uid="kechuang-memo-start")
        request_finished.connect(request_memo_end, dispatch_uid="kechuang-memo-end")

        from auditlog.registry import auditlog

        from .models import Attachment, Batch

        auditlog.register(Batch)
        auditlog.register(Attachment, exclude_fields=["file"])
