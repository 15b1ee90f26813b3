"""Report periods: a year, a half-year, a quarter, or any from–to dates.

Written in URLs and on the command line as ``2025``, ``2025H1``, ``2025Q3`` or
``2025-01-01..2025-06-30``. Yearly records (registry figures) are read for the *data year*: the
year before the period ends (a 2026 report reads the 2025 figures).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.utils.translation import gettext as _


class PeriodError(ValueError):
    pass


def _month_end(year: int, month: int) -> date:
    return date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)


def months_after(day: date, months: int) -> date:
    """The same day ``months`` calendar months later (the month's last day if it is shorter)."""
    month = day.month + months
    year, month = day.year + (month - 1) // 12, (month - 1) % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


EXPIRY_MONTHS = 6  # "expiring soon" for a certificate: within six calendar months


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    key: str

    @property
    def year(self) -> int:
        return self.end.year

    @property
    def data_year(self) -> int:
        """The year whose yearly records a report of this period reads: the year before the
        period ends (yearly figures and surveys of a year are complete only the next spring)."""
        return self.end.year - 1

    @property
    def as_of(self) -> date:
        """The day a state (a certificate valid, a registration in force) is counted at: the
        period's last day once it is over (or not yet begun), else today — never a day still
        to come, so a current period does not drop what expires later this month."""
        from django.utils import timezone

        today = timezone.localdate()
        return today if self.start <= today < self.end else self.end

    @property
    def as_of_label(self) -> str:
        return (
            _("截至期末（%(d)s）") % {"d": f"{self.as_of:%Y-%m-%d}"}
            if self.as_of == self.end
            else _("截至%(d)s") % {"d": f"{self.as_of:%Y-%m-%d}"}
        )

    @property
    def label(self) -> str:
        m = re.fullmatch(r"(\d{4})(?:([HQ])(\d))?", self.key)
        if m and not m.group(2):
            return _("%(y)s年") % {"y": m.group(1)}
        if m and m.group(2) == "H":
            return (_("%(y)s年上半年") if m.group(3) == "1" else _("%(y)s年下半年")) % {
                "y": m.group(1)
            }
        if m:
            return _("%(y)s年第%(q)s季度") % {"y": m.group(1), "q": m.group(3)}
        return _("%(a)s至%(b)s") % {
            "a": f"{self.start:%Y年%m月%d日}",
            "b": f"{self.end:%Y年%m月%d日}",
        }

    @classmethod
    def year_of(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31), str(year))

    @classmethod
    def between(cls, start: date, end: date) -> Period:
        if end < start:
            raise PeriodError(_("结束日期不能早于开始日期。"))
        return cls(start, end, f"{start:%Y-%m-%d}..{end:%Y-%m-%d}")

    @classmethod
    def parse(cls, value: str) -> Period:
        text = (value or "").strip().upper()
        if m := re.fullmatch(r"(\d{4})", text):
            return cls.year_of(int(m.group(1)))
        if m := re.fullmatch(r"(\d{4})H([12])", text):
            year, half = int(m.group(1)), int(m.group(2))
            first = 1 if half == 1 else 7
            return cls(date(year, first, 1), _month_end(year, first + 5), text)
        if m := re.fullmatch(r"(\d{4})Q([1-4])", text):
            year, quarter = int(m.group(1)), int(m.group(2))
            first = 3 * quarter - 2
            return cls(date(year, first, 1), _month_end(year, first + 2), text)
        if m := re.fullmatch(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})", text):
            try:
                return cls.between(date.fromisoformat(m.group(1)), date.fromisoformat(m.group(2)))
            except ValueError as exc:
                raise PeriodError(_("日期“%(v)s”无效。") % {"v": value}) from exc
        raise PeriodError(
            _(
                "期间“%(v)s”无法识别：请写年份（2025）、半年（2025H1）、季度（2025Q3）或起止日期（2025-01-01..2025-06-30）。"
            )
            % {"v": value}
        )


def year_choices(selected: int, today: date | None = None) -> list[int]:
    """The years a year control offers: next year down to five years back from this year (or
    from the year shown, when that is later)."""
    from django.utils import timezone

    top = max((today or timezone.localdate()).year, selected) + 1
    return list(range(top, top - 7, -1))


def year_with_data(rows: Any, field: str = "year", today: date | None = None) -> int:
    """The year a yearly page opens on (issue #14): this year when ``rows`` (already scoped to
    the user) have any for it, else the latest year they have, else this year."""
    from django.db.models import Max
    from django.utils import timezone

    this = (today or timezone.localdate()).year
    if rows.filter(**{field: this}).exists():
        return this
    latest = rows.filter(**{f"{field}__lt": this}).aggregate(latest=Max(field))["latest"]
    return int(latest) if latest is not None else this


SESSION_YEAR = "kechuang.work_year"


def page_year(
    request: Any,
    default: int | Callable[[], int],
    *,
    remember: bool = True,
    offset: int = 0,
) -> int:
    """The work year a yearly page shows (issue #14): the one asked for (``?year=``, then kept
    in the session), else the one chosen last on any yearly page (so the year stays while the
    user moves between pages), else ``default`` (a callable is only called when needed).

    ``offset`` reads the kept work year as another kind of year: the registry shows the
    figures of the year before the work year (the 2026 pool judges 2025 figures), so it reads
    the kept year with ``offset=-1`` and, choosing a figures year, does not write it back
    (``remember=False``)."""
    from .http import parse_year

    asked = parse_year(request.GET.get("year"), 0) if request is not None else 0
    session = getattr(request, "session", None)
    if asked:
        if remember and session is not None and session.get(SESSION_YEAR) != asked:
            session[SESSION_YEAR] = asked
        return asked
    kept = session.get(SESSION_YEAR) if session is not None else None
    if isinstance(kept, int) and parse_year(kept + offset, 0):
        return kept + offset
    return default() if callable(default) else default


def remember_year(request: Any, year: int) -> None:
    """Keep ``year`` as the chosen work year (a page whose period is not ``?year=``: the
    dashboard's ``?period=2025H1`` keeps 2025)."""
    session = getattr(request, "session", None)
    if session is not None and session.get(SESSION_YEAR) != year:
        session[SESSION_YEAR] = year


def period_choices(period: Period, today: date | None = None) -> list[tuple[str, str]]:
    """What a period control offers (issue #14): the years of :func:`year_choices`, each
    followed — for the year shown — by its halves and quarters; a custom range being shown is
    offered too, so the control always names the period on screen."""
    year = period.year
    choices: list[tuple[str, str]] = []
    for y in year_choices(year, today):
        choices.append((str(y), Period.year_of(y).label))
        if y == year:
            for key in (f"{y}H1", f"{y}H2", f"{y}Q1", f"{y}Q2", f"{y}Q3", f"{y}Q4"):
                choices.append((key, Period.parse(key).label))
    if period.key not in {key for key, _label in choices}:
        choices.insert(0, (period.key, period.label))
    return choices
