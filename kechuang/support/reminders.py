"""The daily reminders of enterprise service (core.reminders): a leader's liaison enterprise
not visited within its interval; a need past its time limit without an answer; a plan whose
review date has come. Each once per recipient and occasion (the key carries the date due)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy

from kechuang.core.http import link
from kechuang.core.services import notify

LABELS = {
    "liaison_due": gettext_lazy("领导联系企业到期未走访"),
    "need_overdue": gettext_lazy("技术需求逾期未反馈"),
    "plan_review": gettext_lazy("一企一策到期复核"),
}


def _staff_of(code: str, staff: list[Any]) -> list[Any]:
    return [u for u in staff if u.region is not None and code.startswith(u.region.code)]


def run(today: date) -> dict[str, int]:
    from kechuang.accounts.models import User
    from kechuang.talent.models import TechNeed, overdue_q

    from .choices import PlanStatus
    from .models import EnterprisePlan, Liaison
    from .selectors import last_visits

    counts = dict.fromkeys(LABELS, 0)
    liaisons = list(Liaison.objects.select_related("leader", "enterprise"))
    last = last_visits([x.enterprise_id for x in liaisons])
    for x in liaisons:
        due = x.due_on(last.get(x.enterprise_id))
        if due < today and x.leader.is_active:
            counts["liaison_due"] += notify(
                users=[x.leader],
                key=f"liaison-due:{x.pk}:{due:%Y%m%d}",
                title=f"联系企业{x.enterprise.name}已超过{x.interval_days}天未走访",
                body=f"应于{due:%Y-%m-%d}前走访（上次走访：{last.get(x.enterprise_id) or '无'}）。",
                url=link("support:leader", x.leader_id),
            )
    staff = list(User.objects.filter(is_active=True, groups__name="staff").select_related("region"))
    for need in TechNeed.objects.filter(overdue_q(today)).select_related("enterprise__region"):
        counts["need_overdue"] += notify(
            users=_staff_of(need.enterprise.region.code, staff),
            key=f"need-overdue:{need.pk}:{need.deadline:%Y%m%d}",
            title=f"技术需求“{need.title}”已超过办理时限",
            body=f"{need.enterprise.name}的需求交办给{need.assignee}，时限{need.deadline:%Y-%m-%d}，尚未反馈。",
            url=need.get_absolute_url(),
        )
    for plan in EnterprisePlan.objects.filter(
        status=PlanStatus.ACTIVE, review_on__lte=today
    ).select_related("enterprise", "owner"):
        if plan.owner.is_active:
            counts["plan_review"] += notify(
                users=[plan.owner],
                key=f"plan-review:{plan.pk}:{plan.review_on:%Y%m%d}",
                title=f"{plan.enterprise.name}的一企一策方案到期复核",
                body=f"复核日期：{plan.review_on:%Y-%m-%d}。",
                url=plan.get_absolute_url(),
            )
    return counts
