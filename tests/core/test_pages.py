"""Error pages (SEC-29), security headers, CSP and no external origins (SEC-24), health, home."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import path

pytestmark = pytest.mark.django_db


def boom(request):
    raise RuntimeError("secret internals: DATABASE password=hunter2")


urlpatterns = [path("boom/", boom, name="boom")]


@pytest.fixture
def boom_urls(settings):
    import config.urls as project_urls
    from kechuang.core import access

    settings.ROOT_URLCONF = __name__
    urlpatterns[:] = [path("boom/", boom, name="boom"), *project_urls.urlpatterns]
    access.CORE_POLICY["boom"] = access.PUBLIC
    access.url_policy.cache_clear()
    yield
    access.CORE_POLICY.pop("boom")
    access.url_policy.cache_clear()


handler500 = "kechuang.core.views.error_500"
handler404 = "kechuang.core.views.error_404"
handler403 = "kechuang.core.views.error_403"


def test_500_page_is_chinese_with_request_id_and_no_traceback(boom_urls):
    client = Client(raise_request_exception=False)
    response = client.get("/boom/", HTTP_X_REQUEST_ID="req-test-12345")
    body = response.content.decode()
    assert response.status_code == 500
    assert "系统错误" in body and "req-test-12345" in body
    assert "hunter2" not in body and "Traceback" not in body and "RuntimeError" not in body


def test_404_page_is_chinese(client, personas):
    client.force_login(personas.staff_a)
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "页面不存在" in body and response["X-Request-ID"] in body


def test_403_page_is_chinese(client, personas):
    client.force_login(personas.enterprise_a)
    response = client.get("/accounts/users/")
    assert response.status_code == 403 and "无权访问" in response.content.decode()


def test_csrf_is_enforced_on_state_changes(personas, password):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "p-staff-a", "password": password})
    assert response.status_code == 403
    assert "页面已失效" in response.content.decode()


def test_security_headers(client):
    response = client.get("/accounts/login/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp and "http" not in csp


def test_pages_have_no_inline_scripts(client, personas):
    client.force_login(personas.admin)
    for url in ["/accounts/login/", "/", "/accounts/users/", "/accounts/users/add/"]:
        body = client.get(url).content.decode()
        for tag in re.findall(r"<script[^>]*>", body):
            assert "src=" in tag, (url, tag)
        assert not re.search(r"\son\w+=", body), url  # no inline event handlers


EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.I)


def test_no_template_or_static_file_loads_an_external_origin():
    roots = [settings.BASE_DIR / "kechuang"]
    offenders = []
    for root in roots:
        for file in Path(root).rglob("*"):
            if file.suffix in {".html", ".css", ".js"} and file.is_file():
                text = file.read_text(encoding="utf-8", errors="ignore")
                if EXTERNAL.search(text) or "@import url(http" in text:
                    offenders.append(str(file))
    assert offenders == []


def test_static_assets_are_served_locally(client):
    body = client.get("/accounts/login/").content.decode()
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', body):
        assert (settings.BASE_DIR / "node_modules").exists()
        from django.contrib.staticfiles import finders

        assert finders.find(asset.removeprefix("/static/")), asset


def test_login_page_is_chinese(client):
    body = client.get("/accounts/login/").content.decode()
    assert '<html lang="zh-CN">' in body and "用户名" in body and "密码" in body


def test_home_shows_the_navigation_for_the_role(client, personas):
    client.force_login(personas.admin)
    body = client.get("/").content.decode()
    assert "用户管理" in body and "登录日志" not in body
    client.force_login(personas.auditor)
    body = client.get("/").content.decode()
    assert "登录日志" in body and "操作日志" in body and "用户管理" not in body


def test_healthz_reports_database_and_worker(client):
    response = client.get("/healthz")
    data = response.json()
    assert response.status_code == 200
    assert data["database"]["status"] == "ok"
    assert data["worker"]["status"] == "ok" and data["worker"]["ready"] == 0


def test_healthz_reports_a_stalled_worker(client):
    from datetime import timedelta

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    task = DBTaskResult.objects.create(
        task_path="kechuang.core.tasks.execute_job",
        args_kwargs={"args": [1], "kwargs": {}},
        backend_name="default",
        run_after=timezone.now(),
    )
    DBTaskResult.objects.filter(pk=task.pk).update(
        enqueued_at=timezone.now() - timedelta(minutes=10)
    )
    data = client.get("/healthz").json()
    assert data["status"] == "degraded" and data["worker"]["status"] == "stalled"
    assert data["worker"]["ready"] == 1


@override_settings(DEBUG=False)
def test_production_settings_pass_the_deploy_checks(monkeypatch):
    import subprocess
    import sys

    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "x" * 20 + "K9#mQ2pL7vR4tZ8wY1nB6cF3hJ5sD0gA",
        "ALLOWED_HOSTS": "kechuang.example",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_an_insecure_secret_key():
    import subprocess
    import sys

    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "config.settings.production"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_audit_retention_below_180_days_fails_the_checks(settings):
    from kechuang.core.checks import audit_retention_check

    settings.AUDIT_RETENTION_DAYS = 179
    assert [e.id for e in audit_retention_check(None)] == ["kechuang.E001"]
    settings.AUDIT_RETENTION_DAYS = 180
    assert audit_retention_check(None) == []


def test_navigation_order_within_a_group(client, personas):
    client.force_login(personas.staff_a)
    body = client.get("/").content.decode()
    nav = body[
        body.index('aria-label="主导航"') : body.index("</nav>", body.index('aria-label="主导航"'))
    ]
    positions = [nav.index(label) for label in ("企业库", "培育库", "认定进度", "导入记录")]
    assert positions == sorted(positions)
