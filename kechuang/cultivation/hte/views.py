"""Pages of the recognition pipeline: the board, recording an activity, recording a step."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kechuang.core import calendar
from kechuang.core.forms import DATE, merge_errors
from kechuang.core.forms import style as _style
from kechuang.core.http import AppRequest, link, parse_year, safe_next
from kechuang.cultivation.assessments.selectors import default_year
from kechuang.cultivation.hte import selectors as hte_selectors
from kechuang.cultivation.hte import services as hte_services
from kechuang.cultivation.hte.models import HTE_BATCH, ActivityKind, PipelineEvent, Stage
from kechuang.cultivation.hte.selectors import overdue_reason
from kechuang.enterprises import selectors as registry
from kechuang.enterprises.models import Enterprise


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("类型"), choices=ActivityKind.choices)
    title = forms.CharField(label=gettext_lazy("名称"), max_length=200)
    held_on = forms.DateField(label=gettext_lazy("日期"), widget=DATE)
    place = forms.CharField(label=gettext_lazy("地点"), max_length=200, required=False)
    organisers = forms.CharField(
        label=gettext_lazy("组织/参加单位"), max_length=300, required=False
    )
    materials = forms.CharField(
        label=gettext_lazy("材料"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class EventForm(forms.Form):
    stage = forms.ChoiceField(label=gettext_lazy("环节"), choices=Stage.choices)
    occurred_on = forms.DateField(label=gettext_lazy("日期"), widget=DATE)
    batch = forms.IntegerField(label=gettext_lazy("申报批次"), required=False, min_value=1)
    participants = forms.CharField(label=gettext_lazy("参加单位/人员"), required=False)
    note = forms.CharField(
        label=gettext_lazy("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    certificate_number = forms.CharField(label=gettext_lazy("证书编号"), required=False)
    certificate_issued_on = forms.DateField(
        label=gettext_lazy("发证日期"), required=False, widget=DATE
    )
    reason = forms.CharField(label=gettext_lazy("未通过原因"), required=False)
    attachment = forms.FileField(
        label=gettext_lazy("附件"),
        required=False,
        help_text=gettext_lazy("PDF、图片、Word 或 Excel，不超过20MB"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


def _latest(request: AppRequest, year: int) -> list[PipelineEvent]:
    """Each enterprise's current step of the year, with ``overdue`` against the calendar."""
    latest = hte_selectors.current_events(
        PipelineEvent.objects.visible_to(request.user)
        .filter(year=year)
        .select_related("enterprise", "enterprise__region")
    )
    batches = list(calendar.batches(HTE_BATCH.key, year))
    today = timezone.localdate()
    for event in latest.values():
        event.overdue = overdue_reason(event, batches, today)  # type: ignore[attr-defined]
    return sorted(latest.values(), key=lambda e: (e.enterprise.name_sort, e.enterprise.name))


def board(request: AppRequest) -> HttpResponse:
    from kechuang.core.periods import page_year, year_with_data

    year = page_year(
        request, lambda: year_with_data(PipelineEvent.objects.visible_to(request.user))
    )
    current = _latest(request, year)
    latest = {e.enterprise_id: e for e in current}
    batches = list(calendar.batches(HTE_BATCH.key, year))
    columns = [
        {
            "stage": stage,
            "label": stage.label,
            "events": sorted(
                (e for e in latest.values() if e.stage == stage),
                key=lambda e: (e.enterprise.name_sort, e.enterprise.name),
            ),
        }
        for stage in Stage
    ]
    return render(
        request,
        "cultivation/board.html",
        {
            "year": year,
            "columns": columns,
            "batches": batches,
            "batch_form": calendar.batch_form(HTE_BATCH.key, initial={"year": year}),
            "overdue": sum(1 for e in latest.values() if getattr(e, "overdue", None)),
        },
    )


