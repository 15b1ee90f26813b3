"""Daily reminders of the R&D survey (run by ``manage.py send_reminders``).

* Enterprises that have not submitted: once when the deadline is a week away, then once a week
  after it has passed.
* The campaign's staff: once a week after the deadline, how many enterprises are still missing.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils.translation import gettext, gettext_lazy

from kechuang.accounts.models import User
from kechuang.core.channels import Message, deliver
from kechuang.core.http import link
from kechuang.core.services import notify
from kechuang.enterprises.selectors import enterprise_recipients

from .models import NOT_SUBMITTED, SurveyCampaign, SurveyForm

DUE_WINDOW = timedelta(days=7)

LABELS = {
    "rd_due": gettext_lazy("研发统计截止前提醒"),
    "rd_overdue": gettext_lazy("研发统计逾期提醒"),
    "rd_unreachable": gettext_lazy("研发统计提醒无法送达的企业"),
}


def run(today: date) -> dict[str, int]:
    counts = {"rd_due": 0, "rd_overdue": 0, "rd_unreachable": 0}
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

        # Every channel an enterprise has (core.channels): accounts, contact e-mail, SMS.
        def message(recipient, key=key, title=title, laggards=laggards):  # type: ignore[no-untyped-def]
            form_id = laggards[recipient.ref]
            return Message(
                key=key.format(form=form_id),
                title=title,
                url=link("rdstats:form_detail", form_id),
            )

        outcome = deliver(enterprise_recipients(list(laggards)), message)
        counts["rd_overdue" if overdue else "rd_due"] += outcome.new
        counts["rd_unreachable"] += len(outcome.unreachable)
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
