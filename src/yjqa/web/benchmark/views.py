"""The national benchmark's pages: read-only, for every member of a service, under the service
so that they can show where its own inspections sit. Importing is the operator's task on the
command line (`yjqa benchmark import`), or an installation administrator's on the upload page
(`/benchmark/import/`), which is no service's: the benchmark is every service's."""

from __future__ import annotations

import csv
import io
import logging
import re
from pathlib import Path
from typing import cast
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from yjqa.core.frameworks.shipped import get_framework
from yjqa.core.published_reports.records import FRAMEWORK_2025, SUPPORTED_FRAMEWORKS
from yjqa.web.accounts.models import User
from yjqa.web.audit.models import AuditEvent
from yjqa.web.audit.trail import Actor
from yjqa.web.benchmark.charts import distribution_svg
from yjqa.web.benchmark.figures import (
    Distribution,
    Filters,
    areas_2025,
    filter_choices,
    framework_label,
    missing_standards,
    newest_inspection,
    overall_by_framework,
    overall_by_kind,
    overall_by_year,
    parse_filters,
    positions,
    split_frameworks,
    standard_lines,
    standards_2025,
    standards_by_domain,
    standards_of,
)
from yjqa.web.benchmark.imports import benchmark_import_job
from yjqa.web.benchmark.models import BenchmarkEntry
from yjqa.web.benchmark.queries import all_entries, entry_count, flagged_entries
from yjqa.web.benchmark.services import (
    may_import_benchmark,
    require_benchmark_import,
)
from yjqa.web.inspections.models import Inspection
from yjqa.web.inspections.ratings import inspection_rating
from yjqa.web.jobs.services import do_start_job, job_url
from yjqa.web.spreadsheet_cells import csv_cell
from yjqa.web.tenancy.access import page_context, service_view
from yjqa.web.tenancy.models import Membership
from yjqa.web.upload_limits import check_size


def _page(request: HttpRequest, membership: Membership) -> tuple[Filters, dict[str, object]]:
    """The filters asked for, and what every benchmark page shows: the filter form, and how
    many entries the benchmark holds and leaves out as flagged."""
    frameworks, years = choices = filter_choices()
    filters = parse_filters(request.GET.dict(), choices)
    query = urlencode(filters.query())
    return filters, page_context(
        membership,
        filters=filters,
        framework_choices=frameworks,
        year_choices=years,
        held=entry_count(),
        flagged_count=flagged_entries().count(),
        query=f"?{query}" if query else "",
        newest=newest_inspection(all_entries()),
        may_import=may_import_benchmark(Actor.member(membership)),
    )


def _chart(title: str, table_rows: tuple[Distribution, ...]) -> str:
    return distribution_svg(title, table_rows) if table_rows else ""


@service_view("view_inspections")
def benchmark(request: HttpRequest, membership: Membership) -> HttpResponse:
    filters, context = _page(request, membership)
    entries = list(filters.entries())
    earlier, newer = split_frameworks(entries)
    by_year, by_framework = overall_by_year(earlier), overall_by_framework(earlier)
    by_kind, areas = overall_by_kind(newer), areas_2025(newer)
    charts = {
        "year": _chart("Overall ratings by year", by_year.chart_rows),
        "framework": _chart("Overall ratings by framework", by_framework.chart_rows),
        "kind": _chart("2025 framework: overall ratings by kind of inspection", by_kind.chart_rows),
        "areas": _chart("2025 framework: ratings of each area", areas.chart_rows),
    }
    return render(
        request,
        "benchmark/overview.html",
        {
            **context,
            "entries": entries,
            "earlier": earlier,
            "newer": newer,
            "by_year": by_year,
            "by_framework": by_framework,
            "by_kind": by_kind,
            "areas_2025": areas,
            "charts": charts,
        },
    )


