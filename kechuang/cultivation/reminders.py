"""The daily reminder job: each reminder once per recipient (notification + e-mail)."""

from __future__ import annotations

from datetime import date
from typing import Any

from kechuang.accounts.models import User
from kechuang.core.services import notify
from kechuang.enterprises.models import Qualification

from .certificates import AnnualReport

EXPIRY_WINDOW_DAYS = 183  # six months
ANNUAL_REPORT_CHECK = (5, 1)  # remind on 1 May of reports not yet marked (due 31 May)


def _staff_for(region_code: str) -> list[User]:
    """Staff whose region contains the enterprise's (its county, city or province staff)."""
    staff = User.objects.filter(is_active=True, groups__name="staff").select_related("region")
    return [u for u in staff if u.region is not None and region_code.startswith(u.region.code)]


def run(today: date) -> dict[str, int]:
    counts = {"expiring": 0, "annual_report": 0}
    certificates = list(
        Qualification.objects.filter(kind="hte", valid_until__gte=today).select_related(
            "enterprise", "enterprise__region"
        )
    )
    filed = set(
        AnnualReport.objects.filter(year=today.year).values_list("certificate_id", flat=True)
    )
    for cert in certificates:
        if cert.valid_until is None:
            continue
        region = cert.enterprise.region.code
        url = "/cultivation/certificates/?view=expiring"
        days = (cert.valid_until - today).days
        if days <= EXPIRY_WINDOW_DAYS:
            counts["expiring"] += notify(
                users=_staff_for(region),
                key=f"hte-expiring:{cert.pk}",
                title=f"{cert.enterprise.name}的高企证书将于{cert.valid_until:%Y-%m-%d}到期",
                body=f"证书{cert.number}还有{days}天到期，请组织重新认定。",
                url=url,
            )
        check = date(today.year, *ANNUAL_REPORT_CHECK)
        if (
            today >= check
            and cert.issued_on is not None
            and cert.issued_on.year < today.year
            and cert.pk not in filed
            and today <= date(today.year, 5, 31)
        ):
            counts["annual_report"] += notify(
                users=_staff_for(region),
                key=f"hte-annual-report:{cert.pk}:{today.year}",
                title=f"{cert.enterprise.name}尚未标记{today.year}年高企年报",
                body="高企年报须在5月31日前填报；有效期内累计2年未报将被取消资格。",
                url="/cultivation/certificates/?view=at_risk",
            )
    return counts


def summary(counts: dict[str, Any]) -> str:
    return f"到期提醒 {counts['expiring']} 条，年报提醒 {counts['annual_report']} 条"
