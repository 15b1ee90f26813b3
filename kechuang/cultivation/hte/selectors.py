"""Read-only questions of the HTE line: current steps, lateness, certificate status."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from kechuang.core.figures import enterprises_in
from kechuang.core.models import Batch
from kechuang.core.periods import EXPIRY_MONTHS, months_after
from kechuang.cultivation.hte.models import (
    MISSED_AT_RISK,
    ORDER,
    REPORT_DUE,
    TERMINAL,
    AnnualReport,
    PipelineEvent,
    Stage,
    rank,
)
from kechuang.enterprises.models import Qualification


def overdue_reason(event: PipelineEvent, batches: list[Batch], today: Any) -> Any:
    """Why the enterprise's current step is late against the year's batch calendar, or None."""
    if event.stage in TERMINAL or not batches:
        return None
    if rank(event.stage) < rank(Stage.APPLIED):
        if all(b.closes_on < today for b in batches):
            return _("本年度各批次申报均已截止，仍未申报")
        return None
    if event.stage == Stage.APPLIED:
        batch = next((b for b in batches if b.number == event.batch), None)
        if batch is not None and batch.publicise_by is not None and batch.publicise_by < today:
            return _("第%(n)s批应于%(d)s公示，尚无公示记录") % {
                "n": batch.number,
                "d": f"{batch.publicise_by:%Y-%m-%d}",
            }
    if event.stage == Stage.PUBLICISED:
        latest = max((b.publicise_by for b in batches if b.publicise_by), default=None)
        if latest is not None and (today - latest).days > 60:
            return _("公示已超过60天，尚无认定结论")
    return None


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


def expiring_window(today: date) -> tuple[date, date]:
    """Certificates to list for re-application: expiring this year or next."""
    return date(today.year, 1, 1), date(today.year + 1, 12, 31) + timedelta(days=0)


def _stage_order() -> Any:
    """Each stage's place in the pipeline, in SQL (not recognised comes after recognised)."""
    from kechuang.cultivation.hte.models import Stage

    return Case(
        *[When(stage=stage.value, then=Value(i)) for i, stage in enumerate(ORDER)],
        When(stage=Stage.NOT_RECOGNISED, then=Value(len(ORDER))),
        output_field=IntegerField(),
    )


def current_stages(events: QuerySet[Any]) -> dict[int, str]:
    """The one definition of an enterprise's current step: its furthest stage among ``events``
    (one year's, already scoped), corrections excluded — computed in the database."""
    from django.db.models import Max

    from kechuang.cultivation.hte.models import Stage

    stages = [*ORDER, Stage.NOT_RECOGNISED]
    rows = (
        events.filter(superseded_by__isnull=True)
        .values("enterprise_id")
        .annotate(top=Max(_stage_order()))
        .values_list("enterprise_id", "top")
    )
    return {enterprise_id: stages[top].value for enterprise_id, top in rows}


def current_events(events: QuerySet[Any]) -> dict[int, Any]:
    """Each enterprise's current step as its event (the latest event of its current stage),
    for pages that show the date and details."""
    stages = current_stages(events)
    latest: dict[int, Any] = {}
    rows = events.filter(superseded_by__isnull=True, stage__in=set(stages.values())).order_by(
        "occurred_on", "pk"
    )
    for event in rows:
        if stages.get(event.enterprise_id) == event.stage:
            latest[event.enterprise_id] = event  # ordered: the last one kept is the latest
    return latest


def current_stage_counts(user: Any, region: Any, year: int) -> dict[str, int]:
    """Enterprises at each recognition stage now, in the region (the dashboard's funnel)."""
    from kechuang.cultivation.hte.models import PipelineEvent

    events = PipelineEvent.objects.filter(
        enterprise__in=enterprises_in(user, region).values("pk"), year=year
    )
    counts: dict[str, int] = defaultdict(int)
    for stage in current_stages(events).values():
        counts[stage] += 1
    return counts


def stage_counts(*, user: Any, year: int) -> dict[str, int]:
    """How many enterprises are at each stage now (the board's column counts)."""
    from kechuang.cultivation.hte.selectors import current_stages

    counts = Counter(
        current_stages(PipelineEvent.objects.visible_to(user).filter(year=year)).values()
    )
    return {stage.value: counts.get(stage.value, 0) for stage in Stage}


def annual_report_todos(user: Any) -> list[Any]:
    """An enterprise's HTE annual report due this year (31 May) and not yet recorded, and any
    missed ones (home to-do): two missed within validity cost the qualification."""
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from kechuang.core.navigation import Todo
    from kechuang.enterprises.models import Qualification

    if "enterprise" not in getattr(user, "role_names", frozenset()):
        return []
    today = timezone.localdate()
    found = []
    certificates = Qualification.objects.visible_to(user).filter(
        kind="hte", valid_until__gte=today, issued_on__isnull=False
    )
    for status in status_of(list(certificates), today):
        cert = status.certificate
        url = cert.enterprise.get_absolute_url() + "#qualifications"
        for year in status.missed:
            found.append(
                Todo(
                    text=_("补报%(y)s年度高新技术企业年报（证书%(n)s）")
                    % {"y": year - 1, "n": cert.number},
                    url=url,
                    due=date(year, *REPORT_DUE),
                    overdue=True,
                )
            )
        deadline = date(today.year, *REPORT_DUE)
        issued, until = cert.issued_on, cert.valid_until
        upcoming = bool(issued and until and issued.year < today.year and deadline <= until)
        if upcoming and today <= deadline and today.year not in status.filed:
            found.append(
                Todo(
                    text=_("填报%(y)s年度高新技术企业年报（证书%(n)s）")
                    % {"y": today.year - 1, "n": cert.number},
                    url=url,
                    due=deadline,
                )
            )
    return found
