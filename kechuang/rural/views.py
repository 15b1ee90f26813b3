from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from kechuang.core.http import AppRequest

from .selectors import coverage


def coverage_page(request: AppRequest) -> HttpResponse:
    """Every key village of the user's region with its commissioners for the year, or 未覆盖;
    uncovered first, then by town and village."""
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    year = min(max(year, 2000), 2100)
    rows = coverage(user=request.user, region=request.user.region, year=year)
    rows.sort(key=lambda r: (r.covered, r.village.code))
    covered = sum(1 for r in rows if r.covered)
    share = round(covered * 100 / len(rows), 1) if rows else None
    return render(
        request,
        "rural/coverage.html",
        {
            "rows": rows,
            "year": year,
            "years": list(range(timezone.localdate().year + 1, timezone.localdate().year - 5, -1)),
            "covered": covered,
            "total": len(rows),
            "share": share,
            "title": "重点村覆盖",
        },
    )
