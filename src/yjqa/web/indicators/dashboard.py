"""What the indicator dashboard shows: a period's figures, their trend and the comparison.

The figures are the core engine's; this module only chooses periods and lays figures out as
rows a template (and the XLSX and CSV exports) can read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, TypeVar

from yjqa import __version__
from yjqa.core.caseload.codes import ETHNICITY, SEX
from yjqa.core.indicators.breakdowns import (
    Disposals,
    OffenceTypes,
    ReoffendingBySex,
    disposals,
    offence_types,
    reoffending_by_sex,
)
from yjqa.core.indicators.engine import (
    Period,
    compute_many,
    financial_year_start,
    national,
    quarters,
)
from yjqa.core.indicators.suppression import suppress_figures, suppress_one
from yjqa.core.indicators.victims import victims_kpi
from yjqa.web.audit.generations import (
    INDICATORS,
    INSTALLATION,
    remembered,
    service_key,
    tokens,
)
from yjqa.web.caseload.queries import victim_facts_of
from yjqa.web.indicators.queries import outcome_dates
from yjqa.web.indicators.services import all_services_data, service_data, services_with_data
from yjqa.web.tenancy.models import Membership, Role, Service

TREND_QUARTERS = 12
MIN_SERVICES_FOR_COMPARISON = 2  # fewer, and "across services" would be the service itself
DASHBOARD_TIMEOUT_S = 7 * 24 * 60 * 60  # entries under old tokens age out of Redis


def financial_year(start_year: int) -> Period:
    return Period(date(start_year, 4, 1), date(start_year + 1, 3, 31))


def financial_year_label(period: Period) -> str:
    return f"April {period.start.year} to March {period.end.year}"


def available_years(service: Service) -> tuple[list[Period], date | None]:
    """Financial years with outcomes, newest first, and the latest outcome date recorded."""
    first, last = outcome_dates(service)
    if first is None or last is None:
        return [], None
    start, end = financial_year_start(first), financial_year_start(last)
    return [financial_year(y) for y in range(end, start - 1, -1)], last


def default_year(years: list[Period], last: date) -> Period:
    """The latest financial year that has ended by the last outcome recorded, else the latest."""
    return next((p for p in years if p.end <= last), years[0])


@dataclass(frozen=True)
class Dashboard:
    period: Period
    figures: dict[str, Any]  # the engine's object for this service and period
    across: dict[str, Any] | None  # the same, for every service with data pooled
    across_services: int
    trend: list[tuple[Period, dict[str, Any], dict[str, Any] | None]]
    reoffending_incomplete: bool  # the 18-month follow-up runs past the latest record
    # KPI 10 from the victims' caseload (core.indicators.victims); None if the service has none.
    victims: dict[str, Any] | None = None
    # Small numbers hidden (core.indicators.suppression): what board members and shared
    # exports see.
    suppressed: bool = False
    # The breakdowns a youth justice plan shows (core.indicators.breakdowns), for the period.
    reoffending_by_sex: ReoffendingBySex | None = None
    disposals: Disposals | None = None
    offences: OffenceTypes | None = None

    @property
    def across_label(self) -> str:
        """How the pooled figures are named: the services in this installation, not national
        figures."""
        return f"All services in this installation ({self.across_services})"


def build_dashboard(
    service: Service, period: Period, last: date, *, with_breakdowns: bool = False
) -> Dashboard:
    """The dashboard's figures; `with_breakdowns` adds reoffending by sex, disposals and
    offence types (the dashboard page shows them; the home page's headlines need none).

    Computed once per change of what they are read from, with the breakdowns, and kept in
    Django's cache under the generation tokens (yjqa.web.audit.generations) of the service
    (any change of its data: imports, erasure), of every service's indicator data (the
    figures across services) and of the installation (records retired, a backup restored);
    `warm_dashboard` computes the latest year's as soon as indicator data is imported."""
    key = f"yjqa:{__version__}:dashboard:{service.pk}:{period.start}:{period.end}:{last}:" + tokens(
        [service_key(service.pk), INDICATORS, INSTALLATION]
    )
    dashboard = remembered(
        key, DASHBOARD_TIMEOUT_S, lambda: compute_dashboard(service, period, last)
    )
    if with_breakdowns:
        return dashboard
    return replace(dashboard, reoffending_by_sex=None, disposals=None, offences=None)


def warm_dashboard(service: Service) -> None:
    """Compute and keep the dashboard of the service's latest financial year (the one its
    page opens on), so the first person to look does not wait."""
    years, last = available_years(service)
    if years and last is not None:
        build_dashboard(service, default_year(years, last), last)


