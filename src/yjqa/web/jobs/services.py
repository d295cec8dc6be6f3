"""Starting background jobs, and what a job's work uses while the worker runs it.

The interface (docs/background-jobs.md says more):

- ``do_start_job(actor, service, kind, title, work, *, requires, view, payload=None, **kwargs)``
  checks that the actor may ``requires`` in the service, stores the uploaded ``payload`` (if
  any) in the installation's storage, writes the Job row, queues it on the task queue and
  records the audit event, in one transaction. It returns the Job at once: send the person to
  ``job_url(job)``, its progress page.
- ``work`` is a module-level function ``work(progress: JobProgress, **kwargs) -> str`` (the
  keyword arguments are ``kwargs``, so they must be JSON: ids and text, not model objects). It
  reports ``progress(fraction, message)`` as it goes, reads the upload through
  ``progress.payload_path()``, says ``progress.done("...")`` at the end, acts as
  ``progress.actor`` (the person who started it, their role checked again by the service
  functions it calls) and returns the address of what it made. An ``InputError`` it raises
  fails the job with its problems listed on the progress page; ``JobFailed("...")`` fails it
  with that message; anything else fails it with a plain "something went wrong" (the
  traceback goes to the worker's log, never to the person).
- ``run_jobs_now()`` runs every queued job in this process (tests, and the command line).
- Installation-wide work (the national benchmark) has ``service=None``: then ``requires`` is a
  check ``requires(actor)`` that raises PermissionDenied, and ``view`` a module-level
  ``view(actor) -> bool`` saying who may see the job (its page is ``installation_job_progress``).
"""

from __future__ import annotations

import logging
import tempfile
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import DatabaseError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

from yjqa.core.validation.problems import InputError
from yjqa.web.audit.models import AuditEvent
from yjqa.web.audit.trail import Actor, changes_between, created, record, require, require_operator
from yjqa.web.jobs.models import Job
from yjqa.web.tenancy.access import can
from yjqa.web.tenancy.models import Membership, Service

logger = logging.getLogger(__name__)

# A refused input lists at most this many problems (then "and N more"), as the pages do.
MAX_PROBLEMS = 101

WorkFunction = Callable[..., str]


class JobFailed(Exception):
    """The work cannot be done, for a reason to tell the person (plain English, no trace)."""


class JobProgress:
    """Handed to a job's work function: who it acts for, its upload, and a progress line."""

    def __init__(self, job: Job, actor: Actor) -> None:
        self.job = job
        self.actor = actor
        self.done_message = "Done"

    @property
    def service(self) -> Service:
        """The job's service (installation-wide work has none, and must not ask)."""
        if self.job.service is None:
            raise JobFailed("This job belongs to no service.")
        return self.job.service

    def done(self, message: str) -> None:
        """What the progress page says once the work has finished ("1,200 rows imported")."""
        self.done_message = message[:500]

    def __call__(self, fraction: float, message: str = "") -> None:
        """Report how far the work has got (0.0 to 1.0) and what it is doing now.

        Written at once, outside the work's own transaction where the database allows, so
        the progress page sees it while the work goes on.
        """
        fraction = min(max(float(fraction), 0.0), 0.99)  # 1.0 is for a finished job
        Job.objects.filter(pk=self.job.pk).update(
            progress=fraction, message=message[:500], heartbeat_at=timezone.now()
        )
        self.job.progress, self.job.message = fraction, message[:500]

    @contextmanager
    def payload_path(self) -> Iterator[Path]:
        """The job's uploaded file as a local file with its own suffix (from any storage)."""
        if not self.job.payload:
            raise JobFailed("This job has no file to read.")
        suffix = Path(self.job.payload).suffix
        with (
            default_storage.open(self.job.payload, "rb") as source,
            tempfile.NamedTemporaryFile(suffix=suffix) as handle,
        ):
            for chunk in iter(lambda: source.read(1 << 20), b""):
                handle.write(chunk)
            handle.flush()
            yield Path(handle.name)


