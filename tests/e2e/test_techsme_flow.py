"""End to end: mobilise enterprises from the pool for the tech-SME evaluation, move one to
registered, and see the status counts and the registry's qualification follow."""

from __future__ import annotations

from datetime import date

import pytest

from kechuang.cultivation.assessments import services as assessments
from kechuang.enterprises.models import Qualification

from ..enterprises.factories import EnterpriseFactory
from .test_pipeline_flow import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
YEAR = date.today().year


def test_mobilise_from_the_pool_and_register_one(page, personas, regions, password):
    firms = [
        EnterpriseFactory(name=f"科小企业{i}有限公司", region=regions.town_a) for i in range(3)
    ]
    assessments.assess_enterprises(actor=None, enterprises=firms, year=YEAR)
    login(page, "p-staff-a", password)

    page.goto(page.base_url + f"/cultivation/?year={YEAR}")
    for firm in firms:
        page.get_by_label(f"选择{firm.name}").check()
    page.get_by_role("button", name="动员勾选企业参加科小评价").click()
    page.get_by_role("button", name="保存").click()
    assert "已动员3家企业" in page.content()
    counts = page.get_by_test_id("sme-counts").inner_text()
    assert "已动员\n3" in counts

    target = firms[0]
    for status, extra in [("self_evaluated", ""), ("publicised", ""), ("registered", "NO-1")]:
        row = page.locator("tr", has_text=target.name)
        row.locator("summary").click()
        row.locator("select[name=status]").select_option(status)
        if extra:
            row.locator("input[name=registration_number]").fill(extra)
        row.get_by_role("button", name="保存").click()
        page.wait_for_load_state()
    counts = page.get_by_test_id("sme-counts").inner_text()
    assert "已动员\n2" in counts and "已入库\n1" in counts
    assert Qualification.objects.filter(enterprise=target, kind="tech_sme", number="NO-1").exists()
