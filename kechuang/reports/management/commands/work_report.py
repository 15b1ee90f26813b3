"""python manage.py work_report --region <code> --from YYYY-MM-DD --to YYYY-MM-DD --out FILE.docx"""

from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from kechuang.accounts.models import Region
from kechuang.core.commands import actor_context, require_database
from kechuang.core.periods import Period, PeriodError


class Command(BaseCommand):
    help = "Generate the work report of a region for a period (stored, with its figures snapshot)."

    def add_arguments(self, parser):
        parser.add_argument("--region", required=True, help="division code, e.g. 990101")
        parser.add_argument("--from", dest="start", help="YYYY-MM-DD")
        parser.add_argument("--to", dest="end", help="YYYY-MM-DD")
        parser.add_argument("--period", help="2025, 2025H1, 2025Q3 (instead of --from/--to)")
        parser.add_argument("--out", required=True, help="where to write the .docx")
        parser.add_argument("--xlsx", help="also write the companion .xlsx here")
        parser.add_argument("--user", help="act as this user (default: the system)")

    def handle(self, *args, region, start, end, period, out, xlsx, user, **options):
        require_database()
        from kechuang.reports import services

        found = Region.objects.filter(code=region).first()
        if found is None:
            raise CommandError(f"没有区划代码为 {region} 的地区。")
        try:
            chosen = (
                Period.parse(period)
                if period
                else Period.between(date.fromisoformat(start), date.fromisoformat(end))
            )
        except (PeriodError, TypeError, ValueError) as exc:
            raise CommandError(f"期间无效：{exc}。请用 --from/--to 或 --period。") from exc
        with actor_context(user) as actor:
            try:
                report = services.generate(actor=actor, region=found, period=chosen)
            except ValidationError as exc:
                raise CommandError("；".join(exc.messages)) from exc
        Path(out).write_bytes(report.docx.read())
        if xlsx:
            Path(xlsx).write_bytes(report.xlsx.read())
        self.stdout.write(f"{report.title}：{out}（{len(report.snapshot['figures'])} 个数字）")
