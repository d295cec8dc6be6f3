"""The national benchmark's pages: read-only, for every member of a service, under the service
so that they can show where its own inspections sit. Importing is an operator's task, on the
command line (`yjqa benchmark import`)."""

from __future__ import annotations

import csv
import io
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from yjqa.core.published_reports.records import SUPPORTED_FRAMEWORKS
from yjqa.web.benchmark.charts import distribution_svg
from yjqa.web.benchmark.figures import (
    Filters,
    filter_choices,
    framework_label,
    overall_by_framework,
    overall_by_year,
    parse_filters,
    positions,
    standard_lines,
    standards_by_domain,
)
from yjqa.web.benchmark.queries import entry_count, flagged_entries
from yjqa.web.inspections.models import Inspection
from yjqa.web.inspections.ratings import inspection_rating
from yjqa.web.tenancy.access import page_context, service_view
from yjqa.web.tenancy.models import Membership


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
    )


@service_view("view_inspections")
def benchmark(request: HttpRequest, membership: Membership) -> HttpResponse:
    filters, context = _page(request, membership)
    entries = list(filters.entries())
    by_year, by_framework = overall_by_year(entries), overall_by_framework(entries)
    charts = {
        "year": distribution_svg("Overall ratings by year", by_year.chart_rows)
        if by_year.chart_rows
        else "",
        "framework": distribution_svg("Overall ratings by framework", by_framework.chart_rows)
        if by_framework.chart_rows
        else "",
    }
    return render(
        request,
        "benchmark/overview.html",
        {
            **context,
            "entries": entries,
            "by_year": by_year,
            "by_framework": by_framework,
            "charts": charts,
        },
    )


@service_view("view_inspections")
def benchmark_standards(request: HttpRequest, membership: Membership) -> HttpResponse:
    filters, context = _page(request, membership)
    entries = list(filters.entries())
    domains = [
        {
            "domain": domain,
            "svg": distribution_svg(
                f"{domain.title}: ratings of each standard", domain.table.chart_rows
            )
            if domain.table.chart_rows
            else "",
        }
        for domain in standards_by_domain(entries, filters)
    ]
    return render(
        request,
        "benchmark/standards.html",
        {**context, "entries": entries, "domains": domains},
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
    entries = list(filters.entries())
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
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


@service_view("view_inspections")
def benchmark_export(request: HttpRequest, membership: Membership) -> HttpResponse:
    """The benchmark table as the filters show it, one row per inspection."""
    filters = parse_filters(request.GET.dict())
    standard_ids = list(dict.fromkeys(line.standard_id for line in standard_lines()))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            *EXPORT_COLUMNS,
            *standard_ids,
            "source",
            "source_file",
            "reference",
            "flagged",
            "problems",
            "notes",
        ]
    )
    for entry in filters.entries():
        writer.writerow(
            _cell(v)
            for v in (
                *(getattr(entry, name) for name in EXPORT_COLUMNS),
                *(entry.standards.get(sid, "") for sid in standard_ids),
                entry.source,
                entry.source_file,
                entry.reference,
                "yes" if entry.flagged else "no",
                "; ".join(entry.problems),
                "; ".join(entry.notes),
            )
        )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="national-benchmark.csv"'
    return response
