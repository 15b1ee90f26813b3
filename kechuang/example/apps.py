from django.apps import AppConfig


class ExampleConfig(AppConfig):
    name = "kechuang.example"
    label = "example"
    verbose_name = "示例工作线（科技奖励推荐）"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import figures  # noqa: F401 - registers the figures
        from .models import Nomination, NominationEvent

        auditlog.register(Nomination, include_fields=["enterprise", "title", "award", "status"])
        auditlog.register(NominationEvent)
