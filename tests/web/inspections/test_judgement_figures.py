"""The yjqa figures an item of judgement evidence links to read as they stand, up to the
inspection's reference day; where yjqa holds no data they say so, never 0; indicator figures
from fewer than 5 children are hidden as board-facing figures are."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from yjqa.core.frameworks.shipped import get_framework, shipped_frameworks
from yjqa.core.indicators.engine import compute_indicators
from yjqa.core.indicators.suppression import Suppressed
from yjqa.core.surveys.definitions import SurveyResponse, get_survey_definition
from yjqa.web.audit.trail import Actor
from yjqa.web.demo import DEMO_INSPECTION_TITLE
from yjqa.web.improvement.services import do_record_board_meeting
from yjqa.web.indicators.dashboard import available_years
from yjqa.web.indicators.services import service_data
from yjqa.web.inspections.judgement_figures import (
    INDICATORS,
    FigureReader,
    _indicator_text,
    figure_choices,
    is_figure,
    read_figure,
    reference_day,
    suggestions,
)
from yjqa.web.inspections.models import Inspection
from yjqa.web.inspections.services import do_create_inspection
from yjqa.web.surveys.models import Survey
from yjqa.web.surveys.services import do_create_survey, do_import_responses
from yjqa.web.tenancy.models import Service

pytestmark = pytest.mark.django_db
OPERATOR = Actor.operator()


def demo() -> Inspection:
    return Inspection.objects.get(service__slug="northshire", title=DEMO_INSPECTION_TITLE)


def inspection_in(slug: str, fieldwork_start: date | None) -> Inspection:
    return do_create_inspection(
        OPERATOR,
        Service.objects.get(slug=slug),
        title="Mock inspection for the evidence",
        framework_id="hmip-youth-2021",
        kind=Inspection.Kind.MOCK,
        fieldwork_start=fieldwork_start,
    )


def a_new_service() -> Service:
    return Service.objects.create(name="Nowhere", slug="nowhere", code="NW")


# Board attendance


def test_board_attendance_is_kpi_7_over_the_meetings_in_the_year_before_fieldwork() -> None:
    inspection = inspection_in("northshire", date(2020, 6, 1))
    service = inspection.service
    missing = read_figure(inspection, "board_attendance")
    assert missing is not None and not missing.text
    assert missing.missing == (
        "yjqa holds no board meetings with attendance recorded from 1 June 2019 to 31 May 2020."
    )
    for day, police in ((date(2019, 9, 10), True), (date(2020, 1, 14), False)):
        do_record_board_meeting(
            OPERATOR,
            service,
            date=day,
            attendance={"police": (police, ""), "health": (True, "")},
            decisions={},
        )
    # A meeting after fieldwork starts is not counted.
    do_record_board_meeting(
        OPERATOR, service, date=date(2020, 7, 1), attendance={"police": (True, "")}, decisions={}
    )
    figure = read_figure(inspection, "board_attendance")
    assert figure is not None
    assert figure.text == (
        "2 board meetings from 1 June 2019 to 31 May 2020: partner agencies attended 75% "
        "(3 of 4); health 2 of 2, police 1 of 2."
    )
    assert figure.url == reverse("meeting_list", args=["northshire"])
    assert figure.capability == "view_improvement"


# Surveys


def staff_survey(service: Service, ratings: list[int], invited: int | None = None) -> None:
    definition = get_survey_definition("staff-survey")
    survey = do_create_survey(
        OPERATOR,
        service,
        definition,
        period="2026 to 2027",
        template_id="staff-survey",
        invited=invited,
    )
    answers = {
        "supervision": "",
        "workload": "",
        "training": "",
        "child_voice": "",
        "recommend": "",
    }
    responses = []
    for rating in ratings:
        filled = {key: str(rating) for key in answers}
        filled["workload"] = "4"
        responses.append(SurveyResponse({**filled, "role": "Case manager"}, {}))
    do_import_responses(OPERATOR, survey, responses)


def test_the_staff_survey_figure_gives_responses_and_each_average() -> None:
    inspection = inspection_in("southvale", None)  # read up to today
    Survey.objects.filter(service=inspection.service, audience="staff").delete()  # the demo's
    before = read_figure(inspection, "staff_survey")
    assert before is not None and before.missing.startswith("yjqa holds no staff survey of")
    staff_survey(inspection.service, [6, 7, 8, 8, 9, 10], invited=12)
    figure = read_figure(inspection, "staff_survey")
    assert figure is not None and figure.capability == "view_surveys"
    assert figure.text == (
        "Staff survey: working in the youth justice service (2026 to 2027): 6 responses "
        "(50% of 12 invited); average out of 10: supervision 8.0, workload 4.0, training 8.0, "
        "children's views 8.0, recommending the service 8.0."
    )
    assert "/surveys/" in figure.url


def test_a_staff_survey_of_fewer_than_5_people_shows_no_averages() -> None:
    inspection = inspection_in("southvale", None)
    staff_survey(inspection.service, [9, 9, 9])
    figure = read_figure(inspection, "staff_survey")
    assert figure is not None
    assert "3 responses" in figure.text
    assert "average" not in figure.text
    assert "answers from fewer than 5 people are not shown" in figure.text


def test_a_survey_after_fieldwork_began_is_not_the_evidence() -> None:
    inspection = inspection_in("southvale", date(2020, 6, 1))
    staff_survey(inspection.service, [9, 9, 9, 9, 9])
    figure = read_figure(inspection, "staff_survey")
    assert figure is not None and not figure.text
    assert figure.missing == "yjqa holds no staff survey of Southvale YJS up to 1 June 2020."


# Indicators


def test_an_indicator_reads_the_latest_financial_year_ended_by_the_reference_day() -> None:
    inspection = demo()
    service = inspection.service
    years, last = available_years(service)
    assert last is not None
    period = next(p for p in years if p.end <= min(reference_day(inspection), last))
    figures = compute_indicators(service_data(service), period.start, period.end, [service.name])
    fte = figures["services"][service.name]["fte"]
    figure = read_figure(inspection, "indicator:fte")
    assert figure is not None
    assert figure.text.endswith(f", April {period.start.year} to March {period.end.year}.")
    if fte["count"] >= 5:
        assert f"{fte['count']:,} first time entrants" in figure.text
    assert figure.url.endswith(f"?year={period.start.year}")


def test_indicator_figures_from_fewer_than_5_children_are_hidden_never_0() -> None:
    hidden = Suppressed("small")
    fte = _indicator_text(INDICATORS["fte"], {"count": hidden, "rate_per_100k": hidden})
    assert fte is not None and fte.startswith("fewer than 5 first time entrants")
    ete = _indicator_text(
        INDICATORS["ete"], {"numerator": hidden, "denominator": 9, "percent": hidden}
    )
    assert ete is not None and ete.startswith("not shown") and "%" not in ete
    reoffending = _indicator_text(
        INDICATORS["reoffending"], {"cohort": 12, "reoffenders": hidden, "binary_rate": hidden}
    )
    assert reoffending is not None and reoffending.startswith("not shown")
    assert (
        _indicator_text(
            INDICATORS["reoffending"], {"cohort": 65, "reoffenders": 23, "binary_rate": 35.4}
        )
        == "23 of 65 children reoffended (35.4%)"
    )
    shown = _indicator_text(
        INDICATORS["ete"], {"numerator": 42, "denominator": 50, "percent": 84.0}
    )
    assert shown == "84.0% (42 of 50)"
    assert (
        _indicator_text(INDICATORS["ete"], {"numerator": 0, "denominator": 0, "percent": None})
        is None
    )


def test_a_service_without_indicator_data_is_told_so() -> None:
    service = a_new_service()
    inspection = do_create_inspection(
        OPERATOR, service, title="First", framework_id="hmip-youth-2021", kind="mock"
    )
    reader = FigureReader(inspection)
    for name in INDICATORS:
        figure = reader.read(f"indicator:{name}")
        assert figure is not None and not figure.text
        assert figure.missing.startswith("yjqa holds no indicator data")
    for key in ("staff_survey", "children_survey", "board_attendance"):
        figure = reader.read(key)
        assert figure is not None and figure.missing.startswith("yjqa holds no") and not figure.text


def test_a_figure_yjqa_no_longer_defines_says_so() -> None:
    figure = read_figure(demo(), "indicator:retired")
    assert figure is not None and not figure.known
    assert figure.shown == "yjqa no longer defines this figure."
    assert read_figure(demo(), "") is None


# Keys and suggestions


def test_every_choice_is_a_figure_and_every_figure_is_a_choice() -> None:
    keys = [key for key, _ in figure_choices() if key]
    assert all(is_figure(key) for key in keys)
    assert {"staff_survey", "board_attendance", "indicator:fte", "indicator:reoffending"} <= set(
        keys
    )
    assert not is_figure("indicator:nothing")


def test_each_organisational_standard_suggests_the_figures_its_rating_rests_on() -> None:
    framework = get_framework("hmip-youth-2021")
    figures = {
        s.id: {x.figure for x in suggestions(framework.standard(s.id))}
        for s in framework.iter_standards()
    }
    assert "board_attendance" in figures["1.1"]
    assert "staff_survey" in figures["1.2"]
    assert {"indicator:ete", "indicator:accommodation"} <= figures["1.3"]
    assert figures["2.1"] == set()  # a case standard has no register


def test_every_judgement_standard_of_every_framework_has_suggestions_of_known_figures() -> None:
    for framework_id in shipped_frameworks():
        framework = get_framework(framework_id)
        for standard in framework.iter_standards():
            if standard.kind != "judgement":
                continue
            offered = suggestions(standard)
            assert offered, (framework_id, standard.id, standard.title)
            assert len({s.key for s in offered}) == len(offered)
            assert all(not s.figure or is_figure(s.figure) for s in offered)


def test_the_reference_day_is_fieldworks_first_day() -> None:
    inspection = inspection_in("northshire", date(2026, 3, 2))
    assert reference_day(inspection) == date(2026, 3, 2)
    assert reference_day(demo()) - date.today() < timedelta(days=2)