@service_view("view_inspections")
def benchmark_standards(request: HttpRequest, membership: Membership) -> HttpResponse:
    filters, context = _page(request, membership)
    entries = list(filters.entries())
    earlier, newer = split_frameworks(entries)
    domains = [
        {
            "domain": domain,
            "svg": _chart(f"{domain.title}: ratings of each standard", domain.table.chart_rows),
        }
        for domain in standards_by_domain(earlier, filters)
    ]
    table_2025 = standards_2025(newer)
    return render(
        request,
        "benchmark/standards.html",
        {
            **context,
            "entries": entries,
            "earlier": earlier,
            "newer": newer,
            "domains": domains,
            "standards_2025": table_2025,
            "missing": missing_standards(entries),
            "svg_2025": _chart(
                "2025 framework: ratings of each activity and standard", table_2025.chart_rows
            ),
        },
    )


def _comparable_inspections(membership: Membership) -> list[Inspection]:
    return list(
        Inspection.objects.filter(
            service=membership.service, framework_id__in=SUPPORTED_FRAMEWORKS
        ).order_by("-created_at", "-id")
    )


@service_view("view_inspections")
def benchmark_position(request: HttpRequest, membership: Membership) -> HttpResponse:
    filters, context = _page(request, membership)
    inspections = _comparable_inspections(membership)
    chosen = inspections[0] if inspections else None
    wanted = request.GET.get("inspection", "")
    if wanted:
        # Only the service's own inspections: any other id is not found, never confirmed.
        chosen = next((i for i in inspections if str(i.pk) == wanted), None)
        if chosen is None:
            raise Http404("No such inspection")
    # Only the 2018 and 2021 inspections: a 2025 one is judged by other standards and rules.
    entries, _newer = split_frameworks(filters.entries())
    overall = standards = None
    if chosen is not None:
        overall, standards = positions(entries, inspection_rating(chosen), chosen.framework)
    return render(
        request,
        "benchmark/position.html",
        {
            **context,
            "entries": entries,
            "inspections": inspections,
            "chosen": chosen,
            "overall": overall,
            "standards": standards,
            "missing": [
                m
                for m in missing_standards(entries)
                if chosen is not None and m.framework in (chosen.framework_id, "")
            ],
            "other_frameworks": Inspection.objects.filter(service=membership.service)
            .exclude(framework_id__in=SUPPORTED_FRAMEWORKS)
            .count(),
        },
    )


@service_view("view_inspections")
def benchmark_flagged(request: HttpRequest, membership: Membership) -> HttpResponse:
    entries = flagged_entries()
    rows = [(entry, framework_label(entry.framework)) for entry in entries]
    return render(request, "benchmark/flagged.html", page_context(membership, rows=rows))


EXPORT_COLUMNS = (
    "service",
    "framework",
    "fieldwork",
    "published",
    "year",
    "overall",
    "score",
    "max_score",
)


def _cell(value: object) -> str:
    """A cell a spreadsheet will show as text, never run as a formula."""
    return str(csv_cell("" if value is None else str(value)))


NOT_KNOWN_CELL = "not known"  # the standard applies, but the source data gives no rating
CSV_NOT_KNOWN_NOTE = (
    "from the ratings CSV, which records no standard as Requires improvement: a standard "
    "not known may be Requires improvement"
)


def _rating(entry: BenchmarkEntry, standard_id: str, applies: set[str]) -> str:
    """The entry's rating of a standard; "not known" where the standard applies but the source
    data gives none; blank where it does not apply (another framework's standard)."""
    if standard_id in entry.standards:
        return str(entry.standards[standard_id])
    return NOT_KNOWN_CELL if standard_id in applies else ""


