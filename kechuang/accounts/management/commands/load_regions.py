from django.core.management.base import BaseCommand, CommandError

from kechuang.accounts.regions_data import county_rows
from kechuang.accounts.services import regions_upsert
from kechuang.core.commands import actor_context


class Command(BaseCommand):
    help = "Load official division codes (NBS 2023): a county with its province, city and towns."

    def add_arguments(self, parser):
        parser.add_argument(
            "--county",
            action="append",
            required=True,
            help="6-digit county code, e.g. 370830; may be repeated",
        )
        parser.add_argument("--user", help="username recorded as the actor in the change log")

    def handle(self, *args, county, user=None, **options):
        with actor_context(user):
            for code in county:
                if len(code) != 6 or not code.isdigit():
                    raise CommandError(f"县级区划代码应为6位数字：{code!r}")
                try:
                    rows = county_rows(code)
                except KeyError as exc:
                    raise CommandError(f"未找到县级区划代码 {code}") from exc
                created, updated = regions_upsert(rows=rows)
                self.stdout.write(
                    f"{rows[2][1]}（{code}）：{len(rows) - 3} 个乡镇（街道），"
                    f"新增 {created} 条，更新 {updated} 条"
                )
