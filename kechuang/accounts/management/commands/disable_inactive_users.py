from django.conf import settings
from django.core.management.base import BaseCommand

from kechuang.accounts.services import disable_inactive_users
from kechuang.core.commands import actor_context, require_database


class Command(BaseCommand):
    help = "Disable accounts with no login for ACCOUNT_INACTIVE_DAYS days (run daily)."

    def add_arguments(self, parser):
        parser.add_argument("--user", help="the account recorded as acting (default: system)")
        parser.add_argument("--days", type=int, default=settings.ACCOUNT_INACTIVE_DAYS)

    def handle(self, *args, days, **options):
        require_database()
        with actor_context(options.get("user")):
            disabled = disable_inactive_users(days=days)
        for user in disabled:
            self.stdout.write(f"已停用：{user.username}（超过 {days} 天未登录）")
        self.stdout.write(f"共停用 {len(disabled)} 个账号。")