def _work_path(work: Callable[..., Any]) -> str:
    """The work function's dotted path, checked to lead back to it (the worker imports it)."""
    path = f"{work.__module__}.{work.__qualname__}"
    try:
        found = import_string(path)
    except ImportError:
        found = None
    if found is not work:
        raise ValueError(f"a job's work must be a module-level function, not {path}")
    return path


def do_start_job(
    actor: Actor,
    service: Service | None,
    kind: str,
    title: str,
    work: WorkFunction,
    *,
    requires: str | Callable[[Actor], None],
    view: str | Callable[[Actor], bool],
    payload: UploadedFile | None = None,
    **kwargs: Any,
) -> Job:
    """Queue `work(progress, **kwargs)` for the worker, as `actor`, and return its Job.

    `requires` is the capability needed to start it (checked now, and again by the service
    functions the work calls); `view` the capability needed to see the job and its result.
    `payload`, an upload already checked for size and type, is kept in storage until the
    job ends. Nothing is queued unless everything here is written.

    With `service=None` (installation-wide work) `requires(actor)` is the permission check
    and `view(actor)` says who may see the job.
    """
    if service is None:
        if isinstance(requires, str) or isinstance(view, str):
            raise ValueError("installation-wide work needs callable `requires` and `view`")
        requires(actor)
        view_capability = _work_path(view)
    else:
        if not isinstance(requires, str) or not isinstance(view, str):
            raise ValueError("a service's work needs capabilities for `requires` and `view`")
        require(actor, service, requires)
        view_capability = view
    path = _work_path(work)
    stored = ""
    if payload is not None:
        suffix = Path(payload.name or "").suffix.lower()[:10]
        stored = default_storage.save(f"jobs/{uuid.uuid4().hex}{suffix}", payload)
    try:
        with transaction.atomic():
            job = Job.objects.create(
                service=service,
                started_by=actor.user,
                membership=actor.membership,
                via=actor.via,
                kind=kind,
                title=title[:200],
                view_capability=view_capability,
                work=path,
                arguments=kwargs,
                payload=stored,
                message="Waiting for a worker to start it",
            )
            # The queue's row is written in this transaction too: a worker never sees a
            # task whose job is not there, and a failure leaves neither.
            result = run_job.enqueue(job.pk)
            job.task_result_id = str(result.id)
            job.save(update_fields=["task_result_id"])
            record(
                actor,
                "start_job",
                job,
                service=service,
                object_type="job",
                changes=created({"kind": kind, "title": job.title}),
            )
    except BaseException:
        if stored:
            default_storage.delete(stored)
        raise
    return job


def job_url(job: Job) -> str:
    """The job's progress page."""
    if job.service is None:
        return reverse("installation_job_progress", kwargs={"job_id": job.pk})
    return reverse("job_progress", kwargs={"slug": job.service.slug, "job_id": job.pk})


def may_see_installation_job(actor: Actor, job: Job) -> bool:
    """An installation-wide job is seen by those its own check allows (no one else)."""
    if job.service_id is not None:
        return False
    try:
        check: Callable[[Actor], bool] = import_string(job.view_capability)
    except ImportError:
        return False
    return bool(check(actor))


def visible_jobs(membership: Membership) -> QuerySet[Job]:
    """The jobs of the membership's service that its role may see (what they produced)."""
    jobs = Job.objects.filter(service=membership.service).select_related("service")
    allowed = [
        name
        for name in jobs.values_list("view_capability", flat=True).distinct()
        if can(membership, name)
    ]
    return jobs.filter(view_capability__in=allowed)


