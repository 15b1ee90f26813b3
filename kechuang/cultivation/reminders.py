"""The daily reminder job: each reminder once per recipient (notification + e-mail)."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext, gettext_lazy

from kechuang.accounts.models import User
from kechuang.core.http import link
from kechuang.core.periods import EXPIRY_MONTHS, months_after
from kechuang.core.services import notify
from kechuang.cultivation.hte.models import AnnualReport
from kechuang.cultivation.techsme import models as techsme_models
from kechuang.cultivation.techsme.models import SmeRegistration, SmeStatus
from kechuang.enterprises.models import Qualification

ANNUAL_REPORT_CHECK = (5, 1)  # remind on 1 May of reports not yet marked (due 31 May)
SME_UPDATE_CHECK = (3, 1)  # remind on 1 March of tech-SME updates not yet done (due 31 March)


_staff: list[User] | None = None  # loaded once per run, not once per reminder


def _staff_for(region_code: str) -> list[User]:
    """Staff whose region contains the enterprise's (its county, city or province staff)."""
    global _staff
    if _staff is None:
        _staff = list(
            User.objects.filter(is_active=True, groups__name="staff").select_related("region")
        )
    return [u for u in _staff if u.region is not None and region_code.startswith(u.region.code)]


def run(today: date) -> dict[str, int]:
    global _staff
    _staff = None
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
        url = link("cultivation:certificate_list", view="expiring")
        days = (cert.valid_until - today).days
        if cert.valid_until <= months_after(today, EXPIRY_MONTHS):  # as the figure counts
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
                url=link("cultivation:certificate_list", view="at_risk"),
            )
    counts.update(_techsme(today))
    counts.update(_pipeline(today))
    return counts


def _pipeline(today: date) -> dict[str, int]:
    """HTE pipeline steps late against this year's batch calendar (one reminder per step)."""
    from kechuang.core.calendar import batches as calendar_batches
    from kechuang.cultivation.hte.models import HTE_BATCH, PipelineEvent
    from kechuang.cultivation.hte.selectors import current_events, overdue_reason

    counts = {"pipeline_overdue": 0}
    batches = list(calendar_batches(HTE_BATCH.key, today.year))
    if not batches:
        return counts
    latest = current_events(
        PipelineEvent.objects.filter(year=today.year).select_related(
            "enterprise", "enterprise__region"
        )
    )
    for event in latest.values():
        reason = overdue_reason(event, batches, today)
        if reason is None:
            continue
        counts["pipeline_overdue"] += notify(
            users=_staff_for(event.enterprise.region.code),
            key=f"hte-overdue:{event.enterprise_id}:{today.year}:{event.stage}",
            title=gettext("%(e)s高企认定进度逾期") % {"e": event.enterprise.name},
            body=str(reason),
            url=link("cultivation:board", year=today.year),
        )
    return counts


def _techsme(today: date) -> dict[str, int]:
    """Tech-SME: annual update from 1 March (due 31 March), and batches closed unevaluated."""
    counts = {"sme_update": 0, "sme_batch": 0}
    if date(today.year, *SME_UPDATE_CHECK) <= today <= date(today.year, *techsme_models.UPDATE_DUE):
        pending = SmeRegistration.objects.filter(
            year=today.year - 1, status=SmeStatus.REGISTERED, updated_on__isnull=True
        ).select_related("enterprise", "enterprise__region")
        for item in pending:
            counts["sme_update"] += notify(
                users=_staff_for(item.enterprise.region.code),
                key=f"sme-update:{item.pk}",
                title=gettext("%(e)s尚未完成科小年度信息更新") % {"e": item.enterprise.name},
                body=gettext("已入库科技型中小企业须在3月31日前更新信息表，逾期将被撤销登记编号。"),
                url=link("cultivation:tech_sme_list", view="update"),
            )
    behind = SmeRegistration.objects.filter(
        status=SmeStatus.MOBILISED, batch__closes_on__lt=today, batch__year=today.year
    ).select_related("enterprise", "enterprise__region", "batch")
    for item in behind:
        if item.batch is None:  # no batch, no deadline to remind of
            continue
        counts["sme_batch"] += notify(
            users=_staff_for(item.enterprise.region.code),
            key=f"sme-batch:{item.pk}:{item.batch_id}",
            title=gettext("%(e)s未在%(b)s截止前完成科小自评")
            % {"e": item.enterprise.name, "b": item.batch},
            body=gettext("批次已于%(d)s截止，请督促企业参加下一批次。")
            % {"d": f"{item.batch.closes_on:%Y-%m-%d}"},
            url=link("cultivation:tech_sme_list", view="behind"),
        )
    return counts


LABELS = {
    "expiring": gettext_lazy("高企证书到期提醒"),
    "annual_report": gettext_lazy("高企年报提醒"),
    "sme_update": gettext_lazy("科小年度更新提醒"),
    "sme_batch": gettext_lazy("科小批次提醒"),
    "pipeline_overdue": gettext_lazy("认定逾期提醒"),
}
