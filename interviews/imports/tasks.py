"""Celery tasks of the importer: a large upload parsed by the worker, within a time limit."""

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.utils.translation import gettext as _

from .services import IMPORT_TIME_LIMIT, import_job_fail, import_job_run


@shared_task(
    name="interviews.run_import_job",
    soft_time_limit=IMPORT_TIME_LIMIT,
    time_limit=IMPORT_TIME_LIMIT + 30,
)
def run_import_job(job_id: int) -> str | None:
    """Parse one queued upload; past the soft limit the job fails with a message (the hard
    limit kills a worker process that does not stop)."""
    try:
        job = import_job_run(job_id=job_id)
    except SoftTimeLimitExceeded:
        import_job_fail(
            job_id=job_id,
            reason=_("处理超时（超过 %(seconds)s 秒），未导入。请拆分文件或检查其内容后重试。")
            % {"seconds": IMPORT_TIME_LIMIT},
        )
        return "timeout"
    except Exception:
        import_job_fail(job_id=job_id, reason=_("处理出错，未导入。请联系管理员。"))
        raise
    return job.status if job else None
