"""Each check of the survey form, one by one, on both sides of its line."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from kechuang.rdstats import services, validation
from kechuang.rdstats.validation import Context

pytestmark = pytest.mark.django_db(databases=[])  # no database: values in, findings out


@pytest.fixture
def ctx() -> Context:
    return Context(labels=services.labels())


def codes(findings):
    return [(f.code, f.level, f.field) for f in findings]


def test_expense_total_must_equal_the_sum_of_its_parts(ctx):
    ok = {"exp_total": D("1000000"), "exp_personnel": D("600000"), "exp_direct": D("400000")}
    assert validation.check_expense_total(ok, ctx) == []
    bad = {**ok, "exp_direct": D("399900")}
    [finding] = validation.check_expense_total(bad, ctx)
    assert (finding.code, finding.level, finding.field) == ("expense_sum", "error", "exp_total")
    # amounts in 万元, the unit the form is filled in; a one-yuan difference is not rounded away
    assert "（100.00万元）" in finding.message and "（99.99万元）" in finding.message
    assert "相差0.01万元" in finding.message
    one_yuan = validation.check_expense_total({**ok, "exp_direct": D("399999")}, ctx)
    assert "相差0.0001万元" in one_yuan[0].message
    # no parts given: nothing to compare
    assert validation.check_expense_total({"exp_total": D("100")}, ctx) == []


def test_sources_must_add_up_to_the_total(ctx):
    values = {"exp_total": D("100"), "src_own": D("90"), "src_government": D("10")}
    assert validation.check_source_total(values, ctx) == []
    values["src_government"] = D("11")
    assert codes(validation.check_source_total(values, ctx)) == [("source_sum", "error", "src_own")]


def test_fte_may_not_exceed_rd_staff(ctx):
    assert validation.check_fte({"fte": D("10.0"), "staff_total": 10}, ctx) == []
    [finding] = validation.check_fte({"fte": D("10.1"), "staff_total": 10}, ctx)
    assert finding.code == "fte_gt_staff" and "10.1" in finding.message


def test_bachelor_plus_not_below_phd_plus_master(ctx):
    values = {"staff_bachelor_plus": 5, "staff_phd": 2, "staff_master": 3}
    assert validation.check_degrees(values, ctx) == []
    values["staff_bachelor_plus"] = 4
    [finding] = validation.check_degrees(values, ctx)
    assert finding.code == "degrees" and "4" in finding.message and "5" in finding.message


def test_rd_expenditure_not_above_total_cost(ctx):
    assert validation.check_total_cost({"exp_total": D("50"), "total_cost": D("50")}, ctx) == []
    assert codes(
        validation.check_total_cost({"exp_total": D("50.01"), "total_cost": D("50")}, ctx)
    ) == [("rd_gt_cost", "error", "exp_total")]


def test_of_which_lines_within_their_totals(ctx):
    assert validation.check_of_which({"staff_total": 10, "staff_women": 10}, ctx) == []
    found = validation.check_of_which(
        {"staff_total": 10, "staff_women": 11, "out_patent_apps": 2, "out_invention_apps": 3}, ctx
    )
    assert {f.field for f in found} == {"staff_women", "out_invention_apps"}
    assert all(f.level == "error" for f in found)


def test_year_on_year_change_over_half_is_a_warning(ctx):
    last = Context(labels=ctx.labels, last_year_rd=D("100"))
    assert validation.check_year_on_year({"exp_total": D("150")}, last) == []
    assert validation.check_year_on_year({"exp_total": D("50")}, last) == []
    [up] = validation.check_year_on_year({"exp_total": D("150.01")}, last)
    assert (up.code, up.level) == ("yoy", "warning") and "+50.0%" in up.message
    [down] = validation.check_year_on_year({"exp_total": D("49.99")}, last)
    assert "-50.0%" in down.message
    assert validation.check_year_on_year({"exp_total": D("999")}, ctx) == []  # no last year


def test_registry_cross_check_over_ten_percent_is_a_warning(ctx):
    reg = Context(labels=ctx.labels, registry_rd=D("10000000"))
    assert validation.check_registry({"exp_total": D("11000000")}, reg) == []
    assert validation.check_registry({"exp_total": D("9000000")}, reg) == []
    [finding] = validation.check_registry({"exp_total": D("11000000.01")}, reg)
    assert (finding.code, finding.level) == ("registry", "warning")
    # The registry's figure in 万元, the unit the form is filled in.
    assert "1,000.00万元" in finding.message and "10.0%" in finding.message


def test_assessment_cross_check_over_ten_percent_is_a_warning(ctx):
    ref = Context(labels=ctx.labels, assessment_rd=D("2000"))
    assert validation.check_assessment({"exp_total": D("2200")}, ref) == []
    assert codes(validation.check_assessment({"exp_total": D("1799")}, ref)) == [
        ("assessment", "warning", "exp_total")
    ]


def test_project_rows_are_checked(ctx):
    projects = [
        {"name": "甲项目", "expenditure": D("100"), "in_house": D("70"), "commissioned": D("30")},
        {"name": "乙项目", "expenditure": D("100"), "in_house": D("70"), "commissioned": D("20")},
        {"name": "丙项目", "staff": 2, "person_months": D("24.1")},
    ]
    found = validation.check_projects(projects, {"exp_total": D("1000")}, ctx)
    assert [(f.code, f.field) for f in found] == [
        ("project_sum", "projects-2"),
        ("project_months", "projects-3"),
    ]
    exceed = validation.check_projects(projects[:1], {"exp_total": D("69")}, ctx)
    assert [(f.code, f.level) for f in exceed] == [("projects_exceed", "warning")]


def test_required_only_when_submitting(ctx):
    assert validation.check({}, [], ctx, submitting=False) == []
    found = validation.check({}, [], ctx, submitting=True)
    assert {f.field for f in found} == {"staff_total", "exp_total", "operating_revenue"}


def test_warnings_block_until_explained_and_star_explains_all(ctx):
    findings = [
        validation.Finding("yoy", "warning", "exp_total", "m1"),
        validation.Finding("registry", "warning", "exp_total", "m2"),
    ]
    assert len(validation.blocking(findings, {})) == 2
    assert [f.code for f in validation.blocking(findings, {"yoy": "扩大研发"})] == ["registry"]
    assert validation.blocking(findings, {"yoy": "  ", "*": "导入时统一说明"}) == []
    errors = [validation.Finding("fte_gt_staff", "error", "fte", "m")]
    assert validation.blocking(errors, {"*": "说明"}) == errors  # errors cannot be explained away
