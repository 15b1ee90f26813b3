"""Registry pages. Thin: forms validate input, services write, selectors read (scoped)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from auditlog.models import LogEntry
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kechuang.accounts.forms import generate_temporary_password
from kechuang.core.forms import call_service
from kechuang.core.history import history_rows
from kechuang.core.http import AppRequest, audit_access, xlsx_response
from kechuang.core.money import export_unit
from kechuang.core.tables import configure_table
from kechuang.dataio.engine import export_rows
from kechuang.utilities.masking import mask_for_audit
from kechuang.utilities.xlsx import write_xlsx

from . import actions, industries, selectors, services
from .filtersets import EnterpriseFilter
from .forms import (
    FIELD_ORDER,
    AnnualFiguresForm,
    EnterpriseAccountForm,
    EnterpriseForm,
    EnterpriseSelfForm,
    IntellectualPropertyForm,
    QualificationForm,
    RevealForm,
)
from .importers import EnterpriseSheet
from .models import AnnualFigures, Enterprise, IntellectualProperty
from .tables import EnterpriseTable, percent, wan

PAGE_SIZES = (20, 50, 100)


def _year(request: AppRequest) -> int:
    try:
        year = int(request.GET.get("year") or selectors.default_year())
    except ValueError:
        year = selectors.default_year()
    return min(max(year, 1980), 2100)


def _filtered(request: AppRequest) -> tuple[EnterpriseFilter, int]:
    year = _year(request)
    filterset = EnterpriseFilter(
        request.GET or None,
        user=request.user,
        queryset=selectors.enterprise_list(user=request.user, year=year),
    )
    return filterset, year


def enterprise_list(request: AppRequest) -> HttpResponse:
    filterset, year = _filtered(request)
    table = EnterpriseTable(filterset.qs)
    configure_table(request, table, per_page=20, sizes=PAGE_SIZES)
    template = (
        "enterprises/_enterprise_table.html"
        if request.htmx
        else ("enterprises/enterprise_list.html")
    )
    return render(
        request,
        template,
        {
            "filter": filterset,
            "table": table,
            "year": year,
            "years": range(year + 1, year - 6, -1),
            "page_sizes": PAGE_SIZES,
            "per_page": table.paginator.per_page,
            "can_reveal": request.user.has_perm("enterprises.view_contact"),
        },
    )


def enterprise_export(request: AppRequest) -> HttpResponse:
    """Exactly the filtered list, in the import layout (re-importable), contacts masked."""
    filterset, _year_shown = _filtered(request)
    queryset = filterset.qs.order_by("name", "pk")
    unit = export_unit(request.GET.get("unit"))
    headers, rows = export_rows(EnterpriseSheet, queryset, request.user, unit=unit)
    rows_list = list(rows)
    data = write_xlsx(headers, rows_list, sheet_title=_("企业名录"))
    audit_access(
        request,
        Enterprise,
        "export",
        _("导出企业名录 %(n)d 家") % {"n": len(rows_list)},
        {"export": "enterprises", "rows": len(rows_list), "filters": request.GET.dict()},
    )
    return xlsx_response(data, "enterprises.xlsx")


def my_enterprise(request: AppRequest) -> HttpResponse:
    enterprise_id = request.user.enterprise_id  # type: ignore[union-attr]
    if enterprise_id is None:
        raise Http404
    return redirect("enterprises:enterprise_detail", pk=enterprise_id)


FIGURE_ROWS = FIELD_ORDER


def _figures_table(figures: list[AnnualFigures]) -> list[dict[str, Any]]:
    """Rows of a years-side-by-side table: the figures, then the ratios and growth rates."""
    rows: list[dict[str, Any]] = []
    for name in FIGURE_ROWS:
        field: Any = AnnualFigures._meta.get_field(name)
        is_money = field.get_internal_type() == "DecimalField"
        label = f"{field.verbose_name}（万元）" if is_money else str(field.verbose_name)
        cells = [
            wan(getattr(f, name))
            if is_money
            else ("—" if getattr(f, name) is None else str(getattr(f, name)))
            for f in figures
        ]
        rows.append({"label": label, "cells": cells})
    rows.append(
        {
            "label": _("研发费用占销售收入比例"),
            "cells": [percent(f.rd_ratio) for f in figures],
            "computed": True,
        }
    )
    rows.append(
        {
            "label": _("高新技术产品（服务）收入占比"),
            "cells": [percent(f.high_tech_share) for f in figures],
            "computed": True,
        }
    )
    rows.append(
        {
            "label": _("科技人员占比"),
            "cells": [percent(f.st_staff_share) for f in figures],
            "computed": True,
        }
    )
    growth: list[str] = []
    for index, current in enumerate(figures):
        previous = figures[index - 1] if index else None
        if (
            previous is None
            or previous.year != current.year - 1
            or not previous.sales_revenue
            or current.sales_revenue is None
        ):
            growth.append("—")
        else:
            growth.append(percent(current.sales_revenue / previous.sales_revenue - Decimal(1)))
    rows.append({"label": _("销售收入增长率"), "cells": growth, "computed": True})
    return rows


def enterprise_detail(request: AppRequest, pk: int) -> HttpResponse:
    enterprise = selectors.enterprise_get(user=request.user, pk=pk)
    figures = selectors.figures_for(enterprise)
    ip_rights = list(enterprise.ip_rights.order_by("-granted_on", "pk"))
    return render(
        request,
        "enterprises/enterprise_detail.html",
        {
            "enterprise": enterprise,
            "figures": figures,
            "figure_rows": _figures_table(figures),
            "ip_rights": ip_rights,
            "class_i": sum(1 for r in ip_rights if r.ip_class == "I" and r.status == "granted"),
            "class_ii": sum(1 for r in ip_rights if r.ip_class == "II" and r.status == "granted"),
            "qualifications": enterprise.qualifications.all(),
            "members": enterprise.members.select_related("user"),
            "history": history_rows(_history(enterprise)[:100]),
            "masked_phone": mask_for_audit(enterprise.contact_phone),
            "masked_email": mask_for_audit(enterprise.contact_email),
            "can_reveal": request.user.has_perm("enterprises.view_contact"),
            "is_staff": services.is_enterprise_actor(request.user) is False,
            "can_edit": request.user.has_role("staff", "enterprise"),
            "actions": actions.for_user(request.user, enterprise.pk),  # type: ignore[union-attr]
        },
    )


def _history(enterprise: Enterprise) -> Any:
    """Changes to the enterprise and to its figures, IP and qualifications, newest first."""
    types = ContentType.objects.get_for_models(AnnualFigures, IntellectualProperty)
    figures = [str(pk) for pk in enterprise.annual_figures.values_list("pk", flat=True)]
    rights = [str(pk) for pk in enterprise.ip_rights.values_list("pk", flat=True)]
    query = (
        Q(content_type=ContentType.objects.get_for_model(Enterprise), object_pk=str(enterprise.pk))
        | Q(content_type=types[AnnualFigures], object_pk__in=figures)
        | Q(content_type=types[IntellectualProperty], object_pk__in=rights)
    )
    return (
        LogEntry.objects.filter(query)
        .exclude(action=LogEntry.Action.ACCESS)
        .select_related("actor", "content_type")
        .prefetch_related("actor__groups")
        .order_by("-timestamp", "-pk")
    )


def _form_page(
    request: AppRequest,
    form: Any,
    save: Any,
    *,
    success: Any,
    title: str,
    enterprise: Enterprise | None = None,
    next_url: Any = None,
    **extra: Any,
) -> HttpResponse:
    """Validate, run the service, say so and go on; or show the form again with its errors.

    ``save(form)`` calls a service; ``success`` and ``next_url`` may be callables of the saved
    object. Service ValidationError/PermissionDenied/EditConflict become form errors.
    """
    if request.method == "POST" and form.is_valid():
        saved = call_service(form, lambda: save(form))
        if saved is not None:
            messages.success(request, success(saved) if callable(success) else success)
            target = next_url(saved) if next_url else saved.get_absolute_url()
            return redirect(target)
    return render(
        request,
        "enterprises/form.html",
        {"form": form, "title": title, "enterprise": enterprise, **extra},
    )


def enterprise_add(request: AppRequest) -> HttpResponse:
    return _form_page(
        request,
        EnterpriseForm(request.POST or None, user=request.user),
        lambda form: services.enterprise_create(actor=request.user, **form.changes()),
        success=lambda saved: _("企业“%(n)s”已登记。") % {"n": saved.name},
        title=_("登记企业"),
    )


def enterprise_edit(request: AppRequest, pk: int) -> HttpResponse:
    enterprise = selectors.enterprise_get(user=request.user, pk=pk)
    if services.is_enterprise_actor(request.user):
        form: Any = EnterpriseSelfForm(request.POST or None, instance=enterprise)
    else:
        form = EnterpriseForm(request.POST or None, instance=enterprise, user=request.user)
    return _form_page(
        request,
        form,
        lambda f: services.enterprise_update(
            actor=request.user,
            enterprise=enterprise,
            version=f.cleaned_data.get("version"),
            **f.changes(),
        ),
        success=_("企业信息已保存。"),
        title=_("编辑：%(n)s") % {"n": enterprise.name},
        enterprise=enterprise,
    )


def figures_add(request: AppRequest, pk: int) -> HttpResponse:
    enterprise = selectors.enterprise_get(user=request.user, pk=pk)

    def save(form: Any) -> AnnualFigures:
        changes = form.changes()
        year = changes.pop("year")
        if AnnualFigures.objects.filter(enterprise=enterprise, year=year).exists():
            raise ValidationError(
                {"year": _("%(y)s年度的数据已存在，请在年度数据表中点“编辑”。") % {"y": year}}
            )
        return services.annual_figures_upsert(
            actor=request.user, enterprise=enterprise, year=year, **changes
        )

    return _form_page(
        request,
        AnnualFiguresForm(
            request.POST or None,
            initial={"year": selectors.default_year()},
            enterprise=enterprise,
        ),
        save,
        success=lambda saved: _("%(y)s年度数据已保存。") % {"y": saved.year},
        title=_("填报年度数据：%(n)s") % {"n": enterprise.name},
        enterprise=enterprise,
        money_note=True,
    )


def figures_edit(request: AppRequest, pk: int) -> HttpResponse:
    figures = selectors.figures_get(user=request.user, pk=pk)

    def save(form: Any) -> AnnualFigures:
        changes = form.changes()
        changes.pop("year", None)
        return services.annual_figures_upsert(
            actor=request.user,
            enterprise=figures.enterprise,
            year=figures.year,
            version=form.cleaned_data.get("version"),
            **changes,
        )

    return _form_page(
        request,
        AnnualFiguresForm(request.POST or None, instance=figures, enterprise=figures.enterprise),
        save,
        success=_("%(y)s年度数据已保存。") % {"y": figures.year},
        title=_("编辑 %(y)s 年度数据：%(n)s") % {"y": figures.year, "n": figures.enterprise.name},
        enterprise=figures.enterprise,
        money_note=True,
    )


def ip_add(request: AppRequest, pk: int) -> HttpResponse:
    enterprise = selectors.enterprise_get(user=request.user, pk=pk)
    return _form_page(
        request,
        IntellectualPropertyForm(request.POST or None),
        lambda form: services.ip_create(
            actor=request.user, enterprise=enterprise, **form.changes()
        ),
        success=_("知识产权已登记。"),
        title=_("登记知识产权：%(n)s") % {"n": enterprise.name},
        enterprise=enterprise,
    )


def ip_edit(request: AppRequest, pk: int) -> HttpResponse:
    right = selectors.ip_get(user=request.user, pk=pk)
    return _form_page(
        request,
        IntellectualPropertyForm(request.POST or None, instance=right),
        lambda form: services.ip_update(
            actor=request.user,
            right=right,
            version=form.cleaned_data.get("version"),
            **form.changes(),
        ),
        success=_("知识产权已保存。"),
        title=_("编辑知识产权：%(t)s") % {"t": right.title},
        enterprise=right.enterprise,
    )


def qualification_add(request: AppRequest, pk: int) -> HttpResponse:
    enterprise = selectors.enterprise_get(user=request.user, pk=pk)
    return _form_page(
        request,
        QualificationForm(request.POST or None),
        lambda form: services.qualification_create(
            actor=request.user, enterprise=enterprise, **form.cleaned_data
        ),
        success=_("资质已登记。"),
        title=_("登记资质：%(n)s") % {"n": enterprise.name},
        enterprise=enterprise,
    )


def account_add(request: AppRequest, pk: int) -> HttpResponse:
    """Staff create the login for an enterprise's contact person."""
    enterprise = selectors.enterprise_get(user=request.user, pk=pk)
    password = generate_temporary_password()
    return _form_page(
        request,
        EnterpriseAccountForm(request.POST or None),
        lambda form: services.enterprise_user_create(
            actor=request.user,
            enterprise=enterprise,
            username=form.cleaned_data["username"],
            password=password,
            full_name=form.cleaned_data["full_name"],
            phone=form.cleaned_data["phone"],
        ),
        success=lambda user: (
            _("企业账号“%(u)s”已创建，临时密码：%(p)s（仅显示一次，请告知企业联系人）")
            % {"u": user.username, "p": password}
        ),
        next_url=lambda _user: enterprise.get_absolute_url(),
        title=_("为“%(n)s”创建企业账号") % {"n": enterprise.name},
        enterprise=enterprise,
    )


@require_POST
def reveal_contact(request: AppRequest, pk: int) -> HttpResponse:
    """Show the full phone and e-mail to a user with the permission; every reveal is audited."""
    enterprise = selectors.enterprise_get(user=request.user, pk=pk)
    if not request.user.has_perm("enterprises.view_contact"):
        raise PermissionDenied
    form = RevealForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("请填写查看原因。"), status=400)
    audit_access(
        request,
        Enterprise,
        str(enterprise.pk),
        _("查看“%(n)s”的完整联系方式") % {"n": enterprise.name},
        {"reveal": ["contact_phone", "contact_email"], "reason": form.cleaned_data["reason"]},
    )
    response = render(request, "enterprises/_contact_revealed.html", {"enterprise": enterprise})
    response["Cache-Control"] = "no-store"
    return response


def industry_search(request: AppRequest) -> HttpResponse:
    """Options for the industry picker (GB/T 4754-2017), by code or name."""
    term = request.GET.get("industry_code") or request.GET.get("q") or ""
    items = industries.search(term, limit=30)
    options = format_html_join(
        "", '<option value="{}">{}</option>', ((i.code, i.label) for i in items if i.level >= 2)
    )
    return HttpResponse(options)