def compute_dashboard(service: Service, period: Period, last: date) -> Dashboard:
    """The dashboard's figures with its breakdowns, computed afresh."""
    data = service_data(service)
    trend_start = quarters(date(period.end.year - 3, 1, 1), period.end)[-TREND_QUARTERS:]
    periods = [period, *trend_start]
    mine = compute_many(data, periods, [service.name])
    others = services_with_data()
    across: dict[Period, dict[str, Any]] = {}
    if len(others) >= MIN_SERVICES_FOR_COMPARISON:
        pooled = all_services_data(others)
        across = {p: national(pooled, p) for p in periods}
    months = period.end.month + 18  # the last index date's 18-month follow-up
    follow_up_end = date(period.end.year + (months - 1) // 12, (months - 1) % 12 + 1, 1)
    return Dashboard(
        period=period,
        figures=mine[period][service.name],
        across=across.get(period),
        across_services=len(others),
        trend=[(p, mine[p][service.name], across.get(p)) for p in trend_start],
        reoffending_incomplete=follow_up_end > last,
        victims=victims_figures(service, period),
        reoffending_by_sex=reoffending_by_sex(data, period, service.name),
        disposals=disposals(data, period, service.name),
        offences=offence_types(data, period, service.name),
    )


def suppress_small_numbers(dashboard: Dashboard) -> Dashboard:
    """The dashboard with figures from fewer than 5 children hidden (docs/indicators.md,
    "Small numbers"): the year and its trend quarters protect each other (quarters of one
    financial year add up to it), and "all services" is also hidden where the other services'
    part of it is small."""
    if dashboard.suppressed:
        return dashboard
    years: dict[int, list[int]] = {}
    for index, (quarter, _, _) in enumerate(dashboard.trend, start=1):
        years.setdefault(financial_year_start(quarter.start), []).append(index)
    sums = list(years.values())
    mine = [dashboard.figures, *(figures for _, figures, _ in dashboard.trend)]
    shown = suppress_figures(mine, sums=sums)
    across: list[dict[str, Any] | None] = [None] * len(mine)
    if dashboard.across is not None:
        pooled = [dashboard.across, *(other or {} for _, _, other in dashboard.trend)]
        across = list(suppress_figures(pooled, sums=sums, known=mine))
    return replace(
        dashboard,
        figures=shown[0],
        across=across[0],
        trend=[
            (quarter, shown[i], across[i] if other is not None else None)
            for i, (quarter, _, other) in enumerate(dashboard.trend, start=1)
        ],
        victims=suppress_one(dashboard.victims) if dashboard.victims is not None else None,
        suppressed=True,
        reoffending_by_sex=_suppressed(dashboard.reoffending_by_sex),
        disposals=_suppressed(dashboard.disposals),
        offences=_suppressed(dashboard.offences),
    )


Breakdown = TypeVar("Breakdown", ReoffendingBySex, Disposals, OffenceTypes)


def _suppressed(table: Breakdown | None) -> Breakdown | None:
    """A breakdown with its small numbers hidden (None stays None)."""
    return None if table is None else table.suppressed()


def sees_small_numbers(membership: Membership) -> bool:
    """Board members see indicators with small numbers hidden; the QA work's roles see them
    whole, to act on."""
    return membership.role != Role.BOARD


def dashboard_for(
    membership: Membership, period: Period, last: date, *, with_breakdowns: bool = False
) -> Dashboard:
    """The dashboard as this person may see it (small numbers hidden for board members)."""
    dashboard = build_dashboard(membership.service, period, last, with_breakdowns=with_breakdowns)
    return dashboard if sees_small_numbers(membership) else suppress_small_numbers(dashboard)


def victims_figures(service: Service, period: Period) -> dict[str, Any] | None:
    """KPI 10's measures from the service's victims' caseload for the period, or None if the
    service holds no victims' records."""
    facts = victim_facts_of(service)
    if not facts:
        return None
    return victims_kpi(facts, period.start, period.end)


def quarter_label(period: Period) -> str:
    return f"{period.start:%b %Y}"


@dataclass(frozen=True)
class Headline:
    label: str
    unit: str
    mine: float | int | None
    across: float | int | None


def _get(figures: dict[str, Any] | None, *path: str) -> Any:
    value: Any = figures
    for part in path:
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


HEADLINES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("First time entrants", "children", ("fte", "count")),
    ("First time entrants", "per 100,000 children aged 10 to 17", ("fte", "rate_per_100k")),
    ("Proven reoffending", "% of the cohort reoffended", ("reoffending", "binary_rate")),
    ("Proven reoffending", "reoffences per reoffender", ("reoffending", "per_reoffender")),
    ("Use of custody", "custodial sentences", ("custody", "count")),
    ("Use of custody", "per 1,000 children aged 10 to 17", ("custody", "rate_per_1000")),
    (
        "Serious violence",
        "offences per 10,000 children aged 10 to 17",
        ("kpis", "serious_violence", "rate_per_10k"),
    ),
)


