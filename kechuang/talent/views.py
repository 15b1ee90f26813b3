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
