from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from kechuang.accounts.models import Region, User
from kechuang.demo.generator import SCALES, DemoGenerator, demo_accounts_text


class Command(BaseCommand):
    help = "Build the deterministic fictional demo data (county, city or province scale)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="county")
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing when the database already holds data",
        )

    def handle(self, *args, scale, seed, if_empty, **options):
        if if_empty and (Region.objects.exists() or User.objects.exists()):
            self.stdout.write("数据库已有数据，跳过演示数据生成。")
            self.stdout.write(demo_accounts_text())
            return
        generator = DemoGenerator(seed=seed, scale=scale, log=self.stdout.write)
        try:
            with transaction.atomic():
                generator.run()
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS("演示数据已生成。"))
        self.stdout.write(demo_accounts_text())
