"""Opening a campaign, the form's life (save → submit → return → resubmit → accept), reminders,
the cross-checks' context and the registry update."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError

from kechuang.core.locking import EditConflict
from kechuang.core.models import Notification
from kechuang.cultivation.assessments import services as assessments
from kechuang.enterprises.models import AnnualFigures
from kechuang.rdstats import services
from kechuang.rdstats.models import SurveyCampaign, SurveyEvent, SurveyForm

from ..enterprises.factories import AnnualFiguresFactory, EnterpriseFactory
from .conftest import YEAR, fill, money

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def campaign(personas, regions, registry):
    return services.campaign_open(
        actor=personas.staff_a,
        region=regions.county_a,
        year=YEAR,
        deadline=date(YEAR + 1, 3, 31),
        instructions="按统计口径填报",
        extra=[registry.a],
    )


def test_open_includes_in_statistics_enterprises_and_notifies_each(personas, regions, registry):
    flagged = EnterpriseFactory(name="纳统企业有限公司", region=regions.town_a)
    flagged.in_rd_statistics = True
    flagged.save(update_fields=["in_rd_statistics"])
    EnterpriseFactory(name="未纳统企业有限公司", region=regions.town_a)
    other_county = EnterpriseFactory(name="乙县纳统企业有限公司", region=regions.town_b)
    other_county.in_rd_statistics = True
    other_county.save(update_fields=["in_rd_statistics"])

    campaign = services.campaign_open(
        actor=personas.staff_a,
        region=regions.county_a,
        year=YEAR,
        deadline=date(YEAR + 1, 3, 31),
        extra=[registry.a],
    )
    assert sorted(campaign.forms.values_list("enterprise__name", flat=True)) == sorted(
        ["纳统企业有限公司", registry.a.name]
    )
    assert set(SurveyEvent.objects.values_list("state", flat=True)) == {"pending"}
    [note] = Notification.objects.filter(user=personas.enterprise_a)
    form = campaign.forms.get(enterprise=registry.a)
    assert note.url == f"/rdstats/forms/{form.pk}/" and f"{YEAR}年度" in note.title
    with pytest.raises(ValidationError, match="已经发起"):
        services.campaign_open(
            actor=personas.staff_a, region=regions.county_a, year=YEAR, deadline=date.today()
        )


def test_open_refused_outside_the_staff_region_and_for_enterprise_users(personas, regions):
    with pytest.raises(PermissionDenied):
        services.campaign_open(
            actor=personas.staff_a, region=regions.county_b, year=YEAR, deadline=date.today()
        )
    with pytest.raises(PermissionDenied):
        services.campaign_open(
            actor=personas.enterprise_a, region=regions.county_a, year=YEAR, deadline=date.today()
        )


def test_prefill_from_the_registry(personas, regions, registry):
    AnnualFiguresFactory(
        enterprise=registry.a, year=YEAR, sales_revenue=D("12345678.90"), total_cost=D("9000000")
    )
    campaign = services.campaign_open(
        actor=personas.staff_a,
        region=regions.county_a,
        year=YEAR,
        deadline=date(YEAR + 1, 3, 31),
        extra=[registry.a],
    )
    form = campaign.forms.get()
    assert (form.operating_revenue, form.total_cost) == (D("12345678.90"), D("9000000"))


def test_the_whole_life_of_a_form(campaign, personas, registry):
    form = campaign.forms.get(enterprise=registry.a)
    ent, staff = personas.enterprise_a, personas.staff_a
    form = fill(form, ent, **money("500000", "10000000"))
    assert form.status == "draft"
    form = services.form_submit(actor=ent, form=form)
    assert form.status == "submitted" and form.submitted_at is not None
    with pytest.raises(ValidationError, match="不能修改"):
        fill(form, ent, staff_total=6)
    with pytest.raises(ValidationError, match="退回意见"):
        services.form_return(actor=staff, form=form, comment="  ")
    form = services.form_return(actor=staff, form=form, comment="研发人员数偏少，请核对")
    assert form.status == "returned"
    assert Notification.objects.filter(user=ent, body="研发人员数偏少，请核对").exists()
    form = fill(form, ent, staff_total=8)
    assert form.status == "returned"  # editing a returned form keeps it returned until resubmitted
    form = services.form_submit(actor=ent, form=form)
    form = services.form_accept(actor=staff, form=form, comment="数据合理")
    assert form.status == "accepted"
    history = list(
        form.events.order_by("created_at", "pk").values_list("state", "created_by__username")
    )
    assert history == [
        ("pending", "p-staff-a"),
        ("draft", "p-ent-a"),
        ("submitted", "p-ent-a"),
        ("returned", "p-staff-a"),
        ("submitted", "p-ent-a"),
        ("accepted", "p-staff-a"),
    ]
    assert LogEntry.objects.get_for_object(form).count() >= 5  # every save audited


def test_hard_errors_block_submission_with_their_messages(campaign, personas, registry):
    form = campaign.forms.get(enterprise=registry.a)
    values = money("500000", "10000000")
    values["exp_direct"] = D("1")  # parts now 500,001
    form = fill(form, personas.enterprise_a, **values)
    with pytest.raises(ValidationError) as exc:
        services.form_submit(actor=personas.enterprise_a, form=form)
    assert any("不等于各项费用之和" in m for m in exc.value.messages)
    assert SurveyForm.objects.get(pk=form.pk).status == "draft"


def test_a_warning_needs_an_explanation(campaign, personas, registry):
    AnnualFigures.objects.filter(enterprise=registry.a).delete()
    AnnualFiguresFactory(enterprise=registry.a, year=YEAR, rd_expense=D("400000"))
    form = campaign.forms.get(enterprise=registry.a)
    form = fill(form, personas.enterprise_a, **money("500000", "10000000"))  # +25 % vs registry
    with pytest.raises(ValidationError, match="企业库中本年度研发费用"):
        services.form_submit(actor=personas.enterprise_a, form=form)
    form, findings = services.form_save(
        actor=personas.enterprise_a,
        form=form,
        values={},
        explanations={"registry": "企业库数据为快报数，本表为年报数"},
    )
    assert [f.code for f in findings] == ["registry"]
    assert services.form_submit(actor=personas.enterprise_a, form=form).status == "submitted"


def test_context_reads_last_year_registry_and_assessment(campaign, personas, registry):
    AnnualFigures.objects.filter(enterprise=registry.a).delete()
    AnnualFiguresFactory(enterprise=registry.a, year=YEAR - 1, rd_expense=D("100000"))
    AnnualFiguresFactory(enterprise=registry.a, year=YEAR, rd_expense=D("300000"))
    assessments.assess_one(actor=None, enterprise=registry.a, year=YEAR + 1)
    form = campaign.forms.get(enterprise=registry.a)
    ctx = services.context_for(form)
    assert ctx.last_year_rd == D("100000")  # no accepted survey last year: the registry's
    assert ctx.registry_rd == D("300000")
    assert ctx.assessment_rd == D("300000")  # the tech-SME assessment of YEAR+1 read YEAR


def test_enterprise_users_act_only_on_their_own_form(campaign, personas, registry):
    form = campaign.forms.get(enterprise=registry.a)
    with pytest.raises(PermissionDenied):
        fill(form, personas.enterprise_b, staff_total=1)
    with pytest.raises(PermissionDenied):
        fill(form, personas.staff_b, staff_total=1)
    form = fill(form, personas.enterprise_a, **money("500000", "10000000"))
    form = services.form_submit(actor=personas.enterprise_a, form=form)
    with pytest.raises(PermissionDenied):
        services.form_accept(actor=personas.enterprise_a, form=form)
    with pytest.raises(PermissionDenied):
        services.form_accept(actor=personas.staff_b, form=form)


def test_stale_version_is_refused(campaign, personas, registry):
    form = campaign.forms.get(enterprise=registry.a)
    services.form_save(actor=personas.staff_a, form=form, values={"staff_total": 3})
    with pytest.raises(EditConflict):
        services.form_save(
            actor=personas.enterprise_a,
            form=form,
            values={"staff_total": 4},
            expected_version=form.version,
        )
    assert SurveyForm.objects.get(pk=form.pk).staff_total == 3


def test_projects_are_replaced_and_checked(campaign, personas, registry):
    form = campaign.forms.get(enterprise=registry.a)
    project = {"name": "高效减速机研发", "stage": "pilot", "staff": 3, "person_months": D("30")}
    form, _f = services.form_save(
        actor=personas.enterprise_a,
        form=form,
        values={},
        projects=[project, {**project, "name": "二"}],
    )
    assert form.projects.count() == 2
    with pytest.raises(ValidationError, match="第1个项目"):
        services.form_save(
            actor=personas.enterprise_a,
            form=form,
            values={},
            projects=[{**project, "started_on": date(2025, 5, 1), "ended_on": date(2025, 1, 1)}],
        )
    assert form.projects.count() == 2  # the refused save changed nothing


def test_remind_only_laggards_once_a_day(campaign, personas, registry, regions):
    other = EnterpriseFactory(name="已提交企业有限公司", region=regions.town_a)
    services.campaign_add_enterprises(
        actor=personas.staff_a, campaign=campaign, enterprises=[other]
    )
    done = campaign.forms.get(enterprise=other)
    done = fill(done, personas.staff_a, **money("1000", "100000"))
    services.form_submit(actor=personas.staff_a, form=done)
    today = date(YEAR + 1, 3, 1)
    first = services.campaign_remind(actor=personas.staff_a, campaign=campaign, today=today)
    assert (first.total, first.reached_count, first.reached["in_app"]) == (1, 1, 1)
    again = services.campaign_remind(actor=personas.staff_a, campaign=campaign, today=today)
    assert again.total == 1  # reached under today's key already: nothing goes out twice
    reminder = Notification.objects.get(user=personas.enterprise_a, key__startswith="rd-remind")
    assert "尚未提交" in reminder.title


def test_registry_sync_copies_accepted_rd_and_is_audited(campaign, personas, registry):
    AnnualFigures.objects.filter(enterprise=registry.a).delete()
    figures = AnnualFiguresFactory(enterprise=registry.a, year=YEAR, rd_expense=D("480000"))
    form = campaign.forms.get(enterprise=registry.a)
    form = fill(form, personas.staff_a, **money("500000", "10000000"))
    form = services.form_submit(actor=personas.staff_a, form=form)
    assert services.registry_sync(actor=personas.staff_a, forms=[form]) == 0  # not accepted yet
    form = services.form_accept(actor=personas.staff_a, form=form)
    assert services.registry_sync(actor=personas.staff_a, forms=[form]) == 1
    figures.refresh_from_db()
    assert figures.rd_expense == D("500000")
    entry = LogEntry.objects.get_for_object(figures).latest("timestamp")
    assert entry.actor == personas.staff_a and "rd_expense" in entry.changes_dict
    assert services.registry_sync(actor=personas.staff_a, forms=[form]) == 0  # already equal
    with pytest.raises(PermissionDenied):
        services.registry_sync(actor=personas.enterprise_a, forms=[form])


def test_campaign_settings(campaign, personas):
    services.campaign_update(
        actor=personas.staff_a, campaign=campaign, gdp=D("1000000000"), threshold=D("2.5")
    )
    campaign = SurveyCampaign.objects.get(pk=campaign.pk)
    assert (campaign.gdp, campaign.threshold) == (D("1000000000"), D("2.5"))
    with pytest.raises(ValidationError):
        services.campaign_update(actor=personas.staff_a, campaign=campaign, threshold=D("101"))


def test_form_statuses_move_through_the_state_change_block(county, personas):
    """An R&D form's history is the block's dated events, and the block's map refuses a move
    no page offers (issue #13)."""
    from kechuang.core.states import WORKFLOWS
    from kechuang.rdstats.models import RD_WORKFLOW

    assert WORKFLOWS["rdstats"] is RD_WORKFLOW
    accepted = county.forms["E1"]
    assert list(accepted.events.values_list("state", flat=True)) == [
        "pending",
        "draft",
        "submitted",
        "accepted",
    ]
    assert all(e.occurred_on is not None for e in accepted.events.all())
    # accepting twice is not a move of the map: refused, nothing written
    before = accepted.events.count()
    with pytest.raises(ValidationError):
        services.form_accept(actor=personas.staff_a, form=accepted)
    assert accepted.events.count() == before
    with pytest.raises(ValidationError, match="不能从“已通过”变为“已提交”"):
        services._event(accepted, "submitted", personas.staff_a)
