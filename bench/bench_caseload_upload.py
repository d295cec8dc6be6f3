"""Benchmark: a large caseload upload answers with its progress page at once (issue 20).

    .venv/bin/python bench/bench_caseload_upload.py [--rows 20000]

Uses a fresh SQLite database in a temporary data directory (or DATABASE_URL if set: give it
a throwaway database), a manager signed in through Django's test client, and one synthetic
CSV file. Prints, in the same run:
- baseline: the whole import in the request, as the upload page did before the queue
  (read_caseload, then do_import_caseload);
- upload: the POST to the upload page, which checks the file's size and type, stores it and
  queues its job, answering with a redirect to the job's progress page;
- progress page: the GET of that page;
- worker: the queued job run by a worker (here in this process), to done;
ending with `rows=… upload_s=… progress_page_s=… answer_s=… worker_s=… baseline_s=…
ratio_answer_baseline=…` (issue 20's target: answer_s, the upload plus its progress page,
under 1 s for 20,000 rows).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import tempfile
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="yjqa-bench-"))
    os.environ.setdefault("YJQA_DATA_DIR", str(work))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yjqa.web.settings")
    os.environ.setdefault("YJQA_MFA", "off")
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from yjqa.core.caseload.reader import read_caseload, write_caseload_csv
    from yjqa.core.synthetic.caseload import generate_services
    from yjqa.web.accounts.models import User
    from yjqa.web.audit.trail import Actor
    from yjqa.web.caseload.models import CaseRecord
    from yjqa.web.caseload.services import do_import_caseload
    from yjqa.web.jobs.models import Job
    from yjqa.web.jobs.services import run_jobs_now
    from yjqa.web.tenancy.models import Membership, Role, Service

    call_command("migrate", verbosity=0)
    service, _ = Service.objects.get_or_create(
        slug="bench", defaults={"name": "Benchmark YJS", "code": "BEN"}
    )
    user = User.objects.filter(email="bench@bench.example").first() or (
        User.objects.create_user("bench@bench.example", "bench-password-2026")
    )
    Membership.objects.get_or_create(user=user, service=service, defaults={"role": Role.MANAGER})
    per_service = 182 * 4
    services = generate_services(args.rows // per_service + 1, seed=1, years=4)
    cases = [
        dataclasses.replace(case, case_ref=f"U{n:07d}")
        for n, case in enumerate(c for s in services for c in s.cases)
    ][: args.rows]
    path = work / "caseload.csv"
    write_caseload_csv(path, cases)
    content = path.read_bytes()

    CaseRecord.objects.filter(service=service).delete()
    start = time.perf_counter()
    rows = read_caseload(path)
    do_import_caseload(Actor.operator(), service, rows, source=path.name)
    baseline = time.perf_counter() - start
    CaseRecord.objects.filter(service=service).delete()

    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    url = reverse("caseload_import", args=["bench"])
    client.get(url)  # warm the page up (templates, URL map)
    start = time.perf_counter()
    response = client.post(url, {"file": SimpleUploadedFile("caseload.csv", content)})
    upload = time.perf_counter() - start
    assert response.status_code == 302, response.status_code
    start = time.perf_counter()
    page = client.get(response["Location"])
    progress_page = time.perf_counter() - start
    assert page.status_code == 200 and b"job-progress" in page.content
    start = time.perf_counter()
    run_jobs_now()
    worker = time.perf_counter() - start
    job = Job.objects.latest("pk")
    assert job.state == Job.State.DONE, job.message
    assert CaseRecord.objects.filter(service=service).count() == len(cases)

    answer = upload + progress_page
    print(f"{len(cases):,} rows, {len(content) / 1e6:.1f} MB CSV")
    print(f"baseline (the import in the request, as before): {baseline:.2f} s")
    print(f"upload (size, type, store, queue; a redirect):   {upload:.3f} s")
    print(f"progress page:                                   {progress_page:.3f} s")
    print(f"worker (read, check, write; to done):            {worker:.2f} s")
    print(
        f"rows={len(cases)} upload_s={upload:.3f} progress_page_s={progress_page:.3f} "
        f"answer_s={answer:.3f} worker_s={worker:.2f} baseline_s={baseline:.2f} "
        f"ratio_answer_baseline={answer / baseline:.3f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
