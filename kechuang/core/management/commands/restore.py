from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from config.settings.base import database_from_env
from kechuang.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore an encrypted backup into an EMPTY database and file folder (never overwrites)."

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--database-url", help="target database; default: the configured one")
        parser.add_argument(
            "--media-dir",
            help="the target instance's (empty) file folder; required with --database-url",
        )

    def handle(self, *args, archive, database_url=None, media_dir=None, **options):
        db = database_from_env(database_url) if database_url else settings.DATABASES["default"]
        try:
            manifest = restore(
                Path(archive), db=db, media_dir=Path(media_dir) if media_dir else None
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"恢复完成：{manifest['engine']} 备份（{manifest['created_at']}），"
                f"{len(manifest['members'])} 个文件已校验"
            )
        )
