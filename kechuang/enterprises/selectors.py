"""Reads on the registry, always through visible_to(user)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from .models import AnnualFigures, Enterprise, IntellectualProperty, Qualification

FIGURE_ANNOTATIONS = (
    "sales_revenue",
    "total_revenue",
    "rd_expense",
    "employees",
    "st_staff",
    "high_tech_revenue",
)


def default_year() -> int:
    """The latest complete year: last year (the current year's figures come in next spring)."""
    return timezone.localdate().year - 1


def valid_qualifications(kind: str, on: date) -> QuerySet[Qualification]:
    """THE definition of "holds a valid qualification on a day" (issue #12): issued on or before
    it and valid until it or later (a certificate with no end date recorded counts as valid).
    The registry's filter, the dashboard, the figure pages, the certificates page, the targets and
    the report all use this."""
    return Qualification.objects.filter(kind=kind, issued_on__lte=on).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=on)
    )


def hte_holder_q(on: date | None = None) -> Exists:
    on = on or timezone.localdate()
    return Exists(valid_qualifications("hte", on).filter(enterprise=OuterRef("pk")))


def tech_sme_q(year: int) -> Exists:
    return Exists(tech_sme_of_year(year).filter(enterprise=OuterRef("pk")))


def tech_sme_of_year(year: int) -> QuerySet[Qualification]:
    """Tech-SME registrations of the year, less those revoked (valid_until cut short)."""
    return Qualification.objects.filter(kind="tech_sme", year=year).exclude(
        valid_until__lt=date(year, 12, 31)
    )


def figures_of_year(year: int) -> QuerySet[AnnualFigures]:
    return AnnualFigures.objects.filter(enterprise=OuterRef("pk"), year=year)


def enterprise_list(*, user: Any, year: int | None = None) -> QuerySet[Enterprise]:
    """The user's enterprises with the given year's figures, in one query.

    The year's figures and the HTE/tech-SME flags are correlated subqueries: the database
    evaluates them only for the rows it returns (a page), and a count() drops them.
    """
    year = year or default_year()
    figures = figures_of_year(year)
    qs: QuerySet[Enterprise] = (
        Enterprise.objects.visible_to(user)
        .select_related("region")
        .annotate(
            **{f"y_{name}": Subquery(figures.values(name)[:1]) for name in FIGURE_ANNOTATIONS}
        )
        .annotate(is_hte=hte_holder_q(), is_tech_sme=tech_sme_q(year))
    )
    return qs


def enterprise_get(*, user: Any, pk: int) -> Enterprise:
    try:
        enterprise: Enterprise = (
            Enterprise.objects.visible_to(user)
            # the town's full name walks up to the province: one query, not four
            .select_related("region__parent__parent__parent")
            .get(pk=pk)
        )
    except Enterprise.DoesNotExist as exc:
        raise Http404 from exc
    return enterprise


def figures_for(enterprise: Enterprise) -> list[AnnualFigures]:
    return list(AnnualFigures.objects.filter(enterprise=enterprise).order_by("year"))


def figures_before(enterprise: Enterprise, year: int) -> AnnualFigures | None:
    """The enterprise's latest figures of a year before ``year`` (what a new year is checked
    against for unit slips)."""
    return (
        AnnualFigures.objects.filter(enterprise=enterprise, year__lt=year).order_by("-year").first()
    )


def figures_get(*, user: Any, pk: int) -> AnnualFigures:
    try:
        figures: AnnualFigures = (
            AnnualFigures.objects.visible_to(user).select_related("enterprise").get(pk=pk)
        )
    except AnnualFigures.DoesNotExist as exc:
        raise Http404 from exc
    return figures


def ip_get(*, user: Any, pk: int) -> IntellectualProperty:
    try:
        right: IntellectualProperty = (
            IntellectualProperty.objects.visible_to(user).select_related("enterprise").get(pk=pk)
        )
    except IntellectualProperty.DoesNotExist as exc:
        raise Http404 from exc
    return right


def figures_list(*, user: Any) -> QuerySet[AnnualFigures]:
    qs: QuerySet[AnnualFigures] = AnnualFigures.objects.visible_to(user).select_related(
        "enterprise"
    )
    return qs


def ip_list(*, user: Any) -> QuerySet[IntellectualProperty]:
    qs: QuerySet[IntellectualProperty] = IntellectualProperty.objects.visible_to(
        user
    ).select_related("enterprise")
    return qs


def enterprises_by_uscc(*, user: Any, codes: list[str]) -> list[Enterprise]:
    """The enterprises the user may see with these USCCs (normalised; blanks skipped).

    Raises ValidationError naming every code that is unknown or out of the user's scope.
    """
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from kechuang.rules import uscc as uscc_rules

    wanted = [c for c in (uscc_rules.normalise(code) for code in codes) if c]
    found = list(
        Enterprise.objects.visible_to(user).filter(uscc__in=wanted).select_related("region")
    )
    missing = sorted(set(wanted) - {e.uscc for e in found})
    if missing:
        raise ValidationError(
            _("这些统一社会信用代码不在您管辖范围内的企业库中：%(c)s") % {"c": "、".join(missing)}
        )
    return found


def enterprise_recipients(enterprise_ids: list[int]) -> list[Any]:
    """Each enterprise as a notification recipient (core.channels): its active accounts, its
    contact e-mail and phone."""
    from kechuang.accounts.models import User
    from kechuang.core.channels import Recipient

    users: dict[int, list[Any]] = {}
    for user in User.objects.filter(
        is_active=True, enterprise_link__enterprise_id__in=enterprise_ids
    ).select_related("enterprise_link"):
        users.setdefault(user.enterprise_link.enterprise_id, []).append(user)  # type: ignore[attr-defined]
    return [
        Recipient(
            ref=e.pk,
            label=e.name,
            users=users.get(e.pk, []),
            email=e.contact_email,
            phone=e.contact_phone,
        )
        for e in Enterprise.objects.filter(pk__in=enterprise_ids).order_by("name_sort", "pk")
    ]
