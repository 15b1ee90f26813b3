"""Generic import pages for every registered sheet (dataio)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kechuang.core.http import XLSX, AppRequest, xlsx_response
from kechuang.core.money import export_unit

from . import engine, services
from .models import BatchStatus, ImportBatch
from .templates import blank_template


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("选择文件"),
        help_text=gettext_lazy("支持 .xlsx、.xls、.ods、.csv（UTF-8 或 GBK），不超过 10 MB"),
    )


def _spec(request: AppRequest, sheet: str) -> type[engine.SheetSpec]:
    try:
        spec = engine.get_spec(sheet)
    except KeyError as exc:
        raise Http404 from exc
    if not services.may_import(request.user, spec):
        raise PermissionDenied
    return spec


def _batch(request: AppRequest, pk: int) -> ImportBatch:
    try:
        return ImportBatch.objects.visible_to(request.user).select_related("job").get(pk=pk)
    except ImportBatch.DoesNotExist as exc:
        raise Http404 from exc


def template_download(request: AppRequest, sheet: str) -> HttpResponse:
    spec = _spec(request, sheet)
    unit = export_unit(request.GET.get("unit"))
    response = HttpResponse(blank_template(spec, unit), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="template-{sheet}.xlsx"'
    return response


def upload(request: AppRequest, sheet: str) -> HttpResponse:
    spec = _spec(request, sheet)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        if uploaded.size > services.settings.IMPORT_MAX_BYTES:
            form.add_error("file", _("文件超过 10 MB，请拆分后分批导入。"))
        else:
            batch = services.batch_upload(
                actor=request.user, sheet=sheet, file_name=uploaded.name, data=uploaded.read()
            )
            return redirect(batch.get_absolute_url())
    return render(request, "dataio/upload.html", {"spec": spec, "form": form})


def batch_detail(request: AppRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    spec = engine.get_spec(batch.sheet)
    template = "dataio/_batch_status.html" if request.htmx else "dataio/batch_detail.html"
    return render(
        request,
        template,
        {
            "batch": batch,
            "spec": spec,
            "errors": batch.errors[:500],
            "has_error_file": services.error_workbook(batch) is not None,
            "busy": batch.status in (BatchStatus.PREVIEWING, BatchStatus.COMMITTING),
        },
    )


@require_POST
def batch_commit(request: AppRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    try:
        batch = services.batch_commit(actor=request.user, batch=batch)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
        return redirect(batch.get_absolute_url())
    if batch.status == BatchStatus.COMMITTED:
        messages.success(
            request,
            _("导入完成：新增 %(c)d 条，更新 %(u)d 条，无变化 %(n)d 条。")
            % {"c": batch.created_count, "u": batch.updated_count, "n": batch.unchanged_count},
        )
    elif batch.status == BatchStatus.COMMITTING:
        messages.info(request, _("文件较大，正在后台导入，请稍候。"))
    else:
        messages.error(request, _("导入未完成，没有写入任何数据。"))
    return redirect(batch.get_absolute_url())


@require_POST
def batch_cancel(request: AppRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    try:
        services.batch_cancel(actor=request.user, batch=batch)
        messages.info(request, _("已取消本次导入。"))
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    return redirect(batch.get_absolute_url())


def batch_errors(request: AppRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    data = services.error_workbook(batch)
    if data is None:
        raise Http404
    return xlsx_response(data, f"errors-{batch.pk}.xlsx")


def batch_list(request: AppRequest) -> HttpResponse:
    from django.core.paginator import Paginator

    batches = ImportBatch.objects.visible_to(request.user)
    page = Paginator(batches, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "dataio/batch_list.html",
        {"page": page, "sheets": {name: spec.label for name, spec in engine.REGISTRY.items()}},
    )