@service_view("view_inspections")
def benchmark_export(request: HttpRequest, membership: Membership) -> HttpResponse:
    """The benchmark table as the filters show it, one row per inspection."""
    filters = parse_filters(request.GET.dict())
    standard_ids = list(dict.fromkeys(line.standard_id for line in standard_lines()))
    framework_2025 = get_framework(FRAMEWORK_2025)
    area_ids = [a.id for a in framework_2025.areas]
    ids_2025 = [s.id for s in framework_2025.iter_standards()]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            *EXPORT_COLUMNS,
            *standard_ids,
            "inspection_type",
            *area_ids,
            # The 2025 framework's standards, apart: 1.4 there is not 1.4 of 2018 and 2021.
            *(f"2025:{sid}" for sid in ids_2025),
            "source",
            "source_file",
            "reference",
            "flagged",
            "problems",
            "notes",
        ]
    )
    for entry in filters.entries():
        is_2025 = entry.framework == FRAMEWORK_2025
        applies = standards_of(entry)
        notes = list(entry.notes)
        if entry.source == BenchmarkEntry.Source.CSV:
            notes.append(CSV_NOT_KNOWN_NOTE)
        writer.writerow(
            _cell(v)
            for v in (
                *(getattr(entry, name) for name in EXPORT_COLUMNS),
                *(_rating(entry, sid, applies) if not is_2025 else "" for sid in standard_ids),
                entry.inspection_type,
                *(entry.areas.get(aid, "") for aid in area_ids),
                *(_rating(entry, sid, applies) if is_2025 else "" for sid in ids_2025),
                entry.source,
                entry.source_file,
                entry.reference,
                "yes" if entry.flagged else "no",
                "; ".join(entry.problems),
                "; ".join(notes),
            )
        )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="national-benchmark.csv"'
    return response


# --------------------------------------------------------------------------------------------
# Adding a report: installation administrators only

log = logging.getLogger(__name__)
UPLOAD_SUFFIXES = (".pdf", ".html", ".htm", ".txt", ".md")
MAX_UPLOAD = 20 * 1024 * 1024  # bytes: HMIP's reports are a few megabytes at most


class ReportUploadForm(forms.Form):
    file = forms.FileField(
        label="Upload a published report",
        help_text="The report's PDF, the web page saved from HMIP's site (.html), or a text "
        "file of its extracted text (.txt). Up to 20 MB.",
        error_messages={
            "required": "Select a report file",
            "empty": "The selected file is empty",
            "invalid": "The selected file could not be uploaded: try again",
        },
    )

    def clean_file(self) -> UploadedFile:
        upload = cast(UploadedFile, self.cleaned_data["file"])
        suffix = Path(upload.name or "").suffix.lower()
        if suffix == ".csv":
            raise forms.ValidationError(
                "The selected file is a CSV: the ratings CSV is imported on the command line "
                "(yjqa benchmark import). Upload a single report here"
            )
        if suffix not in UPLOAD_SUFFIXES:
            raise forms.ValidationError(
                "The selected file must be a PDF, a web page (.html) or a text file (.txt)"
            )
        check_size(upload, most=MAX_UPLOAD)
        return upload


def _file_name(upload: UploadedFile) -> str:
    """The upload's own name, without any folder, safe to show and store."""
    name = Path((upload.name or "report").replace("\\", "/")).name
    name = re.sub(r"[^\w .()-]", "_", name).strip() or "report"
    return name[:200]


def _admin_actor(request: HttpRequest) -> Actor:
    return Actor(via=AuditEvent.Via.WEB, user=cast(User, request.user))


@login_required
def benchmark_import(request: HttpRequest) -> HttpResponse:
    """Add a published report to the national benchmark: the page checks the file's size and
    type and queues it; the job (`benchmark_import_job`) reads it and writes it through
    `do_import_benchmark`. For installation administrators alone; anyone else is told the
    page does not exist."""
    actor = _admin_actor(request)
    if not may_import_benchmark(actor):
        raise Http404("No such page")
    posted = request.method == "POST"
    form = ReportUploadForm(request.POST, request.FILES) if posted else ReportUploadForm()
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        name = _file_name(upload)
        job = do_start_job(
            actor,
            None,
            "benchmark_import",
            f"Adding {name} to the national benchmark",
            benchmark_import_job,
            requires=require_benchmark_import,
            view=may_import_benchmark,
            payload=upload,
            file_name=name,
        )
        return redirect(job_url(job))
    return render(
        request,
        "benchmark/import.html",
        {
            "form": form,
            "newest": newest_inspection(all_entries()),
            "held": entry_count(),
        },
    )
