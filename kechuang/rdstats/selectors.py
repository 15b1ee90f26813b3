"""Reads of the R&D survey: scoped lists, the drill-down filters and the county's R&D figures.

Every aggregate is computed in the database over the forms the user may see (a handful of
queries whatever the campaign size); every figure carries the filter that opens its records.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Substr
from django.utils.translation import gettext

from kechuang.accounts.choices import CODE_LENGTH, RegionLevel
from kechuang.accounts.models import Region
from kechuang.enterprises import industries

from .models import NOT_SUBMITTED, SurveyCampaign, SurveyForm, SurveyStatus

# R&D / revenue bands (percent) for the distribution chart: [low, high)
BANDS: list[tuple[str, Decimal | None, Decimal | None]] = [
    ("0-1", None, Decimal(1)),
    ("1-2", Decimal(1), Decimal(2)),
    ("2-3", Decimal(2), Decimal(3)),
    ("3-5", Decimal(3), Decimal(5)),
    ("5-10", Decimal(5), Decimal(10)),
    ("10+", Decimal(10), None),
]
BAND_KEYS = [key for key, _low, _high in BANDS] + ["na"]


def threshold_from(value: Any, default: Decimal) -> Decimal:
    """A drill-down's R&D-intensity line (``?threshold=``, 0–100 %), else ``default``."""
    try:
        found = Decimal(str(value or ""))
    except InvalidOperation:
        return default
    return found if Decimal(0) <= found <= Decimal(100) else default


def below_q(percent: Decimal) -> Q:
    """R&D / revenue < percent, exactly: exp_total × 10,000 < revenue × percent × 100."""
    return Q(rd10k__lt=F("operating_revenue") * int(percent * 100))


def with_ratio(qs: QuerySet[Any]) -> QuerySet[Any]:
    aliased: QuerySet[Any] = qs.alias(rd10k=F("exp_total") * 10000)
    return aliased


HAS_RATIO = Q(operating_revenue__gt=0, exp_total__isnull=False)


def band_q(key: str) -> Q:
    if key == "na":
        return ~HAS_RATIO
    for name, low, high in BANDS:
        if name == key:
            q = HAS_RATIO
            if low is not None:
                q &= ~below_q(low)
            if high is not None:
                q &= below_q(high)
            return q
    return Q()


def campaigns(*, user: Any) -> QuerySet[SurveyCampaign]:
    rows: QuerySet[SurveyCampaign] = (
        SurveyCampaign.objects.visible_to(user)
        .select_related("region")
        .annotate(
            n_forms=Count("forms"),
            n_submitted=Count("forms", filter=Q(forms__status=SurveyStatus.SUBMITTED)),
            n_accepted=Count("forms", filter=Q(forms__status=SurveyStatus.ACCEPTED)),
        )
        .order_by("-year", "region__code")
    )
    return rows


def forms_of(*, user: Any, campaign: SurveyCampaign) -> QuerySet[SurveyForm]:
    return SurveyForm.objects.visible_to(user).filter(campaign=campaign)


@dataclass(frozen=True)
class FormFilters:
    status: str = ""
    town: int | None = None
    industry: str = ""
    band: str = ""
    below: bool = False
    q: str = ""
    sort: str = ""

    def as_data(self) -> dict[str, Any]:
        """The query-string form the list's FilterSet reads."""
        data: dict[str, Any] = {
            "status": self.status,
            "town": self.town or "",
            "industry": self.industry,
            "band": self.band,
            "q": self.q,
            "sort": self.sort,
        }
        if self.below:
            data["below"] = "1"
        return {k: v for k, v in data.items() if v not in ("", None)}


def form_list(*, user: Any, campaign: SurveyCampaign, filters: FormFilters) -> QuerySet[Any]:
    """The campaign's forms this user may see, filtered and sorted by the list's FilterSet."""
    from .filtersets import SurveyFormFilter

    found: QuerySet[Any] = SurveyFormFilter(
        filters.as_data(), queryset=forms_of(user=user, campaign=campaign), campaign=campaign
    ).qs
    return found


