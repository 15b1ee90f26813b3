"""The cultivation pool, the gap report (一企一策 starting point), self-check, assess actions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kechuang.core.forms import call_service
from kechuang.core.http import AppRequest, link, parse_year
from kechuang.core.periods import page_year
from kechuang.core.services import job_create
from kechuang.cultivation.assessments import selectors as pool_selectors
from kechuang.cultivation.assessments import services
from kechuang.enterprises import selectors as registry
from kechuang.rules import deduction


def _report_context(request: AppRequest, enterprise_id: int) -> dict[str, Any]:
    enterprise = registry.enterprise_get(user=request.user, pk=enterprise_id)
    year = page_year(request, pool_selectors.default_year)
    latest = pool_selectors.latest_for(user=request.user, enterprise_id=enterprise.pk, year=year)
    unsaved = not latest
    if unsaved:  # computed for the page, stored only by "重新评价" (no writes on GET)
        latest = services.evaluate_one(enterprise=enterprise, year=year)
    figures = next((f for f in registry.figures_for(enterprise) if f.year == year - 1), None)
    benefits = None
    if figures and figures.rd_expense:
        now = deduction.assess(
            deduction.DeductionInput(
                tax_year=year - 1,
                industry_code=enterprise.industry_code,
                personnel=figures.rd_expense,
            )
        )
        benefits = {
            "deduction": now.facts["deduction"],
            "saved_25": now.facts["tax_saved_at_25"],
            "saved_15": now.facts["tax_saved_at_15"],
            "profit": figures.profit,
        }
    from kechuang.cultivation.hte.views import EventForm

    timeline = None
    if "enterprise" not in request.user.role_names:  # the bureau's working record
        timeline = list(
            enterprise.pipeline_events.filter(year=year, superseded_by__isnull=True).order_by(
                "occurred_on", "pk"
            )
        )
    return {
        "enterprise": enterprise,
        "year": year,
        "hte": latest.get("hte"),
        "unsaved": unsaved,
        "techsme": latest.get("techsme"),
        "benefits": benefits,
        "timeline": timeline,
        "event_form": EventForm(),
    }


def gap_report(request: AppRequest, pk: int) -> HttpResponse:
    return render(request, "cultivation/gap_report.html", _report_context(request, pk))


def gap_report_docx(request: AppRequest, pk: int) -> HttpResponse:
    from kechuang.cultivation.assessments.documents import gap_report_docx as build_docx

    context = _report_context(request, pk)
    response = HttpResponse(
        build_docx(context),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="gap-report-{pk}-{context["year"]}.docx"'
    )
    response["Cache-Control"] = "no-store"
    return response


def self_check(request: AppRequest) -> HttpResponse:
    enterprise_id = request.user.enterprise_id
    if enterprise_id is None:
        raise Http404
    context = _report_context(request, enterprise_id)
    context["self_check"] = True
    return render(request, "cultivation/gap_report.html", context)


@require_POST
def assess(request: AppRequest, pk: int) -> HttpResponse:
    enterprise = registry.enterprise_get(user=request.user, pk=pk)
    year = parse_year(request.POST.get("year"), pool_selectors.default_year())
    services.assess_one(actor=request.user, enterprise=enterprise, year=year)
    messages.success(request, _("已按当前数据重新评价。"))
    return redirect(link("cultivation:gap_report", enterprise.pk, year=year))


@require_POST
def assess_all(request: AppRequest) -> HttpResponse:
    year = parse_year(request.POST.get("year"), pool_selectors.default_year())
    region = request.user.region
    job = job_create(
        actor=request.user,
        name=_("评价%(y)s年度全部企业") % {"y": year},
        kind="assess_all",
        func="kechuang.cultivation.assessments.services.assess_all_job",
        kwargs={"year": year, "region_code": region.code},
    )
    return redirect(job.get_absolute_url())


def expert_grade(request: AppRequest, pk: int) -> HttpResponse:
    """Staff (or an invited expert through staff) record the expert-judged HTE inputs of an
    enterprise for an application year; saving re-assesses it (issue #12)."""
    from kechuang.cultivation.assessments.forms import ExpertGradeForm
    from kechuang.cultivation.models import ExpertGrade

    enterprise = registry.enterprise_get(user=request.user, pk=pk)
    year = parse_year(
        request.GET.get("year") or request.POST.get("year"), pool_selectors.default_year()
    )
    grade = ExpertGrade.objects.filter(enterprise=enterprise, year=year).first()
    form = ExpertGradeForm(request.POST or None, instance=grade)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            lambda: services.expert_grade_save(
                actor=request.user, enterprise=enterprise, year=year, **form.cleaned_data
            ),
        )
        if saved is not None:
            _grade, rows = saved
            verdict = next((a for a in rows if a.rule == "hte"), None)
            messages.success(
                request,
                _("专家评分已保存并重新评价：%(v)s，评分%(s)s。")
                % {
                    "v": verdict.get_verdict_display() if verdict else "—",
                    "s": verdict.score_display if verdict else "—",
                },
            )
            return redirect(
                reverse("cultivation:gap_report", args=[enterprise.pk]) + f"?year={year}"
            )
    return render(
        request,
        "cultivation/expert_grade.html",
        {"enterprise": enterprise, "year": year, "form": form, "grade": grade},
    )
