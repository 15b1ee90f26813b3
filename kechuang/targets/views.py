from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kechuang.core.http import AppRequest, link
from kechuang.core.periods import page_year

from . import selectors, services
from .models import Metric


class TargetForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("年度"), min_value=2000, max_value=2100)
    metric = forms.ChoiceField(label=gettext_lazy("指标"), choices=Metric.choices)
    value = forms.IntegerField(label=gettext_lazy("目标值"), min_value=0)
    note = forms.CharField(label=gettext_lazy("说明"), required=False, max_length=200)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = css


def target_list(request: AppRequest) -> HttpResponse:
    year = page_year(request, timezone.localdate().year)
    form = TargetForm(request.POST or None, initial={"year": year})
    if request.method == "POST":
        if "staff" not in request.user.role_names:
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        if form.is_valid():
            target = services.target_set(actor=request.user, **form.cleaned_data)
            messages.success(request, _("已设定：%(t)s") % {"t": target})
            return redirect(link("targets:target_list", year=target.year))
    return render(
        request,
        "targets/target_list.html",
        {"rows": selectors.targets_for(user=request.user, year=year), "form": form, "year": year},
    )
