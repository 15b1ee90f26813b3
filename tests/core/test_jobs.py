"""Background jobs: a Job row with status and progress; tasks run after commit."""

from __future__ import annotations

import pytest
from django.db import transaction

from kechuang.core.models import Job, JobStatus
from kechuang.core.services import job_create

pytestmark = pytest.mark.django_db(transaction=True)


def test_job_runs_after_commit_and_records_progress(personas):
    with transaction.atomic():
        job = job_create(
            actor=personas.staff_a,
            name="计数",
            kind="demo",
            func="kechuang.core.tasks.demo_count",
            kwargs={"n": 7},
        )
        assert Job.objects.get(pk=job.pk).status == JobStatus.PENDING  # not before commit
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert (job.progress, job.total) == (7, 7)
    assert job.result["output"] == {"counted": 7}
    assert job.task_result_id


def test_a_failing_job_is_marked_failed(personas):
    job = job_create(
        actor=personas.staff_a,
        name="坏任务",
        kind="demo",
        func="kechuang.core.tasks.demo_count",
        kwargs={"n": "x"},
    )
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "TypeError" in job.error


def test_only_kechuang_functions_run(personas):
    job = job_create(
        actor=personas.staff_a,
        name="越权",
        kind="demo",
        func="os.system",
        kwargs={"command": "true"},
    )
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "refused" in job.error


def test_job_page_shows_progress_to_its_owner_only(client, personas):
    job = job_create(
        actor=personas.staff_a,
        name="计数",
        kind="demo",
        func="kechuang.core.tasks.demo_count",
        kwargs={"n": 3},
    )
    client.force_login(personas.staff_a)
    body = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "计数" in body and "已完成" in body
    client.force_login(personas.staff_b)
    assert client.get(f"/jobs/{job.pk}/").status_code == 404


def test_a_queued_job_says_so_instead_of_zero_of_zero(client, personas):
    job = Job.objects.create(name="导入", kind="demo", created_by=personas.staff_a)
    client.force_login(personas.staff_a)

    def count() -> str:
        body = client.get(f"/jobs/{job.pk}/").content.decode()
        shown = body[body.index('data-testid="job-count"') :]
        return shown[shown.index(">") + 1 : shown.index("</p>")]

    assert job.status == JobStatus.PENDING and count() == "排队中，稍后自动开始。"
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)
    assert count() == "正在准备……"
    Job.objects.filter(pk=job.pk).update(total=40, progress=12)
    assert count() == "已处理 12 / 40"
    assert "0 / 0" not in client.get(f"/jobs/{job.pk}/").content.decode()