def visible_jobs_for_user(user: Any) -> QuerySet[Job]:
    """Every job the person may see, across their services (for the API)."""
    ids: list[int] = []
    for membership in Membership.objects.active().filter(user=user).select_related("service"):
        ids.extend(visible_jobs(membership).values_list("pk", flat=True))
    actor = Actor(via=AuditEvent.Via.API, user=user)
    wide = Job.objects.filter(service__isnull=True)
    for name in wide.values_list("view_capability", flat=True).distinct():
        if may_see_installation_job(actor, Job(view_capability=name)):
            ids.extend(wide.filter(view_capability=name).values_list("pk", flat=True))
    return Job.objects.filter(pk__in=ids)


@task()
def run_job(job_id: int) -> None:
    """The one task on the queue: run a job's work (the worker calls this)."""
    execute_job(job_id)


def _actor_of(job: Job) -> Actor:
    if job.service_id is None:
        # Installation-wide work: the person themselves (checked again by the work).
        if job.started_by is not None:
            return Actor(via=job.via, user=job.started_by)
        if job.via in (AuditEvent.Via.COMMAND_LINE, AuditEvent.Via.DEMO):
            return Actor.operator(via=job.via)
        raise JobFailed("The person who started this may no longer do it.")
    if job.membership_id is None:
        if job.started_by_id is not None:
            raise JobFailed("The person who started this is no longer a member of the service.")
        return Actor.operator(via=job.via)
    membership = (
        Membership.objects.active()
        .select_related("service", "user")
        .filter(pk=job.membership_id)
        .first()
    )
    if membership is None:
        raise JobFailed("The person who started this is no longer a member of the service.")
    return Actor.member(membership, via=job.via)


def _finish(job: Job, state: str, **fields: Any) -> None:
    fields.update(state=state, finished_at=timezone.now())
    Job.objects.filter(pk=job.pk).update(**fields)
    for name, value in fields.items():
        setattr(job, name, value)


@contextmanager
def _heartbeat(job_id: int) -> Iterator[None]:
    """While the work runs, refresh the job's heartbeat every so often from a thread of its own,
    so work that reports no progress for a while (one long write) is not taken for stopped."""
    every = min(60.0, settings.YJQA_JOB_STALE_AFTER_S / 3)
    stop = threading.Event()

    def beat() -> None:  # pragma: no cover - only after a minute of one job
        from django.db import connection

        try:
            while not stop.wait(every):
                # A database locked by the work's own write: it is alive, try again later.
                with suppress(DatabaseError):
                    Job.objects.filter(pk=job_id, state=Job.State.RUNNING).update(
                        heartbeat_at=timezone.now()
                    )
        finally:
            connection.close()

    threading.Thread(target=beat, name=f"job-{job_id}-heartbeat", daemon=True).start()
    try:
        yield
    finally:
        stop.set()


def execute_job(job_id: int) -> Job | None:
    """Run one queued job here and now: running, then done or failed (never half-done).

    Returns None if the job is gone or another worker has it already.
    """
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, state=Job.State.QUEUED).update(
        state=Job.State.RUNNING, started_at=now, heartbeat_at=now, message="Starting"
    )
    if not claimed:
        return None
    job = Job.objects.select_related("service").get(pk=job_id)
    progress: JobProgress | None = None
    try:
        progress = JobProgress(job, _actor_of(job))
        work: WorkFunction = import_string(job.work)
        with _heartbeat(job.pk):
            result_url = work(progress, **job.arguments)
    except InputError as error:
        problems = [p.describe(error.source) for p in error.problems][:MAX_PROBLEMS]
        total = error.total
        noun = "problem" if total == 1 else "problems"
        _finish(
            job,
            Job.State.FAILED,
            message=f"Nothing has been changed: {total:,} {noun} to correct.",
            problems=problems,
            problem_total=total,
        )
    except JobFailed as error:
        _finish(job, Job.State.FAILED, message=str(error)[:500])
    except PermissionDenied:
        _finish(
            job,
            Job.State.FAILED,
            message="Nothing has been changed: the person who started this may no longer do it.",
        )
    except Exception:
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        _finish(
            job,
            Job.State.FAILED,
            message="Nothing has been changed: something went wrong on our side. Try again, and "
            "if it happens again tell your administrator the job's number.",
        )
    else:
        _finish(
            job,
            Job.State.DONE,
            progress=1.0,
            message=progress.done_message,
            result_url=result_url or "",
        )
    finally:
        if job.payload:
            default_storage.delete(job.payload)
    return job