def status_counts(*, user: Any, campaign: SurveyCampaign) -> dict[str, int]:
    rows = forms_of(user=user, campaign=campaign).values("status").annotate(n=Count("pk"))
    counts = {s.value: 0 for s in SurveyStatus}
    counts.update({r["status"]: r["n"] for r in rows})
    return counts


def _cents(value: Decimal | None) -> Decimal:
    return (value or Decimal(0)).quantize(Decimal("0.01"))


def _child_level(region: Region) -> int:
    return min(int(region.level) + 1, int(RegionLevel.TOWN))


def figures(
    *, user: Any, campaign: SurveyCampaign, threshold: Decimal | None = None
) -> dict[str, Any]:
    """The campaign's R&D figures from accepted forms: totals, bands, areas, industries, YoY."""
    threshold = campaign.threshold if threshold is None else threshold
    forms = forms_of(user=user, campaign=campaign)
    accepted = with_ratio(forms.filter(status=SurveyStatus.ACCEPTED))
    band_counts = {
        f"band_{key}": Count("pk", filter=band_q(key)) for key in BAND_KEYS if key != "na"
    }
    totals = accepted.aggregate(
        n=Count("pk"),
        rd=Sum("exp_total"),
        revenue=Sum("operating_revenue", filter=HAS_RATIO),
        rd_with_revenue=Sum("exp_total", filter=HAS_RATIO),
        staff=Sum("staff_total"),
        fte=Sum("fte"),
        with_ratio=Count("pk", filter=HAS_RATIO),
        below=Count("pk", filter=HAS_RATIO & below_q(threshold)),
        **band_counts,
    )
    rd = _cents(totals["rd"])
    bands = [(key, totals[f"band_{key}"]) for key, _l, _h in BANDS]
    bands.append(("na", totals["n"] - totals["with_ratio"]))

    previous = SurveyCampaign.objects.filter(region=campaign.region, year=campaign.year - 1).first()
    previous_rd, previous_n = None, 0
    same: dict[str, Any] = {"n": 0, "now": None, "then": None}
    if previous is not None:
        before = forms_of(user=user, campaign=previous).filter(status=SurveyStatus.ACCEPTED)
        last = before.aggregate(rd=Sum("exp_total"), n=Count("pk"))
        previous_rd = _cents(last["rd"]) if last["rd"] is not None else None
        previous_n = last["n"]
        # like for like: the enterprises accepted in both years
        now = accepted.filter(enterprise_id__in=before.values("enterprise_id")).aggregate(
            rd=Sum("exp_total"), n=Count("pk")
        )
        then = before.filter(enterprise_id__in=accepted.values("enterprise_id")).aggregate(
            rd=Sum("exp_total")
        )
        same = {"n": now["n"], "now": now["rd"], "then": then["rd"]}
    return {
        "threshold": threshold,
        "counts": status_counts(user=user, campaign=campaign),
        "accepted": totals["n"],
        "rd_total": rd,
        "staff_total": totals["staff"] or 0,
        "fte_total": (totals["fte"] or Decimal(0)).quantize(Decimal("0.1")),
        "revenue_total": _cents(totals["revenue"]),
        "intensity_enterprises": (
            totals["rd_with_revenue"] * 100 / totals["revenue"] if totals["revenue"] else None
        ),
        "with_ratio": totals["with_ratio"],
        "below": totals["below"],
        "below_share": totals["below"] * 100 / Decimal(totals["with_ratio"])
        if totals["with_ratio"]
        else None,
        "bands": bands,
        "areas": _by_area(accepted, campaign.region),
        "industries": _by_industry(accepted),
        "previous": previous,
        "previous_rd": previous_rd,
        "previous_n": previous_n,
        "yoy": (rd - previous_rd) * 100 / previous_rd if previous_rd else None,
        "same_n": same["n"],
        "yoy_same": (same["now"] - same["then"]) * 100 / same["then"] if same["then"] else None,
        "gdp": campaign.gdp,
        "intensity": rd * 100 / campaign.gdp if campaign.gdp else None,
    }


