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
from .models import Platform


@require_POST
def platform_advance(request: AppRequest, pk: int) -> HttpResponse:
    """The state-change block's form on the platform page."""
    platform = get_object_or_404(Platform.objects.visible_to(request.user), pk=pk)
    form = AdvanceForm(request.POST, platform=platform)
    if form.is_valid():
        moved = call_service(
            form,
            lambda: services.platform_advance(
                actor=request.user, platform=platform, **form.cleaned_data
            ),
        )
        if moved is not None:
            messages.success(
                request, _("%(p)s：%(s)s。") % {"p": moved.name, "s": moved.get_status_display()}
            )
    flash_errors(request, form)
    return redirect(platform.get_absolute_url() + "#progress")
