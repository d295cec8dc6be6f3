"""Indicator data imports, the dashboard and its exports, through the web pages."""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from jobs_helpers import post_and_run
from yjqa.core.caseload.codes import ETHNICITY
from yjqa.core.indicators.data import KPI_COLUMNS
from yjqa.core.indicators.engine import compute_indicators
from yjqa.web.caseload.models import VictimRecord
from yjqa.web.indicators.dashboard import available_years, default_year
from yjqa.web.indicators.models import Child, ChildOutcome, PopulationCount
from yjqa.web.indicators.services import service_data
from yjqa.web.inspections.models import Inspection
from yjqa.web.tenancy.models import Service

ClientFor = Callable[[str], Client]
pytestmark = pytest.mark.django_db

PEOPLE = (
    "person_id,service,sex,ethnicity,date_of_birth\n"
    "T-1,Northshire YJS,male,white,2010-02-01\n"
    "T-2,northshire yjs,Female,Black,2011-07-15\n"
)
OUTCOMES = (
    "outcome_id,person_id,service,offence_date,outcome_date,outcome,offence_category,"
    "gravity_score,end_date,ete_suitable\n"
    "TO-1,T-1,Northshire YJS,2025-05-01,2025-06-01,youth_caution,theft,3,2025-09-01,yes\n"
    "TO-2,T-2,Northshire YJS,2025-05-03,2025-06-20,Referral order,robbery,5,,\n"
)


def upload(client: Client, table: str, name: str, text: str) -> str:
    """Upload through the page: it queues a job, which runs here; the job's page, then."""
    response = post_and_run(
        client,
        reverse("indicator_data", args=["northshire"]),
        {"table": table, "file": SimpleUploadedFile(name, text.encode())},
    )
    assert response.status_code == 200
    return response.content.decode()


def test_the_model_holds_every_kpi_column() -> None:
    names = {f.name for f in ChildOutcome._meta.get_fields()}
    assert set(KPI_COLUMNS) <= names


def test_import_children_then_outcomes_and_update_them(client_for: ClientFor) -> None:
    client = client_for("manager@northshire.example")
    before = ChildOutcome.objects.count()
    page = upload(client, "people", "children.csv", PEOPLE)
    assert "children.csv: 2 rows imported (2 new, 0 updated)" in page
    page = upload(client, "outcomes", "outcomes.csv", OUTCOMES)
    assert "outcomes.csv: 2 rows imported (2 new, 0 updated)" in page
    assert ChildOutcome.objects.count() == before + 2
    stored = ChildOutcome.objects.get(outcome_id="TO-2")
    assert (stored.outcome, stored.end_date, stored.ete_suitable) == ("referral_order", None, None)
    assert Child.objects.get(person_id="T-2").sex == "female"
    again = upload(client, "outcomes", "outcomes.csv", OUTCOMES.replace(",3,", ",4,"))
    assert "(0 new, 2 updated)" in again
    assert ChildOutcome.objects.get(outcome_id="TO-1").gravity_score == 4


def test_a_bad_file_is_refused_whole_and_every_problem_named(client_for: ClientFor) -> None:
    client = client_for("admin@northshire.example")
    upload(client, "people", "children.csv", PEOPLE)
    before = ChildOutcome.objects.count()
    bad = OUTCOMES + (
        "TO-3,T-9,Northshire YJS,2025-05-01,2025-06-01,youth_caution,theft,3,,\n"
        "TO-4,T-1,Southvale YJS,2025-05-01,2025-06-01,youth_caution,theft,3,,\n"
        "TO-5,T-1,Northshire YJS,2025-13-01,2025-06-01,caution,theft,9,,maybe\n"
    )
    page = upload(client, "outcomes", "bad.csv", bad)
    assert "The file was not imported" in page
    assert "bad.csv: row 6, column offence_date: &#x27;2025-13-01&#x27; is not a date" in page
    assert "row 6, column outcome: &#x27;caution&#x27; is not a known code" in page
    assert "row 6, column gravity_score" in page
    assert "row 6, column ete_suitable: &#x27;maybe&#x27; is not true or false" in page
    assert ChildOutcome.objects.count() == before
    # Fix the field problems: the other service's row is refused next, still writing nothing.
    page = upload(client, "outcomes", "bad.csv", OUTCOMES + bad.splitlines()[4] + "\n")
    assert "row 4, column service: &#x27;Southvale YJS&#x27; is not Northshire YJS" in page
    page = upload(client, "outcomes", "bad.csv", OUTCOMES + bad.splitlines()[3] + "\n")
    assert "row 4, column person_id: no child &#x27;T-9&#x27;" in page
    assert ChildOutcome.objects.count() == before


