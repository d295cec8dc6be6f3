"""Performance indicators: importing the case-level data, the dashboard and its exports."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import Any, cast

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from yjqa.core.indicators.data import COLUMNS, OPTIONAL, SUFFIXES, TABLES, Table
from yjqa.core.indicators.definitions import get_indicator_set
from yjqa.core.indicators.engine import flatten
from yjqa.core.indicators.suppression import COMPLEMENTARY_NOTE, SMALL_NOTE, is_suppressed, plain
from yjqa.reports.indicator_charts import alt_for_trend, ratio_svg, trend_svg
from yjqa.web.audit.trail import Actor
from yjqa.web.improvement.queries import attendance_between
from yjqa.web.indicators import dashboard as board
from yjqa.web.indicators.imports import indicator_data_job
from yjqa.web.indicators.queries import record_counts
from yjqa.web.indicators.services import TABLE_LABELS
from yjqa.web.jobs.services import do_start_job, job_url
from yjqa.web.spreadsheet_cells import csv_cell, write_formulas_as_text
from yjqa.web.tenancy.access import NotYourRole, can, page_context, service_view
from yjqa.web.tenancy.models import Membership
from yjqa.web.upload_limits import check_size


class IndicatorUploadForm(forms.Form):
    table = forms.ChoiceField(
        label="What does the file hold?",
        choices=[(t, TABLE_LABELS[t]) for t in TABLES],
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the file holds"},
    )
    file = forms.FileField(
        label="Upload a file",
        help_text="A CSV, Excel (.xlsx) or Parquet file.",
        error_messages={"required": "Select a file"},
    )

    def clean_file(self) -> UploadedFile:
        """Size and type only, so the page answers at once: the rows are checked by the job."""
        upload: UploadedFile = self.cleaned_data["file"]
        check_size(upload)
        if Path(upload.name or "").suffix.lower() not in SUFFIXES:
            raise forms.ValidationError(
                "The selected file must be a CSV, Excel (.xlsx) or Parquet file",
                code="file_type",
            )
        return upload


@service_view("manage_caseload")
def indicator_data(request: HttpRequest, membership: Membership) -> HttpResponse:
    """Check the upload's size and type, then queue it: the worker reads, checks and writes
    it, then works out the dashboard, and the progress page shows how far it has got (then
    this page, or every problem found)."""
    service = membership.service
    form = IndicatorUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        table = cast(Table, form.cleaned_data["table"])
        upload = form.cleaned_data["file"]
        job = do_start_job(
            Actor.member(membership),
            service,
            "indicator_data_import",
            f"Importing {upload.name}",
            indicator_data_job,
            requires="manage_caseload",
            view="manage_caseload",
            payload=upload,
            table=table,
            file_name=upload.name,
        )
        return redirect(job_url(job))
    counts = record_counts(service)
    return render(
        request,
        "indicators/data.html",
        page_context(
            membership,
            form=form,
            tables=[(t, TABLE_LABELS[t], counts[t], COLUMNS[t], OPTIONAL[t]) for t in TABLES],
        ),
    )


@service_view("manage_caseload")
def indicator_template(request: HttpRequest, membership: Membership, table: str) -> HttpResponse:
    if table not in TABLES:
        raise Http404
    header = [*COLUMNS[table], *OPTIONAL[table]]
    response = HttpResponse(",".join(header) + "\r\n", content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{table}-template.csv"'
    return response


def _chosen_period(request: HttpRequest, membership: Membership) -> tuple[Any, list[Any], date]:
    years, last = board.available_years(membership.service)
    if not years or last is None:
        return None, [], date.today()
    wanted = request.GET.get("year", "")
    chosen = next((p for p in years if str(p.start.year) == wanted), None)
    return chosen or board.default_year(years, last), years, last


@service_view("view_indicators")
def indicators(request: HttpRequest, membership: Membership) -> HttpResponse:
    period, years, last = _chosen_period(request, membership)
    if period is None:
        return render(request, "indicators/dashboard.html", page_context(membership, empty=True))
    dashboard = board.dashboard_for(membership, period, last, with_breakdowns=True)
    trends = []
    for trend in board.trends(dashboard):
        mine = tuple(plain(v) for v in trend.mine)
        series: list[tuple[str, tuple[float | None, ...]]] = [(membership.service.name, mine)]
        if trend.across is not None:
            series.append((dashboard.across_label, tuple(plain(v) for v in trend.across)))
        hidden = any(is_suppressed(v) for v in (*trend.mine, *(trend.across or ())))
        # A line with no figure at all (every quarter hidden, or none) is left out of the chart.
        series = [(name, values) for name, values in series if any(v is not None for v in values)]
        trends.append(
            {
                "trend": trend,
                "rows": list(
                    zip(
                        trend.labels,
                        trend.mine,
                        trend.across or [None] * len(trend.mine),
                        strict=True,
                    )
                ),
                "hidden": hidden,
                "svg": trend_svg(
                    f"{trend.title}, by quarter",
                    alt_for_trend(trend.labels, series, trend.unit)
                    + (" Quarters from fewer than 5 children are not shown." if hidden else ""),
                    trend.labels,
                    tuple(series),
                    trend.unit,
                )
                if series
                else "",
            }
        )
    groups = board.disproportionality(dashboard.figures)
    ethnicity = next(
        g for g in groups if (g["cohort"], g["dimension"]) == ("outcomes", "ethnicity")
    )
    rated = [r for r in ethnicity["rows"] if r.get("population") and not r["reference"]]
    reference = next((r["label"] for r in ethnicity["rows"] if r["reference"]), "the largest group")
    ratio_chart = (
        ratio_svg(
            f"Children with an outcome: rate ratio by ethnicity, against {reference}",
            f"Rate ratio of each ethnic group against {reference}, with 95% intervals: "
            + "; ".join(
                f"{r['label']} {r['rate_ratio']}"
                if is_suppressed(r.get("rate_ratio"))
                else f"{r['label']} {r['rate_ratio']:.2f}"
                if r.get("rate_ratio")
                else f"{r['label']} no estimate"
                for r in rated
            ),
            tuple(r["label"] for r in rated),
            tuple(plain(r.get("rate_ratio")) for r in rated),
            tuple(
                tuple(r["ci95"]) if r.get("ci95") and not is_suppressed(r["ci95"][0]) else None
                for r in rated
            ),
        )
        if rated
        else ""
    )
    return render(
        request,
        "indicators/dashboard.html",
        page_context(
            membership,
            empty=False,
            dashboard=dashboard,
            period_label=board.financial_year_label(period),
            small_note=SMALL_NOTE,
            complementary_note=COMPLEMENTARY_NOTE,
            can_export_internal=can(membership, INTERNAL_EXPORT),
            years=[(p.start.year, board.financial_year_label(p)) for p in years],
            chosen_year=period.start.year,
            headlines=board.headlines(dashboard),
            trends=trends,
            kpis=board.kpi_rows(dashboard.figures),
            kpi_extra=dashboard.figures.get("kpis") or {},
            victims_kpi=dashboard.victims,
            victims_definition=get_indicator_set().victims_caseload,
            groups=groups,
            ratio_chart=ratio_chart,
            attendance=attendance_between(membership.service, period.start, period.end),
        ),
    )


# Who may download the figures whole, for internal use (the roles that import them).
INTERNAL_EXPORT = "manage_caseload"
SHARED_NOTE = (
    "Figures from fewer than 5 children, and rates and percentages built on them, read "
    '"fewer than 5"; a figure that would let one work out such a figure from a total reads '
    '"not shown". See docs/indicators.md, "Small numbers".'
)
INTERNAL_NOTE = (
    "Unsuppressed, for internal use: this file holds figures from fewer than 5 children, "
    "which could identify a child. Do not share it outside the service."
)


@service_view("view_indicators")
def indicators_export(request: HttpRequest, membership: Membership, fmt: str) -> HttpResponse:
    """The dashboard's figures as CSV or Excel. Meant for sharing, so small numbers are hidden
    for everyone, unless a person who may import the data asks for them whole
    (`?internal=1`), which the file then says."""
    period, _years, last = _chosen_period(request, membership)
    if period is None or fmt not in ("csv", "xlsx"):
        raise Http404
    internal = request.GET.get("internal") == "1"
    if internal and not can(membership, INTERNAL_EXPORT):
        raise NotYourRole(INTERNAL_EXPORT)
    dashboard = board.build_dashboard(membership.service, period, last)
    if not internal:
        dashboard = board.suppress_small_numbers(dashboard)
    service = membership.service.name
    across = dashboard.across_label
    scopes = [(f"{service}, {board.financial_year_label(period)}", dashboard.figures)]
    if dashboard.across is not None:
        scopes.append((f"{across}, {board.financial_year_label(period)}", dashboard.across))
    for quarter, mine, others in dashboard.trend:
        scopes.append((f"{service}, quarter from {quarter.start}", mine))
        if others is not None:
            scopes.append((f"{across}, quarter from {quarter.start}", others))
    rows: list[tuple[str, str, str, Any]] = [
        (scope, indicator, measure, _cell(value))
        for scope, figures in scopes
        for _service, indicator, measure, value in flatten({"services": {service: figures}})
    ]
    if dashboard.victims is not None:  # KPI 10 from the victims' caseload
        scope = scopes[0][0]
        rows.append((scope, "victims_caseload", "victims", _cell(dashboard.victims["victims"])))
        rows += [
            (scope, f"victims_caseload.{name}", part, _cell(measure[part]))
            for name, measure in dashboard.victims["measures"].items()
            for part in ("numerator", "denominator", "percent")
        ]
    note = INTERNAL_NOTE if internal else SHARED_NOTE
    name = f"indicators-{membership.service.slug}-{period.start.year}"
    if internal:
        name += "-internal-unsuppressed"
    header = ("figures", "indicator", "measure", "value")
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        writer.writerow(("note", "", "", note))
        writer.writerows([csv_cell(value) for value in row] for row in rows)
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            _xlsx(
                header,
                rows,
                f"{membership.service.name}, {board.financial_year_label(period)}",
                note,
            ),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def _cell(value: Any) -> Any:
    """A hidden figure is written as its words ("fewer than 5"), never as a number."""
    return str(value) if is_suppressed(value) else value


def _xlsx(
    header: tuple[str, ...], rows: list[tuple[str, str, str, Any]], title: str, note: str
) -> bytes:
    from openpyxl import Workbook  # type: ignore[import-untyped, unused-ignore]
    from openpyxl.styles import Font  # type: ignore[import-untyped, unused-ignore]

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Indicators"
    sheet.append([title])
    sheet["A1"].font = Font(bold=True)
    sheet.append(list(header))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
    for column, width in zip("ABCD", (44, 44, 30, 14), strict=True):
        sheet.column_dimensions[column].width = width
    notes = book.create_sheet("Notes")
    notes.append(["Note"])
    notes["A1"].font = Font(bold=True)
    notes.append([note])
    notes.column_dimensions["A"].width = 120
    write_formulas_as_text(book)  # a service's name starting "=" is text, not a formula
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
