from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from config.settings.base import database_from_env
from kechuang.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup archive into an EMPTY database (refuses to overwrite data)."

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--database-url", help="target database; default: the configured one")

    def handle(self, *args, archive, database_url=None, **options):
        db = database_from_env(database_url) if database_url else settings.DATABASES["default"]
        try:
            manifest = restore(Path(archive), db=db)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"恢复完成：{manifest['engine']} 备份（{manifest['created_at']}），"
                f"{len(manifest['members'])} 个文件已校验"
            )
        )
