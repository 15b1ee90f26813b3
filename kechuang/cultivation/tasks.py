from __future__ import annotations

from django_tasks import task


@task()
def reassess_enterprise(enterprise_id: int) -> int:
    """Refresh the latest assessments of an enterprise that already has some."""
    from kechuang.enterprises.models import Enterprise

    from .models import Assessment
    from .services import assess_enterprises

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
