"""End to end, issue #14: every main page holds at 1366, 1024 and 390 px — nothing wider than
the window (tables scroll inside their own box) — and below 1200 px the navigation is a drawer
opened by the menu button. Screenshots of each go to the test's temporary folder."""

from __future__ import annotations

import pytest

from .test_pipeline_flow import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTHS = (1366, 1024, 390)
PAGES = (
    "/",
    "/enterprises/",
    "/cultivation/",
    "/cultivation/board/",
    "/cultivation/certificates/",
    "/cultivation/tech-sme/",
    "/rdstats/",
    "/reports/",
    "/targets/",
)

OVERFLOW = """() => {
  const doc = document.documentElement;
  const wide = [...document.querySelectorAll('body *')].filter(el => {
    const inside = '.table-container, .table-responsive, .offcanvas-xl, .dropdown-menu';
    if (el.closest(inside)) return false;
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.right > doc.clientWidth + 1;
  }).map(el => el.tagName + '.' + el.className).slice(0, 5);
  return {scroll: doc.scrollWidth, client: doc.clientWidth, wide};
}"""


def test_main_pages_hold_at_three_widths(page, personas, registry, password, tmp_path):
    login(page, "p-staff-a", password)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for path in PAGES:
            page.goto(page.base_url + path)
            found = page.evaluate(OVERFLOW)
            name = path.strip("/").replace("/", "-") or "home"
            page.screenshot(path=str(tmp_path / f"{name}-{width}.png"), full_page=True)
            assert found["scroll"] <= found["client"], (path, width, found)
            assert not found["wide"], (path, width, found)


def test_below_1200_px_the_navigation_is_a_drawer(page, personas, password):
    login(page, "p-staff-a", password)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(page.base_url + "/enterprises/")
    sidebar = page.locator("#sidebar")
    assert sidebar.is_visible()
    assert page.get_by_role("button", name="打开导航").is_hidden()
    page.set_viewport_size({"width": 1024, "height": 800})
    page.goto(page.base_url + "/enterprises/")
    assert sidebar.is_hidden()
    main = page.locator("#main").bounding_box()
    assert main is not None and main["x"] < 5 and main["width"] > 1000  # the list has it all
    page.get_by_role("button", name="打开导航").click()
    page.locator("#sidebar").get_by_role("link", name="认定进度").wait_for()
    page.locator("#sidebar").get_by_role("link", name="认定进度").click()
    page.wait_for_url("**/cultivation/board/**")


def test_the_login_page_and_the_enterprise_portal_work_on_a_phone(
    page, personas, registry, password
):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.base_url + "/accounts/login/")
    assert page.evaluate(OVERFLOW)["scroll"] <= 390
    login(page, "p-ent-a", password)
    for path in ("/", f"/enterprises/{registry.a.pk}/"):
        page.goto(page.base_url + path)
        found = page.evaluate(OVERFLOW)
        assert found["scroll"] <= found["client"] and not found["wide"], (path, found)
