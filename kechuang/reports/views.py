"""The dashboard, figure pages (value, how it is counted, records, export) and work reports."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kechuang.accounts.models import Region
from kechuang.core import figures
from kechuang.core.forms import flash_errors, merge_errors, style
from kechuang.core.http import XLSX, AppRequest, audit_access, xlsx_response
from kechuang.core.periods import Period, PeriodError, period_choices
from kechuang.core.services import job_create
from kechuang.utilities.xlsx import write_xlsx

from . import rendering, selectors, services, snapshots
from .cache import cached
from .models import ReportSetting, ReportTemplate, WorkReport

PERIOD_HELP = gettext_lazy("年份 2025、半年 2025H1、季度 2025Q3，或 2025-01-01..2025-06-30")


def _region_period(request: AppRequest) -> tuple[Region, Period]:
    """The region and period a dashboard or figure page shows: ``?range=`` (a custom period),
    else ``?period=``, else the work year chosen last on any yearly page (issue #14), else this
    year. An asked period's year is kept for the other yearly pages."""
    from kechuang.core.periods import page_year, remember_year

    region = selectors.region_of(request.user, request.GET.get("region"))
    asked = (request.GET.get("range") or "").strip() or request.GET.get("period")
    try:
        period = (
            selectors.period_of(asked)
            if asked
            else Period.year_of(page_year(request, timezone.localdate().year))
        )
    except PeriodError as exc:
        messages.error(request, str(exc))
        period = Period.year_of(timezone.localdate().year)
    if asked:
        remember_year(request, period.year)
    return region, period


def _regions(request: AppRequest) -> Any:
    return Region.objects.visible_to(request.user).filter(level__lte=3).order_by("code")


def dashboard(request: AppRequest) -> HttpResponse:
    region, period = _region_period(request)
    data = cached(
        request.user,
        region,
        period,
        lambda: selectors.dashboard(user=request.user, region=region, period=period),
    )
    return render(
        request,
        "reports/dashboard.html",
        {
            "region": region,
            "period": period,
            "regions": _regions(request),
            "d": data,
            "period_help": PERIOD_HELP,
            "period_options": period_choices(period),
            "refresh_minutes": max(1, round(snapshots.refresh_seconds() / 60)),
        },
    )


def _figure(key: str) -> figures.Figure:
    try:
        return figures.get(key)
    except KeyError as exc:
        raise Http404 from exc


def figure_detail(request: AppRequest, key: str) -> HttpResponse:
    figure = _figure(key)
    region, period = _region_period(request)
    result = figures.compute(key, user=request.user, region=region, period=period)
    records = result.records
    listing = figure.listing
    page = rows = None
    if records is not None:
        page = Paginator(listing.records(records), 50).get_page(request.GET.get("page"))
        rows = [
            (record, list(zip(listing.columns, listing.row(record), strict=True)))
            for record in page
        ]
    return render(
        request,
        "reports/figure_detail.html",
        {
            "figure": figure,
            "result": result,
            "region": region,
            "period": period,
            "page": page,
            "rows": rows,
            "listing": listing,
            "regions": _regions(request),
            "query": request.GET.urlencode(),
            "period_help": PERIOD_HELP,
            "period_options": period_choices(period),
        },
    )


def figure_export(request: AppRequest, key: str) -> HttpResponse:
    figure = _figure(key)
    region, period = _region_period(request)
    result = figures.compute(key, user=request.user, region=region, period=period)
    listing = figure.listing
    rows = []
    if result.records is not None:
        rows = [listing.row(record) for record in listing.records(result.records)]
    content = write_xlsx(
        [column.header for column in listing.columns], rows, sheet_title=str(figure.label)[:31]
    )
    audit_access(
        request,
        WorkReport,
        "figure",
        _("导出指标“%(f)s”的%(noun)s名单 %(n)d %(unit)s")
        % {"f": figure.label, "noun": listing.noun, "n": len(rows), "unit": listing.unit},
        {"export": key, "region": region.code, "period": period.key, "rows": len(rows)},
    )
    return xlsx_response(content, f"figure-{key}.xlsx")


# --- work reports -----------------------------------------------------------------------------


class GenerateForm(forms.Form):
    region = forms.ModelChoiceField(label=gettext_lazy("区划"), queryset=Region.objects.none())
    period = forms.CharField(label=gettext_lazy("期间"), max_length=40, help_text=PERIOD_HELP)
    free_text = forms.CharField(
        label=gettext_lazy("下步工作计划（本次补充，每段一行）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.visible_to(user).filter(level__lte=3)  # type: ignore[attr-defined]
        style(self)

    def clean_period(self) -> Period:
        try:
            return Period.parse(self.cleaned_data["period"])
        except PeriodError as exc:
            raise forms.ValidationError(str(exc)) from exc


class SettingForm(forms.ModelForm):
    class Meta:
        model = ReportSetting
        fields = ["slogan", "talent_min", "plan_text"]
        widgets = {"plan_text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)


class TemplateForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("名称"), max_length=100, required=False)
    file = forms.FileField(label=gettext_lazy("模板文件（.docx）"))


def report_list(request: AppRequest) -> HttpResponse:
    from auditlog.models import LogEntry

    from kechuang.core.history import history_rows

    region = request.user.region
    setting = services.setting_for(region)
    history = (
        history_rows(
            LogEntry.objects.get_for_object(setting)
            .select_related("actor", "content_type")
            .order_by("-timestamp", "-pk")[:20]
        )
        if setting.pk
        else []
    )
    page = Paginator(
        WorkReport.objects.visible_to(request.user).select_related("region", "created_by"), 20
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/report_list.html",
        {
            "page": page,
            "form": GenerateForm(
                user=request.user,
                initial={"region": region, "period": str(timezone.localdate().year)},
            ),
            "setting_form": SettingForm(instance=setting),
            "history": history,
            "template_form": TemplateForm(),
            "template": services.active_template(region),
            "templates": ReportTemplate.objects.visible_to(request.user)[:10],
        },
    )


@require_POST
def report_generate(request: AppRequest) -> HttpResponse:
    form = GenerateForm(request.POST, user=request.user)
    if not form.is_valid():
        flash_errors(request, form)
        return redirect("reports:report_list")
    data = form.cleaned_data
    job = job_create(
        actor=request.user,
        name=_("生成工作总结：%(r)s %(p)s") % {"r": data["region"].name, "p": data["period"].label},
        kind="work_report",
        func="kechuang.reports.services.generate_job",
        kwargs={
            "region_id": data["region"].pk,
            "period_key": data["period"].key,
            "template_id": None,
            "free_text": data["free_text"],
        },
    )
    return redirect(job.get_absolute_url())


def report_detail(request: AppRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(WorkReport.objects.visible_to(request.user), pk=pk)
    period = Period(report.period_start, report.period_end, report.period_key)
    uses = [
        {**use, "url": selectors.figure_url(use["key"], report.region, period)}
        for use in report.snapshot.get("figures", [])
    ]
    return render(request, "reports/report_detail.html", {"report": report, "uses": uses})


def _download(request: AppRequest, pk: int, field: str, content_type: str) -> FileResponse:
    report = get_object_or_404(WorkReport.objects.visible_to(request.user), pk=pk)
    file = getattr(report, field)
    if not file:
        raise Http404
    name = f"{report.title}.{field}"
    response = FileResponse(
        file.open("rb"), as_attachment=True, filename=name, content_type=content_type
    )
    response["Cache-Control"] = "no-store"
    return response


def report_docx(request: AppRequest, pk: int) -> FileResponse:
    return _download(
        request,
        pk,
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


def report_xlsx(request: AppRequest, pk: int) -> FileResponse:
    return _download(request, pk, "xlsx", XLSX)


def template_download(request: AppRequest) -> HttpResponse:
    template = services.active_template(request.user.region)
    data = template.file.read() if template else rendering.default_template_bytes()
    response = HttpResponse(
        data,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = 'attachment; filename="work-report-template.docx"'
    return response


@require_POST
def template_upload(request: AppRequest) -> HttpResponse:
    form = TemplateForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > 10 * 1024 * 1024:
            form.add_error("file", _("模板文件不能超过10MB。"))
        else:
            try:
                template = services.template_upload(
                    actor=request.user,
                    region=request.user.region,
                    name=form.cleaned_data["name"],
                    data=upload.read(),
                )
            except ValidationError as exc:
                merge_errors(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("已启用模板：%(t)s。") % {"t": template})
    flash_errors(request, form)
    return redirect("reports:report_list")


@require_POST
def setting_save(request: AppRequest) -> HttpResponse:
    form = SettingForm(request.POST, instance=services.setting_for(request.user.region))
    if form.is_valid():
        try:
            services.setting_save(
                actor=request.user, region=request.user.region, **form.cleaned_data
            )
        except ValidationError as exc:
            merge_errors(form, exc)
        else:
            messages.success(request, _("已保存工作总结设置。"))
    flash_errors(request, form)
    return redirect("reports:report_list")
