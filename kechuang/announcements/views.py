from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kechuang.core.http import AppRequest

from . import services
from .models import Announcement


@require_POST
def announcement_read(request: AppRequest, pk: int) -> HttpResponse:
    """确认已阅: the enterprise's read receipt (a POST: reading a page writes nothing)."""
    notice = get_object_or_404(Announcement.objects.visible_to(request.user), pk=pk)
    if services.announcement_read(user=request.user, announcement=notice):
        messages.success(request, _("已确认阅读，科技局可以看到您的回执。"))
    return redirect(notice)
