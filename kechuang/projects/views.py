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
