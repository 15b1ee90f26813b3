"""Tamper-evident audit (issue #11, level-3 controls): the change log and the login log are
sealed into keyed hash chains; ``verify_audit`` names the first broken link."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.db import connection

from kechuang.accounts import services
from kechuang.accounts.models import LoginEvent
from kechuang.core import audit_chain
from kechuang.core.models import AuditSeal

pytestmark = pytest.mark.django_db


@pytest.fixture
def logs(personas):
    for i in range(3):
        LoginEvent(kind="failure", username=f"chain-{i}").save()
    services.user_set_active(actor=personas.admin, user=personas.staff_a, active=False)
    services.user_set_active(actor=personas.admin, user=personas.staff_a, active=True)
    audit_chain.seal_all()
    return personas


def run_verify(capsys) -> tuple[int, str]:
    try:
        call_command("verify_audit")
        code = 0
    except SystemExit as exc:
        code = int(exc.code)
    return code, capsys.readouterr().out


def test_an_untouched_log_verifies(logs, capsys):
    code, out = run_verify(capsys)
    assert code == 0 and "操作日志" in out and "登录日志" in out and "完整" in out
    assert AuditSeal.objects.filter(log="login").count() == LoginEvent.objects.count()
    assert AuditSeal.objects.filter(log="change").count() == LogEntry.objects.count()


def test_an_edited_row_is_the_first_broken_link(logs, capsys):
    target = LoginEvent.objects.order_by("pk")[1]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE accounts_loginevent SET username = %s WHERE id = %s", ["innocent", target.pk]
        )
    code, out = run_verify(capsys)
    assert code == 1
    assert f"#{target.pk}" in out and "篡改" in out


def test_an_edited_change_log_row_is_found(logs, capsys):
    entry = LogEntry.objects.order_by("pk").first()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE auditlog_logentry SET object_repr = 'forged' WHERE id = %s", [entry.pk]
        )
    code, out = run_verify(capsys)
    assert code == 1 and f"#{entry.pk}" in out


def test_a_deleted_row_is_found(logs, capsys):
    target = LoginEvent.objects.order_by("pk")[0]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM accounts_loginevent WHERE id = %s", [target.pk])
    code, out = run_verify(capsys)
    assert code == 1 and f"#{target.pk}" in out and "删除" in out


def test_a_recomputed_chain_without_the_key_does_not_pass(logs, capsys, settings):
    """Whoever edits the tables cannot re-seal: the key is not in the database."""
    target = LoginEvent.objects.order_by("pk")[2]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE accounts_loginevent SET detail = 'x' WHERE id = %s", [target.pk])
    settings.AUDIT_CHAIN_KEY = "the attacker's guess"
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditseal WHERE log = 'login'")
    audit_chain.seal("login")  # forged with the wrong key
    settings.AUDIT_CHAIN_KEY = ""
    code, out = run_verify(capsys)
    assert code == 1 and "登录日志" in out


def test_new_rows_are_reported_unsealed_then_sealed(logs, capsys):
    LoginEvent(kind="failure", username="late").save()
    code, out = run_verify(capsys)
    assert code == 0 and "1 条尚未封存" in out
    call_command("verify_audit", "--seal")
    assert "新封存 1 条" in capsys.readouterr().out


def test_writes_are_sealed_after_their_transaction_commits(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        LoginEvent(kind="failure", username="sealed-on-commit").save()
    event = LoginEvent.objects.get(username="sealed-on-commit")
    assert AuditSeal.objects.filter(log="login", record_id=event.pk).exists()


def test_seals_are_append_only(logs):
    seal = AuditSeal.objects.first()
    with pytest.raises(PermissionError):
        seal.save()
    with pytest.raises(PermissionError):
        seal.delete()


@pytest.mark.django_db(transaction=True)
def test_a_queued_seal_is_not_queued_again(settings):
    # with the database queue (as served), a write committed while a seal waits adds no task:
    # the waiting one seals them all when it runs
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    for name in ("first", "second", "third"):
        LoginEvent(kind="failure", username=f"queued-{name}").save()  # each commits on its own
    seals = DBTaskResult.objects.filter(task_path__endswith="seal_audit_chains")
    assert seals.filter(status="READY").count() == 1
    seals.update(status="SUCCESSFUL")  # it ran: the next write queues a new one
    LoginEvent(kind="failure", username="queued-fourth").save()
    assert seals.filter(status="READY").count() == 1 and seals.count() == 2
    audit_chain.seal_all()  # what the task does: every row sealed, the waiting writes included
    sealed = set(AuditSeal.objects.filter(log="login").values_list("record_id", flat=True))
    assert set(LoginEvent.objects.values_list("pk", flat=True)) <= sealed
