"""This app's pages: `service_patterns` sit under /services/<slug>/ (scoped by membership);
`installation_patterns` belong to no service (the benchmark is every service's)."""

from django.urls import URLPattern, path

from yjqa.web.benchmark import views
from yjqa.web.jobs import views as jobs

service_patterns: list[URLPattern] = [
    path("benchmark/", views.benchmark, name="benchmark"),
    path("benchmark/standards/", views.benchmark_standards, name="benchmark_standards"),
    path("benchmark/your-inspection/", views.benchmark_position, name="benchmark_position"),
    path("benchmark/flagged/", views.benchmark_flagged, name="benchmark_flagged"),
    path("benchmark/national-benchmark.csv", views.benchmark_export, name="benchmark_export"),
]
# Installation administrators only (anyone else gets "Page not found").
installation_patterns: list[URLPattern] = [
    path("benchmark/import/", views.benchmark_import, name="benchmark_import"),
    # The upload's background job (installation-wide: a job of no service).
    path(
        "benchmark/jobs/<int:job_id>/",
        jobs.installation_job_progress,
        name="installation_job_progress",
    ),
    path(
        "benchmark/jobs/<int:job_id>/status.json",
        jobs.installation_job_status,
        name="installation_job_status",
    ),
]
