"""Pages of tech-SME registration: the yearly list with status counts and deadline views."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kechuang.core.http import AppRequest

from . import techsme
from .techsme import SmeBatch, SmeRegistration, SmeStatus


def _year(request: AppRequest, today: date) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return today.year
    return year if 2000 <= year <= today.year + 1 else today.year


def tech_sme_list(request: AppRequest) -> HttpResponse:
    today = timezone.localdate()
    view = request.GET.get("view", "")
    year = _year(request, today)
    if view == "update":
        rows = techsme.updates_pending(user=request.user, today=today) | techsme.updates_overdue(
            user=request.user, today=today
        )
    elif view == "behind":
        rows = techsme.behind_batch(user=request.user, today=today)
    else:
        rows = SmeRegistration.objects.visible_to(request.user).filter(year=year)
        status = request.GET.get("status", "")
        if status in SmeStatus.values:
            rows = rows.filter(status=status)
    rows = rows.select_related("enterprise", "batch").order_by("enterprise__name", "pk")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    counts = techsme.status_counts(user=request.user, year=year)
    return render(
        request,
        "cultivation/tech_sme.html",
        {
            "page": page,
            "view": view,
            "year": year,
            "years": range(today.year + 1, today.year - 5, -1),
            "counts": [(s, s.label, counts[s.value]) for s in SmeStatus],
            "batches": SmeBatch.objects.filter(year=year),
            "today": today,
            "update_due": date(today.year, *techsme.UPDATE_DUE),
        },
    )


@require_POST
def tech_sme_update_mark(request: AppRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(SmeRegistration.objects.visible_to(request.user), pk=pk)
    try:
        techsme.update_mark(actor=request.user, registration=item, on=timezone.localdate())
    except ValidationError as err:
        messages.error(request, "；".join(err.messages))
    except PermissionDenied as err:
        messages.error(request, str(err))
    else:
        messages.success(request, _("已标记%(e)s完成年度信息更新。") % {"e": item.enterprise.name})
    return redirect("/cultivation/tech-sme/?view=update")
