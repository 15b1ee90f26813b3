"""Registry pages. Thin: forms validate input, services write, selectors read (scoped)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kechuang.accounts.forms import generate_temporary_password
from kechuang.core.forms import call_service
from kechuang.core.http import AppRequest, audit_access

from . import industries, selectors, services
from .forms import (
    FIELD_ORDER,
    AnnualFiguresForm,
    EnterpriseAccountForm,
    IntellectualPropertyForm,
    QualificationForm,
    RevealForm,
)
from .models import AnnualFigures, Enterprise
from .tables import percent, wan

PAGE_SIZES = (20, 50, 100)


def my_enterprise(request: AppRequest) -> HttpResponse:
    enterprise_id = request.user.enterprise_id  # type: ignore[union-attr]
    if enterprise_id is None:
        raise Http404
    return redirect("enterprises:enterprise_detail", pk=enterprise_id)


FIGURE_ROWS = FIELD_ORDER


def figures_table(figures: list[AnnualFigures]) -> list[dict[str, Any]]:
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
