"""End to end in Chromium: login page, lockout, user creation, forced password change."""

from __future__ import annotations

import re

import pytest

from kechuang.accounts.models import User

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def login(page, username, password):
    page.goto(page.base_url + "/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def test_staff_logs_in_sees_navigation_and_logs_out(page, personas, password):
    login(page, "p-staff-a", "Wrong#Pass0000")
    assert page.get_by_test_id("login-error").inner_text() == "用户名或密码错误。"
    login(page, "p-staff-a", password)
    page.wait_for_url(page.base_url + "/")
    assert "测试用户" in page.get_by_test_id("current-user").inner_text()
    assert page.get_by_role("navigation", name="主导航").is_visible()
    page.get_by_role("button", name="退出").click()
    page.wait_for_url(re.compile(r".*/accounts/login/.*"))
    page.goto(page.base_url + "/")
    assert "/accounts/login/" in page.url


def test_five_failures_lock_the_account(page, personas, password):
    for _ in range(5):
        login(page, "p-leader", "Wrong#Pass0000")
    login(page, "p-leader", password)
    assert "已被锁定30分钟" in page.get_by_test_id("login-error").inner_text()
    assert "/accounts/login/" in page.url


def test_admin_creates_user_who_must_change_password(page, regions, personas, password):
    login(page, "p-admin", password)
    page.get_by_role("link", name="用户管理").first.click()
    page.get_by_role("link", name="新建用户").click()
    page.get_by_label("用户名").fill("e2e-new")
    page.get_by_label("姓名").fill("新同事")
    page.get_by_label("所属区划").select_option(str(regions.county_a.pk))
    page.get_by_label("业务人员").check()
    page.get_by_role("button", name="保存").click()
    alert = page.get_by_role("alert").first.inner_text()
    temporary = re.search(r"临时密码：(\S+)（", alert).group(1)
    assert User.objects.get(username="e2e-new").must_change_password

    page.get_by_role("button", name="退出").click()
    login(page, "e2e-new", temporary)
    page.wait_for_url(page.base_url + "/accounts/password/")
    assert "首次登录" in page.content()
    page.locator("#id_old_password").fill(temporary)
    page.locator("#id_new_password1").fill("Mine#Own2026pw")
    page.locator("#id_new_password2").fill("Mine#Own2026pw")
    page.get_by_role("button", name="保存新密码").click()
    page.wait_for_url(page.base_url + "/")
    assert "密码已修改" in page.content()
    page.screenshot(path="test-artifacts/e2e-home-after-change.png")


def test_auditor_reads_the_login_log(page, personas, password):
    login(page, "p-staff-a", "Wrong#Pass0000")
    login(page, "p-auditor", password)
    page.get_by_role("link", name="登录日志").first.click()
    table = page.locator("table").inner_text()
    assert "p-staff-a" in table and "登录失败" in table
