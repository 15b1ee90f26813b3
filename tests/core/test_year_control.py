"""The shared year control (issue #14): on the recognition board and the targets page, it
offers the years around the one shown, keeps the page's other filters, and the page follows it."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from kechuang.core.models import Batch
from kechuang.core.periods import year_choices

pytestmark = pytest.mark.django_db


def test_the_years_offered_reach_from_next_year_five_back():
    assert year_choices(2026, today=date(2026, 12, 6)) == [2027, 2026, 2025, 2024, 2023, 2022, 2021]
    assert year_choices(2030, today=date(2026, 12, 6))[0] == 2031  # a later year shown


@pytest.mark.parametrize("path", ["/cultivation/board/", "/targets/"])
def test_a_yearly_page_has_the_control_and_follows_it(client, personas, path):
    client.force_login(personas.staff_a)
    last = timezone.localdate().year - 1
    html = client.get(path, {"year": last, "stage": "pool", "page": "3"}).content.decode()
    control = html[html.index('data-testid="year-control"') :]
    control = control[: control.index("</form>")]
    assert f'<option value="{last}" selected>' in control
    assert 'name="stage" value="pool"' in control and 'name="page"' not in control
    assert "onchange" not in control and "data-reload" in control  # no inline script (CSP)
    assert f"{last}年" in html[html.index("<h1") : html.index("</h1>")]


def test_the_board_shows_the_batches_of_the_year_chosen(client, personas):
    this = timezone.localdate().year
    for year, number in ((this, 1), (this - 1, 2)):
        Batch.objects.create(kind="hte", year=year, number=number, closes_on=date(year, 6, 30))
    client.force_login(personas.staff_a)
    shown = client.get("/cultivation/board/", {"year": this - 1}).content.decode()
    batches = shown[shown.index('data-testid="hte-batches"') :]
    batches = batches[: batches.index("</p>")]
    assert f"{this - 1}年申报批次" in batches and f"{this - 1}年第2批" in batches
    assert f"{this}年第1批" not in batches


def test_a_yearly_page_opens_on_this_year_when_it_has_data_else_the_latest(
    client, personas, registry
):
    from kechuang.core.periods import year_with_data
    from kechuang.cultivation.techsme.models import SmeRegistration, SmeStatus

    today = timezone.localdate()
    rows = SmeRegistration.objects.visible_to(personas.staff_a)
    assert year_with_data(rows) == today.year  # nothing at all: this year
    SmeRegistration.objects.create(
        enterprise=registry.a, year=today.year - 2, status=SmeStatus.MOBILISED, status_on=today
    )
    SmeRegistration.objects.create(  # another county's later year does not count here
        enterprise=registry.b, year=today.year - 1, status=SmeStatus.MOBILISED, status_on=today
    )
    assert year_with_data(rows) == today.year - 2
    client.force_login(personas.staff_a)
    html = client.get("/cultivation/tech-sme/").content.decode()
    assert f"{today.year - 2}年科技型中小企业入库" in html
    SmeRegistration.objects.create(
        enterprise=registry.a, year=today.year, status=SmeStatus.MOBILISED, status_on=today
    )
    assert year_with_data(rows) == today.year