def _by_area(accepted: QuerySet[Any], region: Region) -> list[dict[str, Any]]:
    """Totals per town (a county's campaign) or per child area of a larger region."""
    rows = accepted.values("enterprise__region_id").annotate(n=Count("pk"), rd=Sum("exp_total"))
    codes = dict(
        Region.objects.filter(pk__in=[r["enterprise__region_id"] for r in rows]).values_list(
            "pk", "code"
        )
    )
    length = CODE_LENGTH[RegionLevel(_child_level(region))]
    merged: dict[str, dict[str, Any]] = {}
    for row in rows:
        key = codes[row["enterprise__region_id"]][:length]
        item = merged.setdefault(key, {"n": 0, "rd": Decimal(0)})
        item["n"] += row["n"]
        item["rd"] += row["rd"] or 0
    areas = {r.code: r for r in Region.objects.filter(code__in=list(merged))}
    result = [
        {
            "region": areas.get(code),
            "name": areas[code].name if code in areas else code,
            "n": item["n"],
            "rd": item["rd"],
        }
        for code, item in merged.items()
    ]
    return sorted(result, key=lambda r: -r["rd"])


def _by_industry(accepted: QuerySet[Any]) -> list[dict[str, Any]]:
    rows = (
        accepted.annotate(division=Substr("enterprise__industry_code", 1, 2))
        .values("division")
        .annotate(n=Count("pk"), rd=Sum("exp_total"))
    )
    merged: dict[str, dict[str, Any]] = {}
    for row in rows:
        section = industries.section_of(row["division"] or "") or ""
        item = merged.setdefault(section, {"n": 0, "rd": Decimal(0)})
        item["n"] += row["n"]
        item["rd"] += row["rd"] or 0
    all_industries = industries.industries()
    result = [
        {
            "section": section,
            "name": all_industries[section].name
            if section in all_industries
            else gettext("未填行业"),
            "n": item["n"],
            "rd": item["rd"],
        }
        for section, item in merged.items()
    ]
    return sorted(result, key=lambda r: -r["rd"])


def my_forms(*, user: Any) -> QuerySet[SurveyForm]:
    return (
        SurveyForm.objects.visible_to(user)
        .select_related("campaign", "enterprise")
        .order_by("-campaign__year")
    )


def home_widget(user: Any) -> dict[str, Any] | None:
    """Workbench card: the latest survey's progress (staff, leaders); an enterprise's forms to
    fill are on the home page's to-do list (:func:`todos`)."""
    roles: frozenset[str] = getattr(user, "role_names", frozenset())
    if not roles & {"staff", "leader"}:
        return None
    latest = campaigns(user=user).first()
    if latest is None:
        return None
    counts = status_counts(user=user, campaign=latest)
    total = sum(counts.values())
    return {
        "template": "rdstats/_home.html",
        "campaign": latest,
        "counts": counts,
        "laggards": sum(counts[s] for s in NOT_SUBMITTED),
        "percent": round(counts[SurveyStatus.ACCEPTED] * 100 / total) if total else 0,
    }


def todos(user: Any) -> list[Any]:
    """An enterprise's survey forms still to submit, each with its deadline (home to-do)."""
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from kechuang.core.navigation import Todo

    if "enterprise" not in getattr(user, "role_names", frozenset()):
        return []
    today = timezone.localdate()
    forms = (
        SurveyForm.objects.visible_to(user)
        .filter(status__in=NOT_SUBMITTED)
        .select_related("campaign")
    )
    return [
        Todo(
            text=_("填报%(y)s年度企业研发投入统计表（%(s)s）")
            % {"y": f.campaign.year, "s": f.get_status_display()},
            url=f.get_absolute_url(),
            due=f.campaign.deadline,
            overdue=f.campaign.deadline < today,
        )
        for f in forms
    ]
