"""The demo generator: deterministic, fictional, refused outside demo mode."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from kechuang.accounts.choices import RegionLevel
from kechuang.accounts.models import Region, User
from kechuang.demo.generator import DEMO_ACCOUNTS, DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def snapshot():
    return list(Region.objects.order_by("code").values_list("code", "name", "level"))


def test_demo_county_has_the_promised_shape(settings, capsys):
    settings.DEMO_MODE = True
    call_command("demo_seed", "--scale", "county", "--seed", "42")
    counties = Region.objects.filter(level=RegionLevel.COUNTY)
    assert counties.count() == 1
    assert Region.objects.filter(level=RegionLevel.TOWN).count() == 12
    villages = Region.objects.filter(level=RegionLevel.VILLAGE).count()
    assert 200 <= villages <= 320
    assert all(r.code.startswith("99") for r in Region.objects.all())  # not a real division
    out = capsys.readouterr().out
    assert DEMO_PASSWORD in out and "demo-admin" in out
    for username, *_ in DEMO_ACCOUNTS:
        user = User.objects.get(username=username)
        assert user.is_demo and not user.must_change_password and user.check_password(DEMO_PASSWORD)


def test_same_seed_same_data_other_seed_other_names(settings):
    settings.DEMO_MODE = True
    call_command("demo_seed", "--seed", "42")
    first = snapshot()
    call_command("demo_seed", "--seed", "42")  # idempotent: same seed adds nothing
    assert snapshot() == first


def test_if_empty_does_not_touch_existing_data(settings, regions, capsys):
    settings.DEMO_MODE = True
    before = snapshot()
    call_command("demo_seed", "--if-empty")
    assert snapshot() == before
    assert "跳过" in capsys.readouterr().out


def test_production_mode_refuses_demo_accounts(settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="演示模式"):
        call_command("demo_seed")
    assert not User.objects.exists() and not Region.objects.exists()


def test_different_seeds_give_different_names(settings):
    from kechuang.demo.generator import DemoGenerator

    settings.DEMO_MODE = True
    names = []
    for seed in (1, 2):
        gen = DemoGenerator(seed=seed, log=lambda _m: None)
        names.append([gen._name(set(), "县") for _ in range(5)])
    assert names[0] != names[1]


def test_demo_history_is_consistent_with_the_registry(settings):
    from datetime import date

    from kechuang.cultivation.hte.models import PipelineEvent, Stage
    from kechuang.cultivation.hte.services import check_stage
    from kechuang.cultivation.techsme.models import SmeRegistration, SmeStatus
    from kechuang.enterprises.models import Qualification

    settings.DEMO_MODE = True
    call_command("demo_seed", "--scale", "county", "--seed", "42")
    last = date.today().year - 1
    # every certificate issued in the last three years has the pipeline that led to it
    recent = Qualification.objects.filter(kind="hte", issued_on__year__gte=last - 2)
    assert recent.exists()
    for cert in recent:
        event = PipelineEvent.objects.get(
            enterprise=cert.enterprise_id, stage=Stage.RECOGNISED, year=cert.issued_on.year
        )
        assert (event.certificate_number, event.occurred_on) == (cert.number, cert.issued_on)
    assert PipelineEvent.objects.filter(stage=Stage.NOT_RECOGNISED).exclude(reason="").exists()
    # each enterprise-year's events obey the stage rules, replayed in order
    pairs = set(PipelineEvent.objects.values_list("enterprise_id", "year"))
    for enterprise_id, year in pairs:
        events = list(
            PipelineEvent.objects.filter(enterprise_id=enterprise_id, year=year).order_by(
                "occurred_on", "pk"
            )
        )
        for i, event in enumerate(events):
            check_stage(events[:i], event.stage)
    # last year's tech-SME qualifications each have a registration with the same number
    sme = Qualification.objects.filter(kind="tech_sme", year=last)
    numbers = set(
        SmeRegistration.objects.filter(year=last, status=SmeStatus.REGISTERED).values_list(
            "registration_number", flat=True
        )
    )
    assert sme.exists() and set(sme.values_list("number", flat=True)) == numbers
    assert SmeRegistration.objects.filter(year=date.today().year).exists()
    # the demo's own calendar raises no overdue flag on its finished years
    from kechuang.core.models import Batch
    from kechuang.cultivation.hte.selectors import overdue_reason

    for enterprise_id, year in pairs:
        if year == date.today().year:
            continue  # this year's cohort is under way (and may be behind the calendar)
        batches = list(Batch.objects.filter(kind="hte", year=year))
        assert batches
        final = PipelineEvent.objects.filter(enterprise_id=enterprise_id, year=year).latest(
            "occurred_on"
        )
        assert overdue_reason(final, batches, date(year, 12, 31)) is None


def test_demo_has_annual_reports_and_expert_grades_that_mean_something(settings):
    """Most certificates have their reports (a few are at risk); part of the pool is graded
    and its verdicts are settled, the rest still say they wait on the experts."""
    from datetime import date

    from kechuang.cultivation.hte.selectors import status_of
    from kechuang.cultivation.models import Assessment, ExpertGrade, Verdict
    from kechuang.enterprises.models import Qualification

    settings.DEMO_MODE = True
    call_command("demo_seed", "--scale", "county", "--seed", "42")
    today = date.today()
    certificates = list(Qualification.objects.filter(kind="hte", issued_on__isnull=False))
    statuses = [s for s in status_of(certificates, today) if not s.expired]
    with_due = [s for s in statuses if s.filed or s.missed]
    filed = sum(len(s.filed) for s in with_due)
    missed = sum(len(s.missed) for s in with_due)
    assert filed > 4 * missed  # most reports are in
    at_risk = [s for s in statuses if s.at_risk]
    assert 0 < len(at_risk) < len(statuses) / 5
    graded = ExpertGrade.objects.filter(year=today.year)
    assert graded.exists()
    latest = Assessment.objects.filter(rule="hte", year=today.year, is_latest=True)
    graded_ids = set(graded.values_list("enterprise_id", flat=True))
    settled = latest.filter(enterprise_id__in=graded_ids)
    # a graded enterprise's score band is narrow (the experts' items are points now), and
    # narrower than any ungraded one's, which still carries the experts' whole band
    waiting = latest.filter(verdict=Verdict.UNDETERMINED).exclude(enterprise_id__in=graded_ids)
    assert waiting.exists() and settled.count() == len(graded_ids)
    widest_graded = max(a.score_max - a.score_min for a in settled)
    narrowest_waiting = min(a.score_max - a.score_min for a in waiting)
    assert widest_graded < narrowest_waiting, (widest_graded, narrowest_waiting)


def test_the_demo_county_is_alive_on_the_day_it_is_generated(settings):
    """Issue #14: generated on any day — here a January one, the hardest — the current year
    has a training, applications under way, registrations, a survey still open and
    certificates expiring soon, and nothing is dated after that day."""
    from datetime import date, timedelta

    import time_machine

    from kechuang.cultivation.hte.models import Activity, PipelineEvent
    from kechuang.cultivation.techsme.models import SmeRegistration
    from kechuang.enterprises.models import Qualification
    from kechuang.rdstats.models import SurveyCampaign, SurveyForm

    settings.DEMO_MODE = True
    today = date(2031, 1, 20)
    with time_machine.travel(today, tick=False):
        call_command("demo_seed", "--scale", "county", "--seed", "7")
    this_year = PipelineEvent.objects.filter(year=2031)
    assert this_year.filter(stage="applied").exists()
    assert not this_year.filter(occurred_on__gt=today).exists()
    assert Activity.objects.filter(held_on__year=2031, held_on__lte=today).exists()
    assert SmeRegistration.objects.filter(year=2031).exists()
    open_survey = SurveyCampaign.objects.get(year=2030)
    assert open_survey.deadline > today
    submitted = SurveyForm.objects.filter(campaign=open_survey, submitted_at__isnull=False)
    assert submitted.exists()
    assert max(f.submitted_at.date() for f in submitted) <= today
    soon = Qualification.objects.filter(
        kind="hte", valid_until__range=(today, today + timedelta(days=183))
    )
    assert soon.exists()
    # talent (issue #17): three years of trips, ladders that mostly stop at a framework
    # agreement, needs matched and confirmed, next year's planned cooperations
    from kechuang.talent.choices import SHALLOW
    from kechuang.talent.models import Cooperation, CooperationPlan, TechNeed, Trip

    assert set(Trip.objects.values_list("started_on__year", flat=True)) == {2029, 2030, 2031}
    assert not Trip.objects.filter(started_on__gt=today).exists()
    tops = list(Cooperation.objects.values_list("top", flat=True))
    assert 0.5 <= sum(t in SHALLOW for t in tops) / len(tops) < 1
    matched = TechNeed.objects.filter(cooperations__isnull=False).distinct()
    assert matched.exists()
    assert all(n.cooperations.filter(status="contact").exists() for n in matched)
    assert CooperationPlan.objects.filter(year=2032).count() >= 3
    # projects (issue #18): three years of calls and a pool, some funded; programme
    # applicants, competition entries, drafted documents; nothing dated after today
    from kechuang.projects.models import (
        BureauDocument,
        Call,
        CompetitionEntry,
        Proposal,
        ProposalEvent,
        TalentApplication,
    )

    assert set(Call.objects.values_list("opens_on__year", flat=True)) == {2029, 2030, 2031}
    assert not ProposalEvent.objects.filter(occurred_on__gt=today).exists()
    states = set(Proposal.objects.values_list("status", flat=True))
    assert {"funded", "reserved"} <= states, states
    assert ProposalEvent.objects.filter(state="coached").exclude(coach="").exists()
    assert TalentApplication.objects.filter(programme="industry_leading").exists()
    assert CompetitionEntry.objects.exists() and BureauDocument.objects.count() == 2
    # the demo enterprise accounts find their own proposals in the portal
    account = User.objects.get(username="demo-enterprise-a")
    own = Proposal.objects.visible_to(account)
    assert own.get(title="数字化车间改造关键技术研发").status == "collected"
    assert not own.exclude(enterprise__members__user=account).exists()
    assert Proposal.objects.filter(status="draft").exists()
