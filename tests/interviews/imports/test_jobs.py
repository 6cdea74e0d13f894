"""Issue 10, finding 5: a large upload is parsed by the worker within a time limit, not in
the request; the editor follows it on the job page."""

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from interviews.imports import services, tasks
from interviews.models import ImportJob, ImportJobStatus, ImportRecord

pytestmark = pytest.mark.django_db

ARTICLE = """老街区里的新气象

——访张店区和平街道党工委书记王志刚

和平街道辖区面积2.8平方公里，常住人口3.6万人，下辖5个社区。
"""
FILLER = "街道组织党员志愿者走进楼院，听一听居民的难处，把小事办好。\n\n"


def big_article() -> bytes:
    return (ARTICLE + FILLER * 40).encode("utf-8")


@pytest.fixture
def small_inline_limit(monkeypatch):
    """Anything above 1 KB goes to the worker (the real limit is 32 KB)."""
    monkeypatch.setattr(services, "INLINE_IMPORT_BYTES", 1024)


def post_file(client, data, name="big.txt"):
    upload = SimpleUploadedFile(name, data, content_type="text/plain")
    return client.post(reverse("interviews:import_upload_file"), {"file": upload})


def test_a_large_upload_is_queued_then_run_by_the_task(
    client, editor, unit, small_inline_limit, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = post_file(client, big_article())
    payload = response.json()
    job = ImportJob.objects.get()
    assert payload["status"] == services.Outcome.QUEUED
    assert payload["url"] == reverse("interviews:import_job", kwargs={"pk": job.pk})
    assert job.status == ImportJobStatus.QUEUED and job.size == len(big_article())
    assert not ImportRecord.objects.exists()  # nothing parsed in the request
    page = client.get(payload["url"])
    assert page.status_code == 200
    assert b'http-equiv="refresh"' in page.content
    assert len(callbacks) == 1
    callbacks[0]()  # the broker hands the task to the worker (eager in tests)
    job.refresh_from_db()
    record = ImportRecord.objects.get()
    assert (job.status, job.outcome, job.record) == (
        ImportJobStatus.DONE,
        services.Outcome.IMPORTED,
        record,
    )
    assert record.article.headline == "老街区里的新气象"
    assert bytes(job.data) == b""
    done = client.get(payload["url"])
    assert done.status_code == 302
    assert done.url == reverse("interviews:import_review", kwargs={"pk": record.pk})


def test_a_small_upload_is_still_imported_in_the_request(client, editor, unit):
    client.force_login(editor)
    payload = post_file(client, ARTICLE.encode("utf-8"), "small.txt").json()
    assert payload["status"] == services.Outcome.IMPORTED
    assert not ImportJob.objects.exists()
    assert ImportRecord.objects.count() == 1


def test_running_a_job_twice_imports_once(editor, unit, small_inline_limit):
    outcome = services.import_upload(data=big_article(), filename="big.txt", by=editor)
    assert outcome.status == services.Outcome.QUEUED  # on_commit does not run in this test
    assert tasks.run_import_job(outcome.job.pk) == ImportJobStatus.DONE
    assert tasks.run_import_job(outcome.job.pk) is None
    assert ImportRecord.objects.count() == 1


def test_a_job_past_its_time_limit_fails_with_a_message(
    client, editor, unit, small_inline_limit, monkeypatch
):
    outcome = services.import_upload(data=big_article(), filename="big.txt", by=editor)

    def too_slow(**kwargs):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(tasks, "import_job_run", too_slow)
    assert tasks.run_import_job(outcome.job.pk) == "timeout"
    job = ImportJob.objects.get()
    assert job.status == ImportJobStatus.FAILED and job.is_failed
    assert str(services.IMPORT_TIME_LIMIT) in job.message
    assert not ImportRecord.objects.exists()
    client.force_login(editor)
    page = client.get(reverse("interviews:import_job", kwargs={"pk": job.pk}))
    assert page.status_code == 200
    assert b'http-equiv="refresh"' not in page.content
    assert job.message in page.content.decode()


def test_the_task_has_a_time_limit():
    assert tasks.run_import_job.soft_time_limit == services.IMPORT_TIME_LIMIT
    assert tasks.run_import_job.time_limit > tasks.run_import_job.soft_time_limit


def test_a_refused_large_file_says_why_on_the_job_page(client, editor, small_inline_limit):
    outcome = services.import_upload(data=b"\x00" * 4096, filename="bin.txt", by=editor)
    tasks.run_import_job(outcome.job.pk)
    job = ImportJob.objects.get()
    assert job.is_failed and job.outcome == services.Outcome.REJECTED
    client.force_login(editor)
    page = client.get(reverse("interviews:import_job", kwargs={"pk": job.pk}))
    assert "二进制" in page.content.decode()


@pytest.mark.parametrize("role", ["official", "reviewer"])
def test_only_editors_see_jobs(client, editor, request, role, small_inline_limit):
    outcome = services.import_upload(data=big_article(), filename="big.txt", by=editor)
    url = reverse("interviews:import_job", kwargs={"pk": outcome.job.pk})
    assert client.get(url).status_code == 302  # anonymous: to the login
    client.force_login(request.getfixturevalue(role))
    assert client.get(url).status_code == 403


def test_unknown_job_is_404(client, editor):
    client.force_login(editor)
    assert client.get(reverse("interviews:import_job", kwargs={"pk": 999})).status_code == 404


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_large_upload_on_a_real_worker(
    redis_broker, celery_app, celery_worker, editor, unit, small_inline_limit
):
    import time

    outcome = services.import_upload(data=big_article(), filename="big.txt", by=editor)
    assert outcome.status == services.Outcome.QUEUED
    assert tasks.run_import_job.delay(outcome.job.pk).get(timeout=30) in (
        ImportJobStatus.DONE,
        None,  # the job queued on commit was taken first
    )
    job = ImportJob.objects.get()
    for _ in range(60):  # wait for whichever run took it (not a timing assertion)
        job.refresh_from_db()
        if job.is_finished:
            break
        time.sleep(0.5)
    assert job.status == ImportJobStatus.DONE
    assert ImportRecord.objects.count() == 1