def event_attachment(request: AppRequest, pk: int) -> FileResponse:
    """Download a step's attachment; only for users who may see the enterprise."""
    import os

    from django.http import Http404
    from django.shortcuts import get_object_or_404

    event = get_object_or_404(PipelineEvent.objects.visible_to(request.user), pk=pk)
    if not event.attachment:
        raise Http404
    return FileResponse(
        event.attachment.open("rb"),
        as_attachment=True,
        filename=os.path.basename(event.attachment.name),
    )


@require_POST
def hte_batch_add(request: AppRequest) -> HttpResponse:
    return calendar.batch_add(request, HTE_BATCH.key, "cultivation:board")


def _selected(request: AppRequest) -> list[Enterprise]:
    ids = [
        int(i)
        for i in request.POST.getlist("enterprises") or request.GET.getlist("enterprises")
        if str(i).isdigit()
    ]
    return list(registry.enterprise_list(user=request.user).filter(pk__in=ids).order_by("name"))


def selected_page(
    request: AppRequest, template: str, form: Any, enterprises: list[Enterprise], year: int
) -> HttpResponse:
    """The form of an action on the enterprises ticked in the pool (record a training,
    mobilise for the tech-SME evaluation), shown again with its errors."""
    if request.method == "POST" and not enterprises:
        form.add_error(None, _("请先在培育库中勾选企业。"))
    return render(request, template, {"form": form, "enterprises": enterprises, "year": year})


def activity_add(request: AppRequest) -> HttpResponse:
    enterprises = _selected(request)
    year = parse_year(request.POST.get("year") or request.GET.get("year"), default_year())
    form = ActivityForm(
        request.POST if "title" in request.POST else None,
        initial={"kind": ActivityKind.TRAINING, "held_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid() and enterprises:
        try:
            activity, skipped = hte_services.activity_record(
                actor=request.user, year=year, enterprises=enterprises, **form.cleaned_data
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, exc.messages if isinstance(exc, ValidationError) else str(exc))
        else:
            recorded = len(enterprises) - len(skipped)
            messages.success(
                request,
                _("已记录“%(t)s”，%(n)d家企业进入“%(s)s”环节。")
                % {"t": activity.title, "n": recorded, "s": activity.get_kind_display()},
            )
            for line in skipped:
                messages.warning(request, _("未记录：%(l)s") % {"l": line})
            return redirect(link("cultivation:board", year=year))
    return selected_page(request, "cultivation/activity_form.html", form, enterprises, year)


@require_POST
def event_add(request: AppRequest, pk: int) -> HttpResponse:
    enterprise = registry.enterprise_get(user=request.user, pk=pk)
    year = parse_year(request.POST.get("year"), default_year())
    form = EventForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            hte_services.event_record(
                actor=request.user, enterprise=enterprise, year=year, **form.cleaned_data
            )
        except ValidationError as exc:
            merge_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
    if form.errors:
        for field, errors in form.errors.items():
            for error in errors:
                text = str(error)
                messages.error(
                    request, text if field == "__all__" else f"{form.fields[field].label}：{text}"
                )
    else:
        messages.success(
            request, _("已记录“%(s)s”。") % {"s": Stage(form.cleaned_data["stage"]).label}
        )
    return redirect(link("cultivation:gap_report", enterprise.pk, year=year, fragment="pipeline"))


@require_POST
def annual_report_add(request: AppRequest, pk: int) -> HttpResponse:
    from kechuang.cultivation.hte.services import annual_report_mark
    from kechuang.enterprises.models import Qualification

    try:
        certificate = Qualification.objects.visible_to(request.user).get(pk=pk, kind="hte")
    except Qualification.DoesNotExist as exc:
        from django.http import Http404

        raise Http404 from exc
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        messages.error(request, _("请填写年度。"))
        return redirect("cultivation:certificate_list")
    annual_report_mark(
        actor=request.user, certificate=certificate, year=year, filed_on=timezone.localdate()
    )
    messages.success(
        request,
        _("已标记%(n)s的%(y)s年年报已填报。") % {"n": certificate.enterprise.name, "y": year},
    )
    return redirect(
        safe_next(request, request.POST.get("next"), reverse("cultivation:certificate_list"))
    )