def test_templates_give_the_columns(client_for: ClientFor) -> None:
    client = client_for("manager@northshire.example")
    text = client.get(reverse("indicator_template", args=["northshire", "population"])).content
    assert text.decode().strip() == "service,year,sex,ethnicity,age,count"
    assert client.get(reverse("indicator_template", args=["northshire", "nope"])).status_code == 404


def test_the_dashboard_shows_the_engines_figures(client_for: ClientFor) -> None:
    service = Service.objects.get(slug="northshire")
    years, last = available_years(service)
    assert years and last is not None
    period = default_year(years, last)
    expected = compute_indicators(service_data(service), period.start, period.end)
    figures = expected["services"][service.name]
    page = client_for("board@northshire.example").get(reverse("indicators", args=["northshire"]))
    body = page.content.decode()
    assert page.status_code == 200
    assert f"April {period.start.year} to March {period.end.year}" in body
    assert f">{figures['fte']['count']}<" in body
    assert "All services" in body  # both demo services have data
    assert 'id="dispro-outcomes-ethnicity"' in body and 'role="img"' in body
    assert "NS-" not in body  # no child is identified on the dashboard


def test_exports_hold_the_same_figures(client_for: ClientFor) -> None:
    service = Service.objects.get(slug="northshire")
    years, last = available_years(service)
    assert last is not None
    period = default_year(years, last)
    expected = compute_indicators(service_data(service), period.start, period.end)
    fte = expected["services"][service.name]["fte"]["count"]
    client = client_for("manager@northshire.example")
    text = client.get(reverse("indicators_export", args=["northshire", "csv"])).content.decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["figures", "indicator", "measure", "value"]
    scope = f"Northshire YJS, April {period.start.year} to March {period.end.year}"
    assert [scope, "fte", "count", str(fte)] in rows
    data = client.get(reverse("indicators_export", args=["northshire", "xlsx"])).content
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    values = [tuple(r) for r in sheet.iter_rows(min_row=3, values_only=True)]
    assert (scope, "fte", "count", fte) in values


def test_population_counts_are_stored_per_group() -> None:
    assert PopulationCount.objects.filter(service__slug="northshire").exists()


def test_kpi_7_comes_from_the_board_meetings_of_the_year(client_for: ClientFor) -> None:
    from datetime import date

    from yjqa.web.improvement.models import Attendance, BoardMeeting

    service = Service.objects.get(slug="northshire")
    url = reverse("indicators", args=["northshire"]) + "?year=2024"
    page = client_for("board@northshire.example").get(url).content.decode()
    assert "no board meetings are recorded in yjqa for the year" in page
    for day, police in ((date(2024, 6, 1), True), (date(2024, 9, 1), False)):
        meeting = BoardMeeting.objects.create(service=service, date=day)
        Attendance.objects.create(meeting=meeting, agency="police", attended=police)
        Attendance.objects.create(meeting=meeting, agency="health", attended=True)
    BoardMeeting.objects.create(service=service, date=date(2025, 6, 1))  # another year
    page = client_for("board@northshire.example").get(url).content.decode()
    assert "Health 2 of 2; Police 1 of 2." in page  # in the partner agencies' order


def test_command_line_import_is_all_or_nothing_across_files(run_cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "people.csv").write_text(PEOPLE.replace("T-", "C-"))
    (tmp_path / "outcomes.csv").write_text(OUTCOMES.replace("T-", "C-").replace("TO-", "CO-"))
    (tmp_path / "population.csv").write_text(
        "service,year,sex,ethnicity,age,count\nNS,2031,male,white,12,410\n"
    )
    result = run_cli("indicators", "import", "northshire", tmp_path)
    assert result.exit_code == 0, result.stderr
    assert "people.csv: 2 rows imported into Northshire YJS (2 new, 0 updated)" in result.stdout
    assert "outcomes.csv: 2 rows imported" in result.stdout
    assert PopulationCount.objects.get(service__slug="northshire", year=2031).count == 410
    # A new child and an outcome for a child nobody imported: nothing at all is written.
    (tmp_path / "people.csv").write_text(PEOPLE.replace("T-1", "C-3").replace("T-2", "C-4"))
    (tmp_path / "outcomes.csv").write_text(OUTCOMES.replace("T-1", "C-9").replace("TO-", "CO-"))
    bad = run_cli("indicators", "import", "northshire", tmp_path)
    assert bad.exit_code == 2
    assert "outcomes.csv: row 2, column person_id: no child 'C-9'" in bad.stderr
    assert not Child.objects.filter(person_id="C-3").exists()
    assert run_cli("indicators", "import", "nowhere", tmp_path).exit_code == 2


