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
from .models import Cooperation, Trip


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
