from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kechuang.core.forms import call_service, flash_errors
from kechuang.core.http import AppRequest

from . import services
from .forms import AdvanceForm
from .models import Cooperation


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