def test_kpi_10_from_the_victims_caseload_is_on_the_dashboard_and_in_the_export(
    client_for: ClientFor,
) -> None:
    service = Service.objects.get(slug="northshire")
    years, last = available_years(service)
    assert last is not None
    victims = VictimRecord.objects.filter(service=service).select_related("case")
    ends = [v.case.end_date for v in victims if v.case.end_date is not None]
    year = next(p for p in years if any(p.start <= end <= p.end for end in ends))
    in_year = [v for v in victims if v.case.end_date and year.start <= v.case.end_date <= year.end]
    contacted = [v for v in in_year if v.first_contact_date is not None]
    consented = [v for v in in_year if v.consent_to_contact is True]
    offered = [v for v in in_year if v.restorative_justice_offered is True]
    expected = {  # (numerator, denominator) of each measure, as the YAML defines it
        "engaged": (
            sum(v.consent_to_contact is True for v in contacted),
            sum(v.consent_to_contact is not None for v in contacted),
        ),
        "rj_offered": (
            sum(v.restorative_justice_offered is True for v in consented),
            sum(v.restorative_justice_offered is not None for v in consented),
        ),
        "rj_took_part": (
            sum(v.restorative_justice_took_part is True for v in offered),
            sum(v.restorative_justice_took_part is not None for v in offered),
        ),
    }
    assert all(numerator for numerator, _ in expected.values())  # every measure counts some
    client = client_for("manager@northshire.example")  # every figure, small numbers too
    page = client.get(reverse("indicators", args=["northshire"]), {"year": year.start.year})
    body = html.unescape(page.content.decode())
    assert f"{len(in_year)} victims of children whose order or programme ended" in body
    for name, (numerator, denominator) in expected.items():
        row = body[body.index(f'id="kpi-victims-{name}"') :].split("</tr>")[0]
        assert f">{numerator}<" in row and f">{denominator}<" in row, name
        assert f"{100 * numerator / denominator:.1f}%" in row, name
    assert "not published" in body  # the assumption is stated
    assert "NS-V" not in body  # no victim is identified on the dashboard
    text = client.get(
        reverse("indicators_export", args=["northshire", "csv"]),
        {"year": year.start.year, "internal": "1"},
    ).content.decode()
    rows = list(csv.reader(io.StringIO(text)))
    scope = f"Northshire YJS, April {year.start.year} to March {year.end.year}"
    assert [scope, "victims_caseload", "victims", str(len(in_year))] in rows
    engaged = str(expected["engaged"][0])
    assert [scope, "victims_caseload.engaged", "numerator", engaged] in rows


def test_without_a_victims_caseload_the_dashboard_says_so(client_for: ClientFor) -> None:
    # The demo's 2025 mock inspection audits some of the victims: it goes first.
    Inspection.objects.filter(service__slug="northshire", framework_id="hmip-youth-2025").delete()
    VictimRecord.objects.filter(service__slug="northshire").delete()
    body = html.unescape(
        client_for("manager@northshire.example")
        .get(reverse("indicators", args=["northshire"]))
        .content.decode()
    )
    assert "No victims' caseload has been imported" in body
    assert 'id="kpi-victims-caseload"' not in body


# --- Small numbers (docs/indicators.md, "Small numbers") ---------------------------------------


def _default_year_figures(slug: str = "northshire") -> tuple[str, dict[str, Any]]:
    service = Service.objects.get(slug=slug)
    years, last = available_years(service)
    assert last is not None
    period = default_year(years, last)
    expected = compute_indicators(service_data(service), period.start, period.end)
    return f"April {period.start.year} to March {period.end.year}", expected["services"][
        service.name
    ]


def _row(body: str, table_id: str, label: str) -> str:
    table = body[body.index(f'id="{table_id}"') :].split("</table>")[0]
    return next(r for r in table.split("</tr>") if f">{label}" in r)


