from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kechuang.core.forms import call_service, flash_errors
from kechuang.core.http import AppRequest

from . import services
from .forms import AdvanceForm, VisitForm
from .models import Cooperation, Expert, TechNeed, Trip


@require_POST
def cooperation_advance(request: AppRequest, pk: int) -> HttpResponse:
    """The state-change block's form on the cooperation page."""
    cooperation = get_object_or_404(Cooperation.objects.visible_to(request.user), pk=pk)
    form = AdvanceForm(request.POST, cooperation=cooperation)
    if form.is_valid():
        moved = call_service(
            form,
            lambda: services.cooperation_advance(
                actor=request.user, cooperation=cooperation, **form.cleaned_data
            ),
        )
        if moved is not None:
            messages.success(
                request,
                _("%(p)s：%(s)s。") % {"p": moved.project, "s": moved.get_status_display()},
            )
    flash_errors(request, form)
    return redirect(cooperation.get_absolute_url() + "#progress")


@require_POST
def visit_add(request: AppRequest, pk: int) -> HttpResponse:
    """A visit added on the trip's page."""
    trip = get_object_or_404(Trip.objects.visible_to(request.user), pk=pk)
    form = VisitForm(request.POST, user=request.user, trip=trip)
    if form.is_valid():
        data = dict(form.cleaned_data)
        experts = list(data.pop("experts", []) or [])
        visit = call_service(
            form, lambda: services.visit_add(actor=request.user, trip=trip, experts=experts, **data)
        )
        if visit is not None:
            messages.success(request, _("已记录对接：%(t)s。") % {"t": visit.topic})
    flash_errors(request, form)
    return redirect(trip.get_absolute_url())


@require_POST
def need_advance(request: AppRequest, pk: int) -> HttpResponse:
    """The need loop's step (the state-change block's form on the need's page): staff accept,
    assign, handle and answer; the enterprise rates the answer, which closes the need."""
    from kechuang.core.forms import call_service

    from .forms import NeedAdvanceForm

    need = get_object_or_404(TechNeed.objects.visible_to(request.user), pk=pk)
    form = NeedAdvanceForm(request.POST, need=need, user=request.user)
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        moved = call_service(
            form, lambda: services.need_advance(actor=request.user, need=need, **data)
        )
        if moved is not None:
            messages.success(
                request, _("%(t)s：%(s)s。") % {"t": moved.title, "s": moved.get_status_display()}
            )
    flash_errors(request, form)
    return redirect(need.get_absolute_url() + "#progress")


@require_POST
def need_confirm(request: AppRequest, pk: int) -> HttpResponse:
    """Staff confirm a ranked expert for a need: a cooperation opens at "contact"."""
    from django.core.exceptions import PermissionDenied, ValidationError
    from django.utils import timezone

    need = get_object_or_404(TechNeed.objects.visible_to(request.user), pk=pk)
    expert = get_object_or_404(
        Expert.objects.visible_to(request.user), pk=request.POST.get("expert")
    )
    try:
        cooperation = services.need_confirm(
            actor=request.user, need=need, expert=expert, on=timezone.localdate()
        )
    except (PermissionDenied, ValidationError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect(need.get_absolute_url())
    messages.success(
        request,
        _("已确认匹配%(e)s，合作“%(p)s”进入初步接触阶段。")
        % {"e": expert.name, "p": cooperation.project},
    )
    return redirect(cooperation.get_absolute_url())


STALL_DAYS = 180  # a rung held this long without a step is "stalled"


def ladder(request: AppRequest) -> HttpResponse:
    """The ladder across the cooperations the user sees: how many stand on each rung, and the
    ones that have stood still longest (no step for ``days`` days), with the rung they are on."""
    from datetime import timedelta

    from django.core.paginator import Paginator
    from django.db.models import Count
    from django.shortcuts import render
    from django.utils import timezone

    from .choices import RUNGS, CooperationStatus
    from .selectors import cooperations

    try:
        days = max(30, min(int(request.GET.get("days") or STALL_DAYS), 3650))
    except ValueError:
        days = STALL_DAYS
    found = cooperations(user=request.user)
    counts = dict(found.order_by().values_list("status").annotate(n=Count("pk")))
    rungs = [(s.value, s.label, counts.get(s.value, 0)) for s in RUNGS]
    rungs.append(
        (CooperationStatus.DROPPED.value, CooperationStatus.DROPPED.label, counts.get("dropped", 0))
    )
    today = timezone.localdate()
    moving = [s.value for s in RUNGS[:-2]]  # not landed, finished or dropped
    stalled = found.filter(status__in=moving, status_on__lte=today - timedelta(days=days))
    page = Paginator(stalled.order_by("status_on", "pk"), 50).get_page(request.GET.get("page"))
    rows = [(c, (today - (c.status_on or today)).days) for c in page]
    return render(
        request,
        "talent/ladder.html",
        {
            "rungs": rungs,
            "total": sum(n for _v, _l, n in rungs),
            "page": page,
            "rows": rows,
            "days": days,
            "stalled": page.paginator.count,
        },
    )