WORKER_STOPPED = "The worker stopped before this finished. Nothing was written; start it again."


def do_fail_stopped_jobs(actor: Actor, *, now: datetime | None = None) -> list[Job]:
    """Fail the jobs whose worker has stopped, and return them (the operator's, or a worker's).

    A running job with no heartbeat for ``YJQA_JOB_STALE_AFTER_S`` lost its worker (killed,
    machine restarted) and a queued job whose task is no longer on the queue will never run:
    both are failed with WORKER_STOPPED (their work writes in one transaction, so nothing
    was half-written), a running task's queue row is marked failed too, the upload is
    deleted, and each gets a ``fail_stopped_job`` audit event.
    """
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    require_operator(actor)
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.YJQA_JOB_STALE_AFTER_S)
    stale = Job.objects.filter(state=Job.State.RUNNING).filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)
    )
    queued = list(Job.objects.filter(state=Job.State.QUEUED))
    on_queue = {
        str(pk)
        for pk in DBTaskResult.objects.filter(
            id__in=[job.task_result_id for job in queued if job.task_result_id]
        ).values_list("id", flat=True)
    }
    candidates = list(stale) + [job for job in queued if job.task_result_id not in on_queue]
    failed: list[Job] = []
    for job in candidates:
        with transaction.atomic():
            # Only if it is still as we found it (its worker may have just reported).
            still = Job.objects.filter(pk=job.pk, state=job.state)
            if job.state == Job.State.RUNNING:
                still = still.filter(heartbeat_at=job.heartbeat_at)
            if not still.update(state=Job.State.FAILED, message=WORKER_STOPPED, finished_at=now):
                continue
            if job.state == Job.State.RUNNING and job.task_result_id:
                DBTaskResult.objects.filter(
                    id=job.task_result_id, status=TaskResultStatus.RUNNING
                ).update(
                    status=TaskResultStatus.FAILED,
                    finished_at=now,
                    exception_class_path="yjqa.web.jobs.services.WorkerStopped",
                    traceback=WORKER_STOPPED,
                )
            record(
                actor,
                "fail_stopped_job",
                job,
                service=job.service,
                object_type="job",
                changes=changes_between({"state": job.state}, {"state": Job.State.FAILED}),
            )
        job.state, job.message, job.finished_at = Job.State.FAILED, WORKER_STOPPED, now
        if job.payload:
            default_storage.delete(job.payload)
        failed.append(job)
    return failed


def sweep_stopped_jobs() -> int:
    """What a worker runs when it starts and every so often: fail the stopped jobs, log them."""
    failed = do_fail_stopped_jobs(Actor.operator())
    for job in failed:
        logger.warning("Job %s (%s) failed: its worker stopped", job.pk, job.kind)
    return len(failed)


def run_jobs_now() -> int:
    """Run every queued task in this process, as a worker would, and return how many ran.

    For tests and for the command line. It is the worker's own loop (django-tasks-db's
    claim and run) without the worker's closing of old database connections, which would
    end a test's transaction.
    """
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult
    from django_tasks_db.utils import exclusive_transaction

    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="in-process",
        excluded_queue_names=[],
    )
    ran = 0
    while True:
        ready = DBTaskResult.objects.ready().filter(backend_name="default")
        with exclusive_transaction(ready.db):
            task_result = ready.get_locked()
            if task_result is not None:
                task_result.claim(worker.worker_id)
        if task_result is None:
            return ran
        worker.run_task(task_result)
        ran += 1
