"""HTE certificate life cycle (rules.md §1.7): validity, annual reports, risk, re-application."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from kechuang.core.fields import year_range, year_validators
from kechuang.core.periods import EXPIRY_MONTHS, months_after
from kechuang.enterprises.models import Qualification

VALID_YEARS = 3  # an HTE certificate is valid for three years from its issue date (Art. 15)
REPORT_DUE = (5, 31)  # the annual report is due by 31 May (Measures Art. 13)
MISSED_AT_RISK = 2  # two missed reports within one validity period → revocation (Art. 19(3))


class AnnualReport(models.Model):
    """An HTE's annual report (年报) for a year, marked filed by the bureau."""

    certificate = models.ForeignKey(
        Qualification,
        verbose_name=_("高企证书"),
        on_delete=models.CASCADE,
        related_name="annual_reports",
    )
    year = models.PositiveSmallIntegerField(
        _("报告年度"),
        help_text=_("填报的年份（报告上一年度情况）"),
        validators=year_validators(),
    )
    filed_on = models.DateField(_("填报日期"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("高企年报")
        verbose_name_plural = _("高企年报")
        constraints = [
            models.UniqueConstraint(
                fields=["certificate", "year"], name="annual_report_once_per_year"
            ),
            year_range("annual_report_year_range"),
        ]

    def __str__(self) -> str:
        return f"{self.certificate} {self.year}"


def hte_valid_until(issued_on: date) -> date:
    """The last valid day: the day before the third anniversary of issue. A certificate issued
    on 29 February has its anniversary on 1 March, so it is valid until 28 February."""
    year = issued_on.year + VALID_YEARS
    try:
        anniversary = issued_on.replace(year=year)
    except ValueError:  # 29 February in a common year
        anniversary = date(year, 3, 1)
    return anniversary - timedelta(days=1)


def due_years(issued_on: date, valid_until: date, today: date) -> list[int]:
    """Years whose 31 May deadline has passed within the validity period."""
    years = []
    for year in range(issued_on.year + 1, valid_until.year + 1):
        deadline = date(year, *REPORT_DUE)
        if deadline <= valid_until and deadline < today:
            years.append(year)
    return years


@dataclass(frozen=True)
class CertificateStatus:
    certificate: Qualification
    expires_in_days: int
    missed: tuple[int, ...]
    filed: tuple[int, ...]

    @property
    def expiring_soon(self) -> bool:
        """Within six calendar months of today, as the dashboard's figure counts."""
        valid_until = self.certificate.valid_until
        if valid_until is None or self.expired:
            return False
        today = valid_until - timedelta(days=self.expires_in_days)
        return valid_until <= months_after(today, EXPIRY_MONTHS)

    @property
    def expired(self) -> bool:
        return self.expires_in_days < 0

    @property
    def at_risk(self) -> bool:
        return len(self.missed) >= MISSED_AT_RISK


def status_of(certificates: list[Qualification], today: date) -> list[CertificateStatus]:
    filed: dict[int, set[int]] = {}
    for report in AnnualReport.objects.filter(certificate__in=certificates):
        filed.setdefault(report.certificate_id, set()).add(report.year)
    result = []
    for cert in certificates:
        if cert.issued_on is None or cert.valid_until is None:
            continue
        done = filed.get(cert.pk, set())
        due = due_years(cert.issued_on, cert.valid_until, today)
        result.append(
            CertificateStatus(
                cert,
                (cert.valid_until - today).days,
                tuple(y for y in due if y not in done),
                tuple(sorted(done)),
            )
        )
    return result


@transaction.atomic
def annual_report_mark(
    *, actor: Any, certificate: Qualification, year: int, filed_on: date
) -> AnnualReport:
    report, _created = AnnualReport.objects.get_or_create(
        certificate=certificate,
        year=year,
        defaults={
            "filed_on": filed_on,
            "created_by": actor if getattr(actor, "pk", None) else None,
        },
    )
    return report


def expiring_window(today: date) -> tuple[date, date]:
    """Certificates to list for re-application: expiring this year or next."""
    return date(today.year, 1, 1), date(today.year + 1, 12, 31) + timedelta(days=0)
