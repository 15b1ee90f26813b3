from __future__ import annotations

from django_tasks import task


@task()
def reassess_enterprise(enterprise_id: int) -> int:
    """Refresh the latest assessments of an enterprise that already has some."""
    from kechuang.cultivation.assessments.services import assess_enterprises
    from kechuang.cultivation.models import Assessment
    from kechuang.enterprises.models import Enterprise

    years = sorted(
        set(
            Assessment.objects.filter(enterprise_id=enterprise_id, is_latest=True).values_list(
                "year", flat=True
            )
        )
    )
    enterprise = Enterprise.objects.filter(pk=enterprise_id).first()
    if enterprise is None:
        return 0
    for year in years:
        assess_enterprises(actor=None, enterprises=[enterprise], year=year)
    return len(years)


@task()
def reassess_many(enterprise_ids: list[int]) -> int:
    """Refresh the latest assessments of the given enterprises, in bulk per year."""
    from kechuang.cultivation.assessments.services import assess_enterprises
    from kechuang.cultivation.models import Assessment
    from kechuang.enterprises.models import Enterprise

    by_year: dict[int, set[int]] = {}
    for enterprise_id, year in (
        Assessment.objects.filter(enterprise_id__in=enterprise_ids, is_latest=True)
        .values_list("enterprise_id", "year")
        .distinct()
    ):
        by_year.setdefault(year, set()).add(enterprise_id)
    for year, ids in by_year.items():
        assess_enterprises(
            actor=None, enterprises=list(Enterprise.objects.filter(pk__in=ids)), year=year
        )
    return sum(len(ids) for ids in by_year.values())
