"""Pages of the R&D survey: campaigns, the form (with autosave), review, figures, drill-down."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kechuang.core.forms import call_service, flash_errors, merge_errors
from kechuang.core.http import AppRequest
from kechuang.core.locking import EditConflict
from kechuang.core.scoping import user_roles
from kechuang.enterprises.models import Enterprise
from kechuang.enterprises.selectors import enterprises_by_uscc
from kechuang.utilities.masking import mask_phone

from . import selectors, services, validation
from .forms import (
    CampaignEditForm,
    CampaignForm,
    ProjectFormSet,
    ReviewForm,
    ValuesForm,
    project_rows,
)
from .models import SECTIONS, SurveyCampaign, SurveyForm, SurveyStatus


def _is_staff(request: AppRequest) -> bool:
    return "staff" in user_roles(request.user)


def _campaign(request: AppRequest, pk: int) -> SurveyCampaign:
    return get_object_or_404(
        SurveyCampaign.objects.visible_to(request.user).select_related("region"), pk=pk
    )


def _form(request: AppRequest, pk: int) -> SurveyForm:
    return get_object_or_404(
        SurveyForm.objects.visible_to(request.user).select_related(
            "campaign", "campaign__region", "enterprise", "enterprise__region"
        ),
        pk=pk,
    )


# --- campaigns --------------------------------------------------------------------------------


def campaign_add(request: AppRequest) -> HttpResponse:
    today = timezone.localdate()
    form = CampaignForm(
        request.POST or None,
        user=request.user,
        initial={
            "year": today.year - 1 if today.month < 7 else today.year,
            "region": getattr(request.user, "region", None),
            "include_default": True,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        campaign = call_service(
            form,
            lambda: services.campaign_open(
                actor=request.user,
                region=data["region"],
                year=data["year"],
                deadline=data["deadline"],
                instructions=data["instructions"],
                threshold=data["threshold"],
                gdp=data["gdp"],
                include_default=data["include_default"],
                extra=data["extra"],
            ),
        )
        if campaign is not None:
            messages.success(
                request,
                _("已发起%(c)s，%(n)d家企业已收到填报通知。")
                % {"c": campaign, "n": campaign.forms.count()},
            )
            return redirect(campaign)
    return render(request, "rdstats/campaign_form.html", {"form": form})


CAMPAIGN_PAGES = {
    "detail": "rdstats:campaign_detail",
    "forms": "rdstats:form_list",
    "figures": "rdstats:campaign_figures",
}


def campaign_year(request: AppRequest) -> HttpResponse:
    """The year control of a survey page: the same page of the same region's campaign of the
    chosen year, or the campaign list with a message when that year has none (issue #14)."""
    from kechuang.core.periods import page_year

    year = page_year(request, timezone.localdate().year)
    target = CAMPAIGN_PAGES.get(request.GET.get("page", ""), "rdstats:campaign_detail")
    found = (
        SurveyCampaign.objects.visible_to(request.user)
        .filter(region_id=request.GET.get("region") or 0, year=year)
        .first()
        if str(request.GET.get("region", "")).isdigit()
        else None
    )
    if found is None:
        messages.info(request, _("%(y)s年没有研发统计调查。") % {"y": year})
        return redirect("rdstats:campaign_list")
    return redirect(target, found.pk)


def campaign_detail(request: AppRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    counts = selectors.status_counts(user=request.user, campaign=campaign)
    laggards = selectors.form_list(
        user=request.user, campaign=campaign, filters=selectors.FormFilters(status="laggard")
    )
    page = Paginator(laggards, 50).get_page(request.GET.get("page"))
    for item in page:
        item.phone_masked = mask_phone(item.enterprise.contact_phone)  # type: ignore[attr-defined]
    total = sum(counts.values())
    return render(
        request,
        "rdstats/campaign_detail.html",
        {
            "campaign": campaign,
            "counts": [(s, s.label, counts[s.value]) for s in SurveyStatus],
            "total": total,
            "done_percent": round(counts["accepted"] * 100 / total) if total else 0,
            "page": page,
            "laggard_count": page.paginator.count,
            "edit_form": CampaignEditForm(instance=campaign),
            "today": timezone.localdate(),
        },
    )


@require_POST
def campaign_edit(request: AppRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    form = CampaignEditForm(request.POST, instance=SurveyCampaign.objects.get(pk=campaign.pk))
    if form.is_valid():
        saved = call_service(
            form,
            lambda: services.campaign_update(
                actor=request.user, campaign=campaign, **form.cleaned_data
            ),
        )
        if saved is not None:
            messages.success(request, _("已保存调查设置。"))
    flash_errors(request, form)
    return redirect(campaign)


@require_POST
def campaign_add_enterprises(request: AppRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    try:
        found = enterprises_by_uscc(user=request.user, codes=request.POST.get("codes", "").split())
        added = services.campaign_add_enterprises(
            actor=request.user, campaign=campaign, enterprises=found
        )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已添加%(n)d家企业并通知其填报。") % {"n": added})
    return redirect(campaign)


@require_POST
def campaign_remind(request: AppRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    chosen = [int(v) for v in request.POST.getlist("selected") if str(v).isdigit()]
    delivery = services.campaign_remind(
        actor=request.user, campaign=campaign, today=timezone.localdate(), forms=chosen or None
    )
    messages.success(
        request,
        _("催报已发送：共%(t)d家未提交，已送达%(r)d家，无法送达%(u)d家。")
        % {"t": delivery.total, "r": delivery.reached_count, "u": len(delivery.unreachable)},
    )
    return redirect(delivery)


@require_POST
def campaign_sync(request: AppRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    forms = (
        selectors.forms_of(user=request.user, campaign=campaign)
        .filter(status=SurveyStatus.ACCEPTED)
        .select_related("campaign", "enterprise", "enterprise__region")
    )
    try:
        changed = services.registry_sync(actor=request.user, forms=forms)
    except ValidationError as exc:
        messages.error(request, _("未更新：%(m)s") % {"m": "；".join(exc.messages)})
    else:
        messages.success(
            request,
            _("已用审核通过的调查数据更新%(n)d家企业%(y)s年度的研发费用（已记入变更记录）。")
            % {"n": changed, "y": campaign.year},
        )
    return redirect(campaign)


def _threshold(request: AppRequest, campaign: SurveyCampaign) -> Decimal:
    return selectors.threshold_from(request.GET.get("threshold"), campaign.threshold)


def campaign_figures(request: AppRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    threshold = _threshold(request, campaign)
    data = selectors.figures(user=request.user, campaign=campaign, threshold=threshold)
    base = reverse("rdstats:form_list", args=[campaign.pk]) + "?status=accepted"
    labels = {
        "0-1": "<1%",
        "1-2": "1–2%",
        "2-3": "2–3%",
        "3-5": "3–5%",
        "5-10": "5–10%",
        "10+": "≥10%",
        "na": _("无营业收入"),
    }
    chart = {
        "title": _("研发投入强度分布（企业数）"),
        "labels": [labels[k] for k, _n in data["bands"]],
        "values": [n for _k, n in data["bands"]],
        "links": [f"{base}&band={k}" for k, _n in data["bands"]],
    }
    return render(
        request,
        "rdstats/figures.html",
        {
            "campaign": campaign,
            "f": data,
            "base": base,
            "chart": chart,
            "band_rows": [(k, labels[k], n) for k, n in data["bands"]],
            "threshold_param": f"&below=1&threshold={threshold}",
        },
    )


def my_forms(request: AppRequest) -> HttpResponse:
    rows = selectors.my_forms(user=request.user)
    only = rows.first() if rows.count() == 1 else None
    if "enterprise" in user_roles(request.user) and only is not None:
        return redirect(only)
    return render(request, "rdstats/my_forms.html", {"rows": rows})


def _display(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, Decimal) and value.as_tuple().exponent == -2:
        return f"{value:,.2f}"
    return str(value)


def enterprise_forms(request: AppRequest, pk: int) -> HttpResponse:
    """One enterprise's survey forms over the years (linked from its registry page)."""
    enterprise = get_object_or_404(Enterprise.objects.visible_to(request.user), pk=pk)
    rows = (
        SurveyForm.objects.visible_to(request.user)
        .filter(enterprise=enterprise)
        .select_related("campaign", "enterprise")
        .order_by("-campaign__year")
    )
    return render(
        request, "rdstats/enterprise_forms.html", {"enterprise": enterprise, "rows": rows}
    )


def _sections(values_form: ValuesForm, item: SurveyForm) -> list[tuple[Any, list[Any]]]:
    """Each section's bound fields, with the stored value formatted for the read-only view."""
    sections = []
    for title, names in SECTIONS:
        fields = []
        for name in names:
            bound = values_form[name]
            bound.display = _display(getattr(item, name))  # type: ignore[attr-defined]
            fields.append(bound)
        sections.append((title, fields))
    return sections


def _page(
    request: AppRequest,
    item: SurveyForm,
    values_form: ValuesForm | None = None,
    formset: Any = None,
    findings: list[validation.Finding] | None = None,
    status: int = 200,
) -> HttpResponse:
    editable = item.editable
    values_form = values_form or ValuesForm(instance=item)
    formset = formset or ProjectFormSet(
        prefix="projects",
        initial=services.projects_of(item),
    )
    if findings is None:
        findings = services.findings_for(item)
    warnings = [f for f in findings if f.level == validation.WARNING]
    return render(
        request,
        "rdstats/form_detail.html",
        {
            "item": item,
            "campaign": item.campaign,
            "editable": editable,
            "sections": _sections(values_form, item),
            "values_form": values_form,
            "formset": formset,
            "errors": [f for f in findings if f.level == validation.ERROR],
            "warnings": [
                (w, item.explanations.get(w.code) or item.explanations.get("*", ""))
                for w in warnings
            ],
            "events": item.events.select_related("created_by").order_by("-created_at", "-pk"),
            "projects": item.projects.all(),
            "is_staff": _is_staff(request),
            "review_form": ReviewForm(),
            "overdue": item.campaign.deadline < timezone.localdate(),
        },
        status=status,
    )


def form_detail(request: AppRequest, pk: int) -> HttpResponse:
    return _page(request, _form(request, pk))


def _explanations(request: AppRequest) -> dict[str, str]:
    return {
        key[len("explain_") :]: str(value)
        for key, value in request.POST.items()
        if key.startswith("explain_") and len(key) < 60
    }


def _version(request: AppRequest) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


class _Posted:
    """The page's post bound to the value form and the project formset, saved as a draft."""

    def __init__(self, request: AppRequest, item: SurveyForm) -> None:
        self.request, self.item = request, item
        self.values = ValuesForm(request.POST, instance=SurveyForm.objects.get(pk=item.pk))
        self.projects = ProjectFormSet(request.POST, prefix="projects")

    def valid(self) -> bool:
        return self.values.is_valid() and self.projects.is_valid()

    def field_errors(self) -> dict[str, list[str]]:
        fields = {name: [str(e) for e in errs] for name, errs in self.values.errors.items()}
        for index, project_form in enumerate(self.projects.forms):
            for name, messages_ in project_form.errors.items():
                fields[f"projects-{index}-{name}"] = [str(e) for e in messages_]
        return fields

    def save(self) -> tuple[SurveyForm, list[validation.Finding]]:
        """The service's save; raises EditConflict, ValidationError or PermissionDenied."""
        return services.form_save(
            actor=self.request.user,
            form=self.item,
            values=self.values.cleaned_data,
            explanations=_explanations(self.request),
            projects=project_rows(self.projects),
            expected_version=_version(self.request),
        )


def _problem(exc: Exception) -> str:
    return "；".join(getattr(exc, "messages", [str(exc)]))


@require_POST
def form_save(request: AppRequest, pk: int) -> HttpResponse:
    """Save (as a draft) or submit: the submit button saves first, then submits."""
    item = _form(request, pk)
    posted = _Posted(request, item)
    if not posted.valid():
        messages.error(request, _("有数据格式不正确，请按红色提示修改后再保存。"))
        return _page(request, item, posted.values, posted.projects, status=400)
    try:
        item, _findings = posted.save()
    except (EditConflict, ValidationError, PermissionDenied) as exc:
        messages.error(request, _problem(exc))
        return redirect(item)
    if "submit" not in request.POST:
        messages.success(request, _("已保存草稿。"))
        return redirect(item)
    try:
        services.form_submit(actor=request.user, form=item)
    except ValidationError as exc:
        # One line here; each problem is listed once, in the form's 数据校验 card (errors in
        # red, warnings to explain in amber) — never again as a stack of alerts (issue #14).
        messages.error(
            request,
            _("未能提交：还有%(n)d个问题，请按下方“数据校验”逐项修改或说明后再提交。")
            % {"n": len(exc.messages)},
        )
        return redirect(item.get_absolute_url() + "#findings-card")
    messages.success(request, _("已提交，等待科技局审核。"))
    return redirect(item)


@require_POST
def form_autosave(request: AppRequest, pk: int) -> JsonResponse:
    """The page's draft autosave: JSON in, JSON out; never refuses a draft for its content."""
    item = _form(request, pk)
    if not item.editable:
        return JsonResponse({"ok": False, "message": _("统计表已提交，不能再修改。")}, status=409)
    posted = _Posted(request, item)
    if not posted.valid():
        return JsonResponse(
            {
                "ok": False,
                "message": _("有数据格式不正确，尚未保存。"),
                "fields": posted.field_errors(),
            },
            status=400,
        )
    try:
        item, findings = posted.save()
    except EditConflict as exc:
        return JsonResponse({"ok": False, "message": str(exc)}, status=409)
    except (ValidationError, PermissionDenied) as exc:
        return JsonResponse({"ok": False, "message": _problem(exc)}, status=400)
    return JsonResponse(
        {
            "ok": True,
            "version": item.version,
            "saved_at": timezone.localtime(item.updated_at).strftime("%H:%M:%S"),
            "findings": [f.as_dict() for f in findings],
        }
    )


@require_POST
def form_review(request: AppRequest, pk: int) -> HttpResponse:
    item = _form(request, pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        action, comment = form.cleaned_data["action"], form.cleaned_data["comment"]
        try:
            if action == "accept":
                services.form_accept(actor=request.user, form=item, comment=comment)
                messages.success(
                    request, _("%(e)s的统计表已审核通过。") % {"e": item.enterprise.name}
                )
            else:
                services.form_return(actor=request.user, form=item, comment=comment)
                messages.success(request, _("已退回%(e)s修改。") % {"e": item.enterprise.name})
        except ValidationError as exc:
            merge_errors(form, exc)
    flash_errors(request, form)
    return redirect(item)


@require_POST
def form_sync(request: AppRequest, pk: int) -> HttpResponse:
    item = _form(request, pk)
    try:
        changed = services.registry_sync(actor=request.user, forms=[item])
    except ValidationError as exc:
        messages.error(request, _("未更新：%(m)s") % {"m": "；".join(exc.messages)})
    else:
        if changed:
            messages.success(request, _("已更新企业库中的年度研发费用。"))
        else:
            messages.info(request, _("企业库中的研发费用已与本表一致，无需更新。"))
    return redirect(item)
