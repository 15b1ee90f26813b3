"""Deployment posture check (SEC-12): exits non-zero when the installation is unsafe."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kechuang.accounts.models import User
from kechuang.core.commands import require_database


class Command(BaseCommand):
    help = "Check the deployment's security posture; exit 1 with the findings when unsafe."

    def handle(self, *args, **options):
        require_database()
        findings = []
        superusers = User.objects.filter(is_superuser=True, is_active=True, is_break_glass=False)
        for user in superusers:
            findings.append(f"启用中的超级用户（非应急账号）：{user.username}")
        if User.objects.filter(is_demo=True, is_active=True).exists() and not settings.DEMO_MODE:
            findings.append("非演示模式下存在启用的演示账号")
        if settings.AUDIT_RETENTION_DAYS < 180:
            findings.append(f"审计日志保存期 {settings.AUDIT_RETENTION_DAYS} 天，低于法定 180 天")
        if settings.DEBUG:
            findings.append("DEBUG 已开启")
        if findings:
            raise CommandError("安全基线检查未通过：\n" + "\n".join(f"- {f}" for f in findings))
        self.stdout.write(self.style.SUCCESS("安全基线检查通过。"))
