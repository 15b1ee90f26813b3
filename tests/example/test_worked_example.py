"""The worked example of docs/dev/add-a-work-line.md, run: a work line made of declarations on
the shared blocks gets its pages, API, history, figure, report paragraph and demo rows."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from kechuang.core.periods import Period
from kechuang.core.reporting import SECTIONS
from kechuang.core.states import WORKFLOWS
from kechuang.example import services
from kechuang.example.choices import Award, NominationStatus
from kechuang.example.figures import awarded
from kechuang.example.models import Nomination

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "dev" / "add-a-work-line.md"


def nominate(actor, enterprise, on=date(2026, 3, 1)):
    return services.nomination_create(
        actor=actor, on=on, enterprise=enterprise, title="新型减速机", award=Award.MUNICIPAL
    )


def test_a_nomination_moves_through_its_declared_states(personas, registry):
    item = nominate(personas.staff_a, registry.a)
    assert item.status == NominationStatus.NOMINATED and item.status_on == date(2026, 3, 1)
    with pytest.raises(ValidationError) as refused:
        services.nomination_advance(
            actor=personas.staff_a,
            nomination=item,
            to=NominationStatus.AWARDED,
            on=date(2026, 4, 1),
        )
    assert "不能从“已推荐”变为“获奖”" in str(refused.value) and "已报送" in str(refused.value)
    with pytest.raises(ValidationError) as early:
        services.nomination_advance(
            actor=personas.staff_a, nomination=item, to="submitted", on=date(2026, 2, 1)
        )
    assert "不能早于上一状态的日期" in str(early.value)
    for state, on in (("submitted", date(2026, 4, 1)), ("awarded", date(2026, 9, 1))):
        item = services.nomination_advance(actor=personas.staff_a, nomination=item, to=state, on=on)
    assert [e.state for e in item.events.order_by("occurred_on", "pk")] == [
        "nominated",
        "submitted",
        "awarded",
    ]
    assert "example.nomination" in WORKFLOWS


def test_the_declared_add_page_saves_through_the_service_and_names_the_user(
    client, personas, registry
):
    client.force_login(personas.staff_a)
    form = client.get("/example/add/").content.decode()
    assert 'name="on"' in form and "成果名称" in form
    assert "CANARY-B" not in form  # the enterprise choices are the user's county's only
    response = client.post(
        "/example/add/",
        {
            "enterprise": registry.a.pk,
            "title": "智能灌溉",
            "award": "provincial",
            "on": "2026-05-08",
        },
    )
    item = Nomination.objects.get()
    assert response.status_code == 302 and response.url == item.get_absolute_url()
    assert (item.status, item.status_on) == ("nominated", date(2026, 5, 8))
    entry = LogEntry.objects.get_for_object(item).order_by("pk").first()
    assert entry is not None and entry.actor == personas.staff_a
    detail = client.get(item.get_absolute_url()).content.decode()
    assert "智能灌溉" in detail and "省科学技术进步奖" in detail
    listed = client.get("/example/", {"award": "municipal"}).content.decode()
    assert "智能灌溉" not in listed


def test_staff_cannot_nominate_another_countys_enterprise(personas, registry):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        nominate(personas.staff_a, registry.b)
    assert not Nomination.objects.exists()


def test_the_figure_counts_by_the_dated_history_and_the_report_says_it(personas, registry):
    from kechuang.reports.services import compose

    county = registry.a.region.parent
    first = nominate(personas.staff_a, registry.a)
    for state, on in (("submitted", date(2026, 4, 1)), ("awarded", date(2026, 9, 1))):
        services.nomination_advance(actor=None, nomination=first, to=state, on=on)
    nominate(personas.staff_a, registry.a)  # nominated only: not counted
    result = awarded(personas.staff_a, county, Period.year_of(2026))
    assert result.value == 1 and result.facts["awards"] == 1
    assert result.record_ids() == [registry.a.pk]
    assert awarded(personas.staff_a, county, Period.year_of(2025)).value == 0  # by its date

    composer = compose(actor=personas.staff_a, region=county, period=Period.year_of(2026))
    text = SECTIONS["example.awards"].write(composer)
    assert text == "推荐哈威机械等1家企业的科技成果获科技奖励。"
    used = [u for u in composer.uses if u.key == "example.awarded"]
    assert used and used[0].ids == [registry.a.pk] and used[0].unit == "家"
    quiet = compose(actor=personas.staff_a, region=county, period=Period.year_of(2025))
    assert SECTIONS["example.awards"].write(quiet) == ""  # nothing to say: no paragraph


def test_the_demo_step_builds_rows_through_the_services(regions, registry):
    from kechuang.demo.generator import registered_steps
    from kechuang.example.demo import build_nominations

    assert build_nominations in registered_steps()
    logged: list[str] = []

    class Generator:
        counties = [regions.county_a]
        log = logged.append

    build_nominations(Generator())
    rows = Nomination.objects.filter(enterprise__region__code__startswith=regions.county_a.code)
    assert rows.count() >= 1 and rows.filter(status=NominationStatus.AWARDED).count() == 1
    assert logged == ["示例：科技奖励推荐"]


def test_the_guide_quotes_the_example_as_it_is():
    """Every code block of the guide that names a file is a verbatim part of that file."""
    text = GUIDE.read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n# (kechuang/[\w/]+\.py)\n(.*?)```", text, flags=re.S)
    assert len(blocks) >= 6
    for path, code in blocks:
        source = (ROOT / path).read_text(encoding="utf-8")
        assert code.strip() in source, f"{path}: the guide's block differs from the file"
