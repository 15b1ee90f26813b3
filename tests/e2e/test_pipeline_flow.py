"""End to end (issue #5): pick enterprises in the pool, record a training for all of them,
advance two to "applied"; the board's counts and the home page's target forecast change."""

from __future__ import annotations

from datetime import date

import pytest

from kechuang.cultivation.assessments import services as assessments
from kechuang.targets import services as targets

from ..enterprises.factories import EnterpriseFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
YEAR = date.today().year


def login(page, username, password):
    page.goto(page.base_url + "/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(page.base_url + "/**")


def test_training_then_applications_move_the_board_and_the_targets(
    page, personas, regions, password
):
    firms = [
        EnterpriseFactory(name=f"管线企业{i}有限公司", region=regions.town_a, tech_field="8")
        for i in range(4)
    ]
    assessments.assess_enterprises(actor=None, enterprises=firms, year=YEAR)
    targets.target_set(actor=personas.staff_a, year=YEAR, metric="hte_recognised", value=10)

    login(page, "p-staff-a", password)
    assert "预计 0" in page.get_by_test_id("target-hte_recognised").inner_text()

    page.goto(page.base_url + f"/cultivation/?year={YEAR}")
    for firm in firms:
        page.get_by_label(f"选择{firm.name}").check()
    page.get_by_role("button", name="为勾选的企业记录培训/指导/核实").click()
    page.get_by_label("名称").fill("高企认定培训")
    page.locator("#id_held_on").fill(f"{YEAR}-04-01")
    page.get_by_role("button", name="保存并记录环节").click()
    assert "4家企业进入“认定培训”环节" in page.content()
    assert page.get_by_test_id("count-trained").inner_text() == "4"

    for firm in firms[:2]:
        page.goto(page.base_url + f"/cultivation/enterprises/{firm.pk}/?year={YEAR}")
        page.locator("#pipeline summary").click()
        page.locator("#pipeline select[name=stage]").select_option("applied")
        page.locator("#pipeline input[name=occurred_on]").fill(f"{YEAR}-05-10")
        page.locator("#pipeline input[name=batch]").fill("1")
        page.locator("#pipeline").get_by_role("button", name="保存").click()
        assert "已记录“申报”" in page.content()

    page.goto(page.base_url + f"/cultivation/board/?year={YEAR}")
    assert page.get_by_test_id("count-trained").inner_text() == "2"
    assert page.get_by_test_id("count-applied").inner_text() == "2"
    page.screenshot(path="test-artifacts/e2e-board.png")

    page.goto(page.base_url + "/")
    # 2 × 0.75 (applied) + 2 × 0.3 (trained) = 2.1 → 2
    assert "预计 2" in page.get_by_test_id("target-hte_recognised").inner_text()
