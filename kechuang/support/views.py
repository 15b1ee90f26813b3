from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kechuang.accounts.models import User
from kechuang.core.http import AppRequest, audit_access
from kechuang.core.scoping import user_roles

from .models import EnterprisePlan


def leaders_page(request: AppRequest) -> HttpResponse:
    """The leaders with the enterprises they liaise with: how many, visits this year, due."""
    from kechuang.core.periods import page_year, year_choices

    from .selectors import leaders

    today = timezone.localdate()
    year = page_year(request, today.year)
    return render(
        request,
        "support/leaders.html",
        {
            "rows": leaders(user=request.user, year=year, today=today),
            "year": year,
            "years": year_choices(year),
            "title": _("班子成员联系服务企业"),
        },
    )


def leader_page(request: AppRequest, pk: int) -> HttpResponse:
    """One leader's enterprises: last visit, next due (overdue first), open needs, the gap
    report's gaps, flags and the plan."""
    from .selectors import leader_rows

    leader = get_object_or_404(
        User.objects.filter(groups__name="leader", is_active=True).distinct(), pk=pk
    )
    today = timezone.localdate()
    rows = leader_rows(user=request.user, leader=leader, today=today)
    if (
        not rows
        and leader != request.user
        and (
            leader.region is None
            or request.user.region is None
            or not leader.region.code.startswith(request.user.region.code)
        )
    ):
        raise Http404  # another region's leader: not the user's to see
    rows.sort(key=lambda r: (not r.overdue, r.due_on, r.liaison.enterprise.name))
    return render(
        request,
        "support/leader.html",
        {
            "leader": leader,
            "rows": rows,
            "overdue": sum(1 for r in rows if r.overdue),
            "today": today,
            "is_self": leader == request.user,
            "may_record": "staff" in user_roles(request.user),
            "title": _("%(n)s联系服务的企业") % {"n": leader.display_name},
        },
    )


def my_enterprises(request: AppRequest) -> HttpResponse:
    """A leader's own page (the workbench's link)."""
    if "leader" not in user_roles(request.user):
        return redirect("support:leaders")
    return redirect("support:leader", pk=request.user.pk)


def plan_docx(request: AppRequest, pk: int) -> HttpResponse:
    from .documents import plan_docx as build

    plan = get_object_or_404(
        EnterprisePlan.objects.visible_to(request.user).select_related(
            "enterprise__region", "owner"
        ),
        pk=pk,
    )
    audit_access(
        request,
        EnterprisePlan,
        str(plan.pk),
        f"导出一企一策方案：{plan.enterprise.name}（{plan.year}年）",
        {"export": "enterprise_plan", "year": plan.year, "format": "docx"},
    )
    response = HttpResponse(
        build(plan),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="plan-{plan.year}-{plan.pk}.docx"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def plan_review(request: AppRequest, pk: int) -> HttpResponse:
    """A review held today (or on the date given): the next review is a period later."""
    from datetime import date

    from django.core.exceptions import PermissionDenied, ValidationError

    from . import services

    plan = get_object_or_404(EnterprisePlan.objects.visible_to(request.user), pk=pk)
    try:
        on = date.fromisoformat(request.POST.get("on") or timezone.localdate().isoformat())
    except ValueError:
        messages.error(request, _("复核日期格式不正确，请按“年-月-日”填写。"))
        return redirect(plan.get_absolute_url())
    try:
        saved = services.plan_review(
            actor=request.user, plan=plan, on=on, done=request.POST.get("done") == "1"
        )
    except (PermissionDenied, ValidationError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect(plan.get_absolute_url())
    messages.success(
        request,
        _("已记录复核（%(d)s），下次复核日期：%(n)s。")
        % {"d": f"{on:%Y-%m-%d}", "n": f"{saved.review_on:%Y-%m-%d}"},
    )
    return redirect(plan.get_absolute_url())