def headlines(dashboard: Dashboard) -> list[Headline]:
    return [
        Headline(label, unit, _get(dashboard.figures, *path), _get(dashboard.across, *path))
        for label, unit, path in HEADLINES
    ]


TRENDS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("First time entrants", "Per 100,000 children aged 10 to 17", ("fte", "rate_per_100k")),
    (
        "Proven reoffending",
        "% of the quarter's cohort who reoffended",
        ("reoffending", "binary_rate"),
    ),
    ("Use of custody", "Per 1,000 children aged 10 to 17", ("custody", "rate_per_1000")),
)


@dataclass(frozen=True)
class Trend:
    title: str
    unit: str
    labels: tuple[str, ...]
    mine: tuple[float | None, ...]
    across: tuple[float | None, ...] | None


def trends(dashboard: Dashboard) -> list[Trend]:
    labels = tuple(quarter_label(p) for p, _, _ in dashboard.trend)
    found = []
    for title, unit, path in TRENDS:
        mine = tuple(_get(figures, *path) for _, figures, _ in dashboard.trend)
        across = (
            tuple(_get(other, *path) for _, _, other in dashboard.trend)
            if dashboard.across is not None
            else None
        )
        found.append(Trend(title, unit, labels, mine, across))
    return found


KPI_ROWS: tuple[tuple[str, str, str], ...] = (
    ("1", "accommodation", "In suitable accommodation at the end"),
    ("2", "ete", "In suitable education, training or employment at the end"),
    ("3", "send", "With special educational needs: a formal learning plan in place"),
    ("4", "mental_health", "With a mental health need: attended an intervention"),
    ("5", "substance_misuse", "With a substance misuse need: attended an intervention"),
    ("8", "wider_services", "Supported by wider services (child in need, looked after...)"),
    ("10", "victims", "Victims contacted"),
)


def kpi_rows(figures: dict[str, Any]) -> list[dict[str, Any]]:
    kpis = figures.get("kpis") or {}
    rows = []
    for number, key, label in KPI_ROWS:
        value = kpis.get(key) or {}
        rows.append({"number": number, "key": key, "label": label, **value})
        if key == "victims" and isinstance(value.get("rj_offered"), dict):
            rows.append(
                {
                    "number": "10",
                    "key": "victims_rj",
                    "label": "Contacted victims offered restorative justice",
                    **value["rj_offered"],
                }
            )
    return rows


NO_LABELS: Mapping[str, str] = {}
DIMENSIONS: tuple[tuple[str, str, Mapping[str, str]], ...] = (
    ("ethnicity", "Ethnicity", ETHNICITY),
    ("sex", "Sex", SEX),
    ("age_band", "Age", NO_LABELS),
)
COHORTS = (
    ("outcomes", "Children with an outcome in the period"),
    ("fte", "First time entrants"),
    ("custody", "Children sentenced to custody"),
)


def disproportionality(figures: dict[str, Any]) -> list[dict[str, Any]]:
    """Per cohort and dimension, the groups' rows in the codes' order, labelled."""
    found = []
    by_cohort = figures.get("disproportionality") or {}
    for cohort, cohort_label in COHORTS:
        for dimension, dimension_label, labels in DIMENSIONS:
            groups = (by_cohort.get(cohort) or {}).get(dimension) or {}
            order = list(labels) or sorted(groups)
            rows = [
                {"code": code, "label": labels.get(code, code), **groups[code]}
                for code in order
                if code in groups
            ]
            # The largest group is the one every other is compared with.
            largest = max((r.get("population") or 0 for r in rows), default=0)
            for row in rows:
                row["reference"] = bool(largest) and row.get("population") == largest
            found.append(
                {
                    "cohort": cohort,
                    "cohort_label": cohort_label,
                    "dimension": dimension,
                    "dimension_label": dimension_label,
                    "rows": rows,
                }
            )
    return found
