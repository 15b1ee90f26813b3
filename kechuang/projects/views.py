from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kechuang.core.forms import call_service, flash_errors
from kechuang.core.http import AppRequest

from . import services
from .forms import ProposalAdvanceForm
from .models import Proposal


@require_POST
def proposal_advance(request: AppRequest, pk: int) -> HttpResponse:
    """The state-change block's form on the proposal page (an enterprise hands its draft to
    the bureau here; staff coach, submit and record the decision)."""
    proposal = get_object_or_404(Proposal.objects.visible_to(request.user), pk=pk)
    form = ProposalAdvanceForm(request.POST, proposal=proposal, user=request.user)
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        moved = call_service(
            form,
            lambda: services.proposal_advance(actor=request.user, proposal=proposal, **data),
        )
        if moved is not None:
            messages.success(
                request, _("%(p)s：%(s)s。") % {"p": moved.title, "s": moved.get_status_display()}
            )
    flash_errors(request, form)
    return redirect(proposal.get_absolute_url() + "#progress")


@require_POST
def proposal_from_need(request: AppRequest, pk: int) -> HttpResponse:
    """Staff turn a technical need into a reserve-pool proposal (the need keeps its loop)."""
    from django.core.exceptions import PermissionDenied, ValidationError
    from django.utils import timezone

    from kechuang.talent.models import TechNeed

    need = get_object_or_404(TechNeed.objects.visible_to(request.user), pk=pk)
    try:
        proposal = services.proposal_from_need(
            actor=request.user, need=need, on=timezone.localdate()
        )
    except (PermissionDenied, ValidationError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect(need.get_absolute_url())
    messages.success(request, _("已转为储备项目：%(t)s。") % {"t": proposal.title})
    return redirect(proposal.get_absolute_url())
