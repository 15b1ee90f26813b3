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

        from kechuang.core.navigation import NavItem
        from kechuang.core.navigation import register as register_nav

        register_nav(
            NavItem(
                "dataio:batch_list",
                _("导入记录"),
                "cloud-upload",
                _("企业服务"),
                _("每次Excel导入的文件、时间、结果与错误明细"),
                order=30,
            )
        )
