"""The yjqa figures an item of judgement evidence may link to, and what each reads as now.

An item of evidence (`JudgementEvidence.figure`) names a figure by its key; the figure is
worked out when it is shown (and when the report is frozen, as it then stood):

- ``staff_survey``, ``children_survey``: the service's latest survey of that audience up to
  the inspection's reference day: its responses and average ratings (fewer than 5 answers
  are not shown, as on the survey's own page), linking to its results;
- ``board_attendance``: KPI 7, partner agencies' attendance at the board meetings recorded
  in the year before the reference day, linking to the board meetings;
- ``indicator:<name>``: an indicator from the dashboard (first time entrants, reoffending,
  custody, KPIs 1 to 6 and 8 to 10) for the latest financial year ended by the reference
  day, with figures from fewer than 5 children hidden as board-facing figures are
  (`yjqa.core.indicators.suppression`), linking to the indicators page for that year.

The reference day is the first day of fieldwork, or today while none is set. Where yjqa holds
no data for a figure, it says so (`FigureValue.missing`), never 0.

`suggestions` offers each judgement standard the items its rating usually rests on.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from yjqa.core.frameworks.model import Standard
from yjqa.core.indicators.suppression import SMALL_NOTE, Suppressed, suppress_one
from yjqa.web.inspections.models import Inspection, JudgementEvidence
from yjqa.web.tenancy.models import Service

Kind = JudgementEvidence.Kind


@dataclass(frozen=True)
class FigureValue:
    """A figure as it reads now: `text` where yjqa holds it, else `missing` says why not."""

    key: str
    label: str
    text: str = ""
    missing: str = ""
    url: str = ""  # the page that shows the figure in full ("" if none)
    capability: str = ""  # what a person needs to open `url`
    known: bool = True  # False: the key names no figure yjqa defines

    @property
    def shown(self) -> str:
        """The words a register or a report prints for the figure."""
        return self.text or self.missing


@dataclass(frozen=True)
class Suggestion:
    """An item of evidence a standard's rating usually rests on, added in one click."""

    key: str  # unique within the standard
    kind: str
    title: str
    figure: str = ""
    summary: str = ""


@dataclass(frozen=True)
class _Indicator:
    label: str
    path: tuple[str, ...]
    shape: str  # "count" (count, rate), "fraction", "reoffending"
    noun: str = "children"
    rate: tuple[str, str] = ("", "")  # (key of the rate, its unit)


INDICATORS: dict[str, _Indicator] = {
    "fte": _Indicator(
        "First time entrants",
        ("fte",),
        "count",
        "first time entrants",
        ("rate_per_100k", "per 100,000 children aged 10 to 17"),
    ),
    "reoffending": _Indicator("Proven reoffending", ("reoffending",), "reoffending"),
    "custody": _Indicator(
        "Use of custody",
        ("custody",),
        "count",
        "custodial sentences",
        ("rate_per_1000", "per 1,000 children aged 10 to 17"),
    ),
    "accommodation": _Indicator(
        "KPI 1: in suitable accommodation", ("kpis", "accommodation"), "fraction"
    ),
    "ete": _Indicator(
        "KPI 2: in suitable education, training or employment", ("kpis", "ete"), "fraction"
    ),
    "send": _Indicator(
        "KPI 3: special educational needs with a learning plan", ("kpis", "send"), "fraction"
    ),
    "mental_health": _Indicator(
        "KPI 4: mental health need, attended an intervention",
        ("kpis", "mental_health"),
        "fraction",
    ),
    "substance_misuse": _Indicator(
        "KPI 5: substance misuse need, attended an intervention",
        ("kpis", "substance_misuse"),
        "fraction",
    ),
    "oocd_completed": _Indicator(
        "KPI 6: out-of-court disposals completed",
        ("kpis", "oocd_completed"),
        "count",
        "out-of-court disposals completed",
    ),
    "wider_services": _Indicator(
        "KPI 8: supported by wider services", ("kpis", "wider_services"), "fraction"
    ),
    "serious_violence": _Indicator(
        "KPI 9: serious violence",
        ("kpis", "serious_violence"),
        "count",
        "serious violence offences",
        ("rate_per_10k", "per 10,000 children aged 10 to 17"),
    ),
    "victims": _Indicator("KPI 10: victims contacted", ("kpis", "victims"), "fraction", "victims"),
}
SURVEYS = {"staff_survey": "staff", "children_survey": "children"}
LABELS: dict[str, str] = {
    "staff_survey": "Staff survey",
    "children_survey": "Children's survey",
    "board_attendance": "Board attendance (KPI 7)",
    **{f"indicator:{name}": spec.label for name, spec in INDICATORS.items()},
}
NO_FIGURE = "No linked figure"
# Short names of the shipped surveys' rating questions, for one line of averages.
QUESTION_NAMES = {
    "supervision": "supervision",
    "workload": "workload",
    "training": "training",
    "child_voice": "children's views",
    "recommend": "recommending the service",
    "listened": "listened to",
    "explained": "things explained",
    "safe": "feeling safe",
    "helped": "helped",
    "overall": "overall",
}


