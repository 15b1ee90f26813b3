"""Daily reminders of the R&D survey (run by ``manage.py send_reminders``).

* Enterprises that have not submitted: once when the deadline is a week away, then once a week
  after it has passed.
* The campaign's staff: once a week after the deadline, how many enterprises are still missing.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils.translation import gettext, gettext_lazy

from kechuang.accounts.models import User
from kechuang.core.http import link
from kechuang.core.services import notify

from .models import NOT_SUBMITTED, SurveyCampaign, SurveyForm
from .services import notify_form_users

DUE_WINDOW = timedelta(days=7)

LABELS = {
    "rd_due": gettext_lazy("研发统计截止前提醒"),
    "rd_overdue": gettext_lazy("研发统计逾期提醒"),
}


def run(today: date) -> dict[str, int]:
    counts = {"rd_due": 0, "rd_overdue": 0}
    week = f"{today.isocalendar().year}w{today.isocalendar().week}"
    active = SurveyCampaign.objects.filter(
        deadline__gte=today - timedelta(days=180)
    ).select_related("region")
    for campaign in active:
        due_soon = campaign.deadline - DUE_WINDOW <= today <= campaign.deadline
        overdue = today > campaign.deadline
        if not (due_soon or overdue):
            continue
        laggards = dict(
            SurveyForm.objects.filter(campaign=campaign, status__in=NOT_SUBMITTED).values_list(
                "enterprise_id", "pk"
            )
        )
        if not laggards:
            continue
        key = f"rd-due:{{form}}:{campaign.deadline}" if due_soon else f"rd-overdue:{{form}}:{week}"
        title = (
            gettext("%(y)s年度研发统计表将于%(d)s截止，请尽快提交")
            if due_soon
            else gettext("%(y)s年度研发统计表已于%(d)s截止，请立即提交")
        ) % {"y": campaign.year, "d": f"{campaign.deadline:%Y-%m-%d}"}
        counts["rd_overdue" if overdue else "rd_due"] += notify_form_users(
            forms=laggards, key=key, title=title
        )
        if overdue:
            staff = User.objects.filter(is_active=True, groups__name="staff").select_related(
                "region"
            )
            staff_in_charge = [
                u for u in staff if u.region and campaign.region.code.startswith(u.region.code)
            ]
            counts["rd_overdue"] += notify(
                users=staff_in_charge,
                key=f"rd-laggards:{campaign.pk}:{week}",
                title=gettext("%(c)s已截止，仍有%(n)d家企业未提交")
                % {"c": campaign, "n": len(laggards)},
                url=link("rdstats:campaign_detail", campaign.pk),
            )
    return counts
