"""Background jobs: long work run by a worker on the task queue, with its progress on a page.

The interface is in `yjqa.web.jobs.services` (start_job, JobProgress, run_jobs_now) and
described in docs/background-jobs.md.
"""
