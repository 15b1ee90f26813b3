"""Verify the audit hash chains (core.audit_chain); exit 1 at the first broken link."""

from django.core.management.base import BaseCommand

from kechuang.core import audit_chain
from kechuang.core.commands import require_database

LABELS = {"change": "操作日志", "login": "登录日志"}


class Command(BaseCommand):
    help = "Verify the change log's and login log's hash chains; report the first broken link."

    def add_arguments(self, parser):
        parser.add_argument(
            "--seal", action="store_true", help="seal rows written since the last seal first"
        )

    def handle(self, *args, seal=False, **options):
        require_database()
        if seal:
            for name, count in audit_chain.seal_all().items():
                self.stdout.write(f"{LABELS.get(name, name)}：新封存 {count} 条")
        broken = False
        for report in audit_chain.verify_all():
            label = LABELS.get(report.name, report.name)
            if report.ok:
                self.stdout.write(
                    self.style.SUCCESS(
                        f"{label}：{report.checked} 条已封存记录完整"
                        + (f"，另有 {report.unsealed} 条尚未封存" if report.unsealed else "")
                    )
                )
            else:
                broken = True
                self.stdout.write(
                    self.style.ERROR(
                        f"{label}：第一处断链在记录 #{report.broken_at}（{report.problem}），"
                        f"此前 {report.checked} 条完整"
                    )
                )
        if broken:
            raise SystemExit(1)
