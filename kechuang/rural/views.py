from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from kechuang.core.http import AppRequest, audit_access, xlsx_response

from .selectors import by_town, coverage, summary


def _year(request: AppRequest) -> int:
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    return min(max(year, 2000), 2100)


def _years() -> list[int]:
    this = timezone.localdate().year
    return list(range(this + 1, this - 5, -1))


def coverage_page(request: AppRequest) -> HttpResponse:
    """Every key village of the user's region with its commissioners for the year, or 未覆盖;
    uncovered first, then by town and village."""
    year = _year(request)
    rows = coverage(user=request.user, region=request.user.region, year=year)
    rows.sort(key=lambda r: (r.covered, r.village.code))
    covered, share = summary(rows)
    return render(
        request,
        "rural/coverage.html",
        {
            "rows": rows,
            "year": year,
            "years": _years(),
            "covered": covered,
            "total": len(rows),
            "share": share,
            "by_town": by_town(rows),
            "title": "重点村覆盖",
        },
    )


def portal(request: AppRequest) -> HttpResponse:
    """The commissioner's own page, made for a phone: log a service or a training in one tap,
    the year's records, assigned towns and villages, and the points so far."""
    from . import points
    from .models import Commissioner, ServiceRecord, Training

    year = _year(request)
    me = Commissioner.objects.filter(user=request.user).select_related("region").first()
    context: dict[str, Any] = {"year": year, "years": _years(), "me": me, "title": "我的特派员服务"}
    if me is not None:
        context.update(
            areas=[a.area for a in me.assignments.filter(year=year).select_related("area")],
            services=ServiceRecord.objects.visible_to(request.user)
            .filter(commissioner=me, served_on__year=year)
            .select_related("village")[:20],
            trainings=Training.objects.visible_to(request.user)
            .filter(commissioner=me, held_on__year=year)
            .select_related("town")[:20],
            sheet=points.sheet(me, year),
        )
    return render(request, "rural/portal.html", context)


RANKING_PAGE = 50


def points_page(request: AppRequest) -> HttpResponse:
    """The points ranking of the year: every commissioner's total and points by item, best
    first, 50 to a page (a province holds thousands); the whole ranking as Excel."""
    from django.core.paginator import Paginator

    from . import points

    year = _year(request)
    sheets = points.ranking(request.user, year)
    if request.GET.get("format") == "xlsx":
        return _ranking_xlsx(request, sheets, year)
    page = Paginator(sheets, RANKING_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "rural/points.html",
        {
            "year": year,
            "years": _years(),
            "page": page,
            "first_rank": page.start_index(),
            "items": _item_headers(sheets),
            "title": "特派员积分",
        },
    )


def _item_headers(sheets: list[Any]) -> list[tuple[str, str]]:
    """A column per item of the table: the item's name without its counting unit (a column
    holds points)."""
    from .choices import PointsItem

    labels = dict(PointsItem.choices)
    items = [line.item for line in sheets[0].lines] if sheets else []
    return [(item, str(labels[item]).split("（")[0]) for item in items]


def _ranking_xlsx(request: AppRequest, sheets: list[Any], year: int) -> HttpResponse:
    from kechuang.utilities.xlsx import write_xlsx

    from .models import Commissioner

    items = _item_headers(sheets)
    headers = [
        "名次",
        "特派员",
        "工作单位",
        "选派县（区）",
        "合计（分）",
        *[f"{label}（分）" for _key, label in items],
    ]
    rows = [
        [
            rank,
            s.commissioner.name,
            s.commissioner.unit,
            s.commissioner.region.name,
            float(s.total),
            *[float(line.points) for line in s.lines],
        ]
        for rank, s in enumerate(sheets, 1)
    ]
    audit_access(
        request,
        Commissioner,
        "",
        f"导出{year}年度特派员积分排名 {len(rows)} 人",
        {"export": "points_ranking", "year": year, "rows": len(rows)},
    )
    return xlsx_response(
        write_xlsx(headers, rows, sheet_title=f"{year}年度积分排名"), f"{year}-points.xlsx"
    )


def _sheet_of(request: AppRequest, pk: int) -> Any:
    from . import points
    from .models import Commissioner

    person = get_object_or_404(
        Commissioner.objects.visible_to(request.user).select_related("region"), pk=pk
    )
    return points.sheet(person, _year(request))


def sheet_page(request: AppRequest, pk: int) -> HttpResponse:
    sheet = _sheet_of(request, pk)
    return render(
        request,
        "rural/sheet.html",
        {"sheet": sheet, "year": sheet.year, "years": _years(), "title": "考核评价表"},
    )


def sheet_file(request: AppRequest, pk: int, kind: str) -> HttpResponse:
    """The evaluation sheet as .xlsx or .docx (audited as an export)."""
    from . import points
    from .models import Commissioner

    sheet = _sheet_of(request, pk)
    name = f"{sheet.year}-evaluation-{sheet.commissioner.pk}"
    audit_access(
        request,
        Commissioner,
        str(sheet.commissioner.pk),
        f"导出{sheet.year}年度考核评价表：{sheet.commissioner.name}",
        {"export": "evaluation_sheet", "year": sheet.year, "format": kind},
    )
    if kind == "xlsx":
        return xlsx_response(points.sheet_xlsx(sheet), f"{name}.xlsx")
    if kind == "docx":
        response = HttpResponse(
            points.sheet_docx(sheet),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.docx"'
        response["Cache-Control"] = "no-store"
        return response
    raise Http404


def stations_page(request: AppRequest) -> HttpResponse:
    """Agricultural science stations and S&T parks: platforms of the shared registry, with the
    level held and the level sought, and their applications (the platforms' history)."""
    from .selectors import rural_platforms

    return render(
        request,
        "rural/stations.html",
        {
            "rows": rural_platforms(request.user, request.user.region),
            "title": "农科驿站与农业科技园区",
        },
    )