def figure_choices() -> list[tuple[str, str]]:
    """(key, label) of every figure an item may link to, for a select; "" links none."""
    return [("", NO_FIGURE), *LABELS.items()]


def is_figure(key: str) -> bool:
    return key in LABELS


def figure_label(key: str) -> str:
    return LABELS.get(key, key)


def reference_day(inspection: Inspection) -> date:
    """The day figures are read up to: fieldwork's first day, or today while none is set."""
    return inspection.fieldwork_start or timezone.localdate()


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _number(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.1f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


# --- Surveys -----------------------------------------------------------------------------------


def _survey_figure(service: Service, key: str, by: date) -> FigureValue:
    from yjqa.web.surveys.models import Survey
    from yjqa.web.surveys.services import survey_summary

    audience = SURVEYS[key]
    label = LABELS[key]
    survey = (
        Survey.objects.filter(service=service, audience=audience, created_at__date__lte=by)
        .order_by("-created_at", "-pk")
        .first()
    )
    if survey is None:
        noun = "staff" if audience == "staff" else "children's"
        return FigureValue(
            key,
            label,
            missing=f"yjqa holds no {noun} survey of {service.name} up to {_long(by)}.",
        )
    summary = survey_summary(survey, include_comments=False)
    respondents = summary["respondents"]
    url = reverse("survey_summary", args=[service.slug, survey.pk])
    named = f"{survey.title} ({survey.period})"
    if respondents == 0:
        return FigureValue(
            key, label, missing=f"{named}: no responses yet.", url=url, capability="view_surveys"
        )
    parts = [f"{named}: {respondents} response{'s' if respondents != 1 else ''}"]
    if summary.get("response_rate") is not None and survey.invited:
        parts[0] += f" ({summary['response_rate']:.0f}% of {survey.invited} invited)"
    averages = []
    hidden = False
    for question in survey.parsed().questions:
        if question.kind != "rating":
            continue
        figures = summary["questions"].get(question.id) or {}
        if figures.get("suppressed"):
            hidden = True
            continue
        name = QUESTION_NAMES.get(question.id, question.text.rstrip("?"))
        averages.append(f"{name} {figures['mean']:.1f}")
    if averages:
        parts.append("average out of 10: " + ", ".join(averages))
    if hidden:
        parts.append("answers from fewer than 5 people are not shown")
    return FigureValue(key, label, text="; ".join(parts) + ".", url=url, capability="view_surveys")


# --- Board attendance --------------------------------------------------------------------------


def _board_figure(service: Service, by: date) -> FigureValue:
    from yjqa.web.improvement.models import BoardMeeting
    from yjqa.web.improvement.queries import attendance_between

    label = LABELS["board_attendance"]
    end = by - timedelta(days=1)
    try:
        start = by.replace(year=by.year - 1)
    except ValueError:  # 29 February
        start = by.replace(year=by.year - 1, day=28)
    url = reverse("meeting_list", args=[service.slug])
    meetings = BoardMeeting.objects.filter(service=service, date__gte=start, date__lte=end).count()
    rows = attendance_between(service, start, end)
    span = f"{_long(start)} to {_long(end)}"
    if not meetings or not rows:
        return FigureValue(
            key="board_attendance",
            label=label,
            missing=f"yjqa holds no board meetings with attendance recorded from {span}.",
            url=url,
            capability="view_improvement",
        )
    came = sum(c for _, c, _ in rows)
    places = sum(o for _, _, o in rows)
    each = ", ".join(f"{agency[:1].lower()}{agency[1:]} {c} of {o}" for agency, c, o in rows)
    text = (
        f"{meetings} board meeting{'s' if meetings != 1 else ''} from {span}: partner agencies "
        f"attended {round(100 * came / places)}% ({came} of {places}); {each}."
    )
    return FigureValue("board_attendance", label, text=text, url=url, capability="view_improvement")


# --- Indicators --------------------------------------------------------------------------------


@dataclass
class _Indicators:
    """One service's indicator figures for one year, worked out once per page."""

    figures: dict[str, Any] | None = None
    year: str = ""
    start_year: int = 0
    loaded: bool = False


def _load_indicators(service: Service, by: date, cache: _Indicators) -> _Indicators:
    if cache.loaded:
        return cache
    from yjqa.core.indicators.engine import compute_indicators
    from yjqa.web.indicators.dashboard import available_years, financial_year_label
    from yjqa.web.indicators.services import service_data

    cache.loaded = True
    years, last = available_years(service)
    if not years or last is None:
        return cache
    ended = [p for p in years if p.end <= min(by, last)]
    if not ended:
        return cache
    period = ended[0]  # newest first
    result = compute_indicators(service_data(service), period.start, period.end, [service.name])
    mine = result["services"].get(service.name)
    if mine is not None:
        cache.figures = suppress_one(mine)
        cache.year = financial_year_label(period)
        cache.start_year = period.start.year
    return cache


def _at(figures: Mapping[str, Any], path: Iterable[str]) -> Any:
    value: Any = figures
    for part in path:
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def _hidden(value: Any) -> bool:
    return isinstance(value, Suppressed)


def _indicator_text(spec: _Indicator, value: Mapping[str, Any]) -> str | None:
    if spec.shape == "fraction":
        numerator, denominator = value.get("numerator"), value.get("denominator")
        if _hidden(numerator) or _hidden(denominator):
            return f"not shown: {SMALL_NOTE}"
        if not denominator:
            return None
        return f"{value.get('percent'):.1f}% ({_number(numerator)} of {_number(denominator)})"
    if spec.shape == "reoffending":
        cohort, reoffenders = value.get("cohort"), value.get("reoffenders")
        if _hidden(cohort) or _hidden(reoffenders):
            return f"not shown: {SMALL_NOTE}"
        if not cohort:
            return None
        return (
            f"{_number(reoffenders)} of {_number(cohort)} children reoffended "
            f"({value.get('binary_rate'):.1f}%)"
        )
    count = value.get("count")
    if _hidden(count):
        return f"fewer than 5 {spec.noun} ({SMALL_NOTE})"
    if count is None:
        return None
    text = f"{_number(count)} {spec.noun}"
    rate_key, unit = spec.rate
    rate = value.get(rate_key) if rate_key else None
    if rate is not None and not _hidden(rate):
        text += f", {_number(rate)} {unit}"
    return text


def _indicator_figure(service: Service, key: str, by: date, cache: _Indicators) -> FigureValue:
    name = key.split(":", 1)[1]
    spec = INDICATORS[name]
    label = LABELS[key]
    loaded = _load_indicators(service, by, cache)
    url = reverse("indicators", args=[service.slug])
    if loaded.figures is None:
        return FigureValue(
            key,
            label,
            missing=f"yjqa holds no indicator data for a full financial year up to {_long(by)}.",
            url=url,
            capability="view_indicators",
        )
    url += f"?year={loaded.start_year}"
    value = _at(loaded.figures, spec.path)
    text = _indicator_text(spec, value) if isinstance(value, Mapping) else None
    if text is None:
        return FigureValue(
            key,
            label,
            missing=f"yjqa holds no records for this figure in {loaded.year}.",
            url=url,
            capability="view_indicators",
        )
    return FigureValue(
        key, label, text=f"{text}, {loaded.year}.", url=url, capability="view_indicators"
    )


# --- Resolving ---------------------------------------------------------------------------------


@dataclass
class FigureReader:
    """Reads figures for one inspection, each worked out once (a page may show several)."""

    inspection: Inspection
    _indicators: _Indicators = field(default_factory=_Indicators)
    _read: dict[str, FigureValue] = field(default_factory=dict)

    def read(self, key: str) -> FigureValue | None:
        """The figure as it reads now; None for no key."""
        if not key:
            return None
        if key not in self._read:
            self._read[key] = self._resolve(key)
        return self._read[key]

    def _resolve(self, key: str) -> FigureValue:
        service = self.inspection.service
        by = reference_day(self.inspection)
        if key in SURVEYS:
            return _survey_figure(service, key, by)
        if key == "board_attendance":
            return _board_figure(service, by)
        if key.startswith("indicator:") and key.split(":", 1)[1] in INDICATORS:
            return _indicator_figure(service, key, by, self._indicators)
        return FigureValue(key, key, missing="yjqa no longer defines this figure.", known=False)


def read_figure(inspection: Inspection, key: str) -> FigureValue | None:
    return FigureReader(inspection).read(key)


# --- Suggestions -------------------------------------------------------------------------------

_BOARD = Suggestion(
    "board_attendance",
    Kind.MEETING,
    "Management board minutes and attendance",
    "board_attendance",
    "Who attends the board, how often, and what it decides.",
)
_STAFF = Suggestion(
    "staff_survey",
    Kind.SURVEY,
    "Staff survey",
    "staff_survey",
    "Staff views on supervision, workloads and training.",
)
_CHILDREN = Suggestion(
    "children_survey",
    Kind.SURVEY,
    "Children's survey",
    "children_survey",
    "Children's views of the service and how it listens to them.",
)
_PLAN = Suggestion(
    "plan",
    Kind.DOCUMENT,
    "Youth justice plan",
    "",
    "The partnership's priorities and how it oversees performance.",
)


def _kpi(name: str, summary: str) -> Suggestion:
    return Suggestion(
        f"indicator:{name}", Kind.DATA, LABELS[f"indicator:{name}"], f"indicator:{name}", summary
    )


# By the standard's title: the same standard keeps its title across framework versions.
SUGGESTIONS: dict[str, tuple[Suggestion, ...]] = {
    "Governance and leadership": (
        _BOARD,
        _PLAN,
        _kpi("reoffending", "How the board oversees reoffending."),
        _kpi("fte", "How the board oversees first time entrants."),
    ),
    "Staff": (
        _STAFF,
        Suggestion(
            "staffing",
            Kind.DOCUMENT,
            "Staffing structure, caseloads and training records",
            "",
            "Who works in the service, their workloads and their training.",
        ),
        Suggestion("staff_meetings", Kind.INTERVIEW, "Meetings with staff and managers", "", ""),
    ),
    "Partnerships and services": (
        _kpi("ete", "Children in education, training or employment at the end of their order."),
        _kpi("accommodation", "Children in suitable accommodation at the end of their order."),
        _kpi("mental_health", "Children with a mental health need who attended an intervention."),
        _kpi("substance_misuse", "Children with a substance misuse need who attended one."),
        _kpi("wider_services", "Children supported by wider services."),
        Suggestion(
            "partners", Kind.INTERVIEW, "Meetings with partner agencies' staff and managers"
        ),
    ),
    "Information and facilities": (
        _CHILDREN,
        Suggestion(
            "policies", Kind.DOCUMENT, "Policies, procedures and information-sharing protocols"
        ),
        _STAFF,
    ),
    "Appropriate Adult arrangements": (
        Suggestion(
            "appropriate_adults", Kind.DOCUMENT, "Appropriate Adult service records and contract"
        ),
    ),
    "Out-of-court disposal policy and provision": (
        Suggestion("oocd_policy", Kind.DOCUMENT, "Out-of-court disposal policy"),
        _kpi("oocd_completed", "Out-of-court disposals completed in the year."),
        _kpi("fte", "First time entrants: how well diversion works."),
    ),
    "Resettlement policy and provision": (
        Suggestion("resettlement_policy", Kind.DOCUMENT, "Resettlement policy"),
        _kpi("custody", "Children sentenced to custody."),
        _kpi("accommodation", "Children in suitable accommodation at the end of their order."),
    ),
    "Operational management": (_STAFF, _BOARD),
    "Strategic": (_BOARD, _PLAN),
}


def suggestions(standard: Standard) -> tuple[Suggestion, ...]:
    """The items a judgement standard's rating usually rests on (none for a case standard)."""
    if standard.kind != "judgement":
        return ()
    return SUGGESTIONS.get(standard.title, ())


def suggestion(standard: Standard, key: str) -> Suggestion | None:
    return next((s for s in suggestions(standard) if s.key == key), None)
