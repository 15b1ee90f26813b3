"""Pages of tech-SME registration: the yearly list with status counts and deadline views."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kechuang.core import calendar
from kechuang.core.forms import call_service, flash_errors
from kechuang.core.http import AppRequest, link, parse_year
from kechuang.core.models import Batch
from kechuang.cultivation.hte.views import DATE, _selected, _style, selected_page
from kechuang.cultivation.techsme import models as techsme_models
from kechuang.cultivation.techsme import services as techsme_services
from kechuang.cultivation.techsme.models import SmeRegistration, SmeStatus


@require_POST
def tech_sme_update_mark(request: AppRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(SmeRegistration.objects.visible_to(request.user), pk=pk)
    try:
        techsme_services.update_mark(actor=request.user, registration=item, on=timezone.localdate())
    except ValidationError as err:
        messages.error(request, "；".join(err.messages))
    except PermissionDenied as err:
        messages.error(request, str(err))
    else:
        messages.success(request, _("已标记%(e)s完成年度信息更新。") % {"e": item.enterprise.name})
    return redirect(link("cultivation:tech_sme_list", view="update"))


class MobiliseForm(forms.Form):
    on = forms.DateField(label=gettext_lazy("动员日期"), widget=DATE)
    batch = forms.ModelChoiceField(
        label=gettext_lazy("批次"), queryset=Batch.objects.none(), required=False
    )

    def __init__(self, *args: Any, year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["batch"].queryset = calendar.batches(techsme_models.SME_BATCH.key, year)  # type: ignore[attr-defined]
        _style(self)


class AdvanceForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("新状态"), choices=SmeStatus.choices)
    on = forms.DateField(label=gettext_lazy("日期"), widget=DATE)
    registration_number = forms.CharField(
        label=gettext_lazy("入库登记编号"), max_length=40, required=False
    )
    reason = forms.CharField(label=gettext_lazy("原因"), max_length=300, required=False)


@require_POST
def tech_sme_batch_add(request: AppRequest) -> HttpResponse:
    return calendar.batch_add(request, techsme_models.SME_BATCH.key, "cultivation:tech_sme_list")


def tech_sme_mobilise(request: AppRequest) -> HttpResponse:
    """Mobilise the enterprises ticked in the cultivation pool for this year's evaluation."""
    enterprises = _selected(request)
    today = timezone.localdate()
    year = (
        parse_year(request.GET.get("year"), today.year)
        if request.method == "GET"
        else parse_year(request.POST.get("year"), today.year)
    )
    form = MobiliseForm(
        request.POST if "on" in request.POST else None, year=year, initial={"on": today}
    )
    if request.method == "POST" and form.is_valid() and enterprises:
        done, skipped = 0, []
        for enterprise in enterprises:
            try:
                techsme_services.registration_mobilise(
                    actor=request.user,
                    enterprise=enterprise,
                    year=year,
                    on=form.cleaned_data["on"],
                    batch=form.cleaned_data["batch"],
                )
            except ValidationError as exc:
                skipped.append("；".join(exc.messages))
            except PermissionDenied as exc:
                skipped.append(f"{enterprise.name}：{exc}")
            else:
                done += 1
        messages.success(
            request, _("已动员%(n)d家企业参加%(y)s年科小评价。") % {"n": done, "y": year}
        )
        for line in skipped:
            messages.warning(request, _("未记录：%(l)s") % {"l": line})
        return redirect(link("cultivation:tech_sme_list", year=year))
    return selected_page(request, "cultivation/tech_sme_mobilise.html", form, enterprises, year)


@require_POST
def tech_sme_advance(request: AppRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(SmeRegistration.objects.visible_to(request.user), pk=pk)
    form = AdvanceForm(request.POST)
    if form.is_valid():
        moved = call_service(
            form,
            lambda: techsme_services.registration_advance(
                actor=request.user, registration=item, **form.cleaned_data
            ),
        )
        if moved is not None:
            item = moved
            messages.success(
                request,
                _("%(e)s：%(s)s。") % {"e": item.enterprise.name, "s": item.get_status_display()},
            )
    flash_errors(request, form)
    return redirect(link("cultivation:tech_sme_list", year=item.year))