def test_board_members_see_fewer_than_5_where_a_group_has_fewer_than_5_children(
    client_for: ClientFor,
) -> None:
    _, figures = _default_year_figures()
    groups = figures["disproportionality"]["outcomes"]["ethnicity"]
    small = [code for code, row in groups.items() if 0 < row["cohort"] < 5]
    assert small, "the demo has a small group to hide"
    label = ETHNICITY[small[0]]
    count = groups[small[0]]["cohort"]
    url = reverse("indicators", args=["northshire"])
    board = html.unescape(client_for("board@northshire.example").get(url).content.decode())
    row = _row(board, "dispro-outcomes-ethnicity", label)
    assert "fewer than 5" in row and f">{count}<" not in row
    assert "not shown" in board  # the next smallest group goes too, so no sum gives it away
    assert 'id="small-numbers"' in board
    manager = html.unescape(client_for("manager@northshire.example").get(url).content.decode())
    assert f">{count}<" in _row(manager, "dispro-outcomes-ethnicity", label)
    assert 'id="small-numbers"' not in manager


def test_a_board_member_never_reads_0_for_a_hidden_count(client_for: ClientFor) -> None:
    # The demo's default year has no victims in the victims' caseload: 0 is fewer than 5.
    url = reverse("indicators", args=["northshire"])
    board = html.unescape(client_for("board@northshire.example").get(url).content.decode())
    assert "Fewer than 5 victims of children" in board
    assert "0 victims of children" not in board
    row = board[board.index('id="kpi-victims-engaged"') :].split("</tr>")[0]
    assert ">0<" not in row and "fewer than 5" in row


def test_all_services_are_named_as_the_services_in_this_installation(
    client_for: ClientFor,
) -> None:
    body = html.unescape(
        client_for("board@northshire.example")
        .get(reverse("indicators", args=["northshire"]))
        .content.decode()
    )
    assert "All services in this installation (2)" in body
    assert "not national figures" in body
    assert ">All services<" not in body


def test_the_export_hides_small_numbers_for_everyone_and_says_so(client_for: ClientFor) -> None:
    year, figures = _default_year_figures()
    scope = f"Northshire YJS, {year}"
    small = next(
        (code, row["cohort"])
        for code, row in figures["disproportionality"]["outcomes"]["ethnicity"].items()
        if 0 < row["cohort"] < 5
    )
    indicator = f"disproportionality.outcomes.ethnicity.{small[0]}"
    for person in ("manager@northshire.example", "board@northshire.example"):
        client = client_for(person)
        text = client.get(reverse("indicators_export", args=["northshire", "csv"])).content
        rows = list(csv.reader(io.StringIO(text.decode())))
        assert rows[1][0] == "note" and "fewer than 5" in rows[1][3]
        assert [scope, indicator, "cohort", "fewer than 5"] in rows
        assert [scope, indicator, "cohort", str(small[1])] not in rows
        assert any(r[0].startswith("All services in this installation (2), ") for r in rows)
        data = client.get(reverse("indicators_export", args=["northshire", "xlsx"])).content
        book = load_workbook(io.BytesIO(data))
        values = [tuple(r) for r in book["Indicators"].iter_rows(min_row=3, values_only=True)]
        assert (scope, indicator, "cohort", "fewer than 5") in values
        assert "fewer than 5" in str(book["Notes"]["A2"].value)


def test_a_manager_may_export_every_figure_for_internal_use_and_the_file_says_so(
    client_for: ClientFor,
) -> None:
    year, figures = _default_year_figures()
    code, count = next(
        (code, row["cohort"])
        for code, row in figures["disproportionality"]["outcomes"]["ethnicity"].items()
        if 0 < row["cohort"] < 5
    )
    url = reverse("indicators_export", args=["northshire", "csv"])
    response = client_for("manager@northshire.example").get(url, {"internal": "1"})
    assert "internal-unsuppressed" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][0] == "note" and "Unsuppressed, for internal use" in rows[1][3]
    indicator = f"disproportionality.outcomes.ethnicity.{code}"
    assert [f"Northshire YJS, {year}", indicator, "cohort", str(count)] in rows
    data = client_for("lead@northshire.example").get(
        reverse("indicators_export", args=["northshire", "xlsx"]), {"internal": "1"}
    )
    notes = load_workbook(io.BytesIO(data.content))["Notes"]
    assert "Unsuppressed, for internal use" in str(notes["A2"].value)


def test_a_board_member_or_auditor_cannot_export_every_figure(client_for: ClientFor) -> None:
    url = reverse("indicators_export", args=["northshire", "csv"])
    for person in ("board@northshire.example", "qa@northshire.example"):
        response = client_for(person).get(url, {"internal": "1"})
        assert response.status_code == 403, person
        assert "Ask a manager or QA lead" in response.content.decode()
    page = client_for("board@northshire.example").get(reverse("indicators", args=["northshire"]))
    assert "internal=1" not in page.content.decode()
