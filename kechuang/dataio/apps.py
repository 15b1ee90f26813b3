from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DataioConfig(AppConfig):
    name = "kechuang.dataio"
    label = "dataio"
    verbose_name = _("数据导入导出")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import ImportBatch

        auditlog.register(ImportBatch, include_fields=["status", "file_name", "sha256"])
