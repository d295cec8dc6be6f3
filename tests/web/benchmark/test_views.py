"""The national benchmark: `yjqa benchmark import`, and the pages every member of a service reads.

Expected figures are worked out here from the ratings CSV itself, by a simple check written
for the test, not by the code under test.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import re
import shutil
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from yjqa.web.audit.models import AuditEvent
from yjqa.web.benchmark.demo import seed_demo_benchmark
from yjqa.web.benchmark.models import BenchmarkEntry
from yjqa.web.demo import DEMO_INSPECTION_TITLE
from yjqa.web.inspections.models import Inspection
from yjqa.web.jobs.models import Job
from yjqa.web.jobs.services import run_jobs_now

from helpers import PUBLISHED, RATINGS_CSV, seed_path

ClientFor = Callable[[str], Client]
pytestmark = pytest.mark.django_db
RATINGS = ("Outstanding", "Good", "Requires improvement", "Inadequate")
OVERALL_BANDS = [(0, 6, "Inadequate"), (7, 18, "Requires improvement"), (19, 30, "Good")]


@pytest.fixture(scope="module", autouse=True)
def demo_benchmark(django_db_setup: None, django_db_blocker) -> Iterator[None]:  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        seed_demo_benchmark()
        seed_demo_benchmark()  # idempotent
    yield


# ---- The CSV, read independently ----


def csv_rows() -> list[tuple[int, dict[str, str]]]:
    with RATINGS_CSV.open(encoding="utf-8") as handle:
        return list(enumerate(csv.DictReader(handle), 2))


def breaks_the_rules(row: dict[str, str]) -> bool:
    """A whole score out of 36, and the overall rating that score gives (DOMAIN.md 3)."""
    points = float(row["score_%"]) * 36 / 100
    if abs(points - round(points)) > 0.01:
        return True
    score = round(points)
    expected = next((word for lo, hi, word in OVERALL_BANDS if lo <= score <= hi), "Outstanding")
    return row["overall_rating"].strip().casefold() != expected.casefold()


def passing_rows() -> list[dict[str, str]]:
    return [row for _, row in csv_rows() if not breaks_the_rules(row)]


def published(row: dict[str, str]) -> date:
    return datetime.strptime(row["publication_date"], "%d/%m/%y").date()


def service(row: dict[str, str]) -> str:
    """The name as published: without the scrape's "An inspection of" or " - JI" (joint)."""
    return re.sub(r"\s+-\s+JI$", "", re.sub(r"^An inspection of\s+", "", row["la_name"]))


def overall(row: dict[str, str]) -> str:
    return next(r for r in RATINGS if r.casefold() == row["overall_rating"].strip().casefold())


def on_2018_framework(row: dict[str, str]) -> bool:
    """Joint working is a 2018 standard; before June 2021 only the 2018 framework was used."""
    marked_2021 = (
        row["outofcourt_disposal_policy_and_provision"] or row["resettlement_policy_and_provision"]
    )
    return bool(row["joint_working"]) or (not marked_2021 and published(row) < date(2021, 6, 1))


def cells(page: str, row_id: str) -> list[str]:
    """The text of a table row's cells, by the row's id."""
    match = re.search(
        rf'<tr class="govuk-table__row" id="{re.escape(row_id)}">(.*?)</tr>', page, re.S
    )
    assert match, f"no row {row_id}"
    return [
        html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
        for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", match.group(1), re.S)
    ]


def header(page: str, table_id: str) -> list[str]:
    match = re.search(
        rf'<table class="govuk-table" id="{table_id}">.*?<thead[^>]*>(.*?)</thead>', page, re.S
    )
    assert match, f"no table {table_id}"
    return [html.unescape(c).strip() for c in re.findall(r"<th[^>]*>(.*?)</th>", match.group(1))]


def by_column(page: str, table_id: str, row_id: str) -> dict[str, str]:
    return dict(zip(header(page, table_id), cells(page, row_id), strict=True))


def share(count: int, total: int) -> str:
    return f"{int(100 * count / total + 0.5)}%"


def url(name: str, slug: str = "northshire") -> str:
    return reverse(name, args=[slug])


# ---- Import ----


def test_the_csv_import_reports_exactly_the_rows_that_break_the_rules(run_cli) -> None:  # type: ignore[no-untyped-def]
    BenchmarkEntry.objects.all().delete()
    rows = csv_rows()
    bad = {line: row["la_name"] for line, row in rows if breaks_the_rules(row)}
    assert sorted(bad) == [8, 65, 66, 67]

    result = run_cli("benchmark", "import", RATINGS_CSV)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert f"{len(rows)} rows read" in out
    good = len(rows) - len(bad)
    assert (
        f"{good} imported into the national benchmark ({good} new, 0 updated, 0 unchanged)" in out
    )
    assert (
        "4 break the rating rules: kept as flagged entries, left out of the benchmark's figures"
        in out
    )
    listed = dict(re.findall(r"^    line (\d+), (.+):$", out, re.M))
    assert {int(k): v for k, v in listed.items()} == bad
    assert "score_% 4.17 is not a whole score out of 36 (1.50 points)" in out
    assert "a score of 26/36 is in the Good band" in out
    assert "not imported" not in out

    assert BenchmarkEntry.objects.count() == len(rows)
    flagged = BenchmarkEntry.objects.exclude(problems=[])
    assert sorted(flagged.values_list("service", flat=True)) == sorted(bad.values())
    assert BenchmarkEntry.objects.filter(problems=[]).count() == good
    newcastle = BenchmarkEntry.objects.get(service="Newcastle")
    assert (newcastle.overall, newcastle.score, newcastle.max_score) == (
        "Requires improvement",
        16,
        36,
    )
    assert newcastle.standards["2.4"] == "Inadequate" and "1.1" not in newcastle.standards
    assert (newcastle.source, newcastle.source_file) == ("csv", "hmip-youth-ratings.csv")
    assert newcastle.reference.startswith("https://www.justiceinspectorates.gov.uk/")


def test_importing_again_changes_nothing(run_cli) -> None:  # type: ignore[no-untyped-def]
    before = list(BenchmarkEntry.objects.order_by("pk").values())
    again = run_cli("benchmark", "import", RATINGS_CSV)
    assert again.exit_code == 0, again.stderr
    assert (
        "79 imported into the national benchmark (0 new, 0 updated, 79 unchanged)" in again.stdout
    )
    assert list(BenchmarkEntry.objects.order_by("pk").values()) == before


def test_a_changed_row_is_updated_not_duplicated(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    lines = RATINGS_CSV.read_text(encoding="utf-8").splitlines()
    assert lines[1].startswith("Newcastle,")
    lines[1] = lines[1].replace(",Good,Good,Good,", ",Outstanding,Good,Good,", 1)  # staff
    changed = tmp_path / "hmip-youth-ratings.csv"
    changed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    count = BenchmarkEntry.objects.count()
    result = run_cli("benchmark", "import", changed)
    assert "(0 new, 1 updated, 78 unchanged)" in result.stdout
    assert BenchmarkEntry.objects.count() == count
    assert BenchmarkEntry.objects.get(service="Newcastle").standards["1.2"] == "Outstanding"


def test_the_bundled_csv_is_the_public_one_unchanged() -> None:
    # data-to-insight's file at commit 9dd53af (src/yjqa/benchmark_data/README.md)
    assert hashlib.sha256(RATINGS_CSV.read_bytes()).hexdigest() == (
        "8dba9ebf38ae0dd79fc981a8f0e57e2b6459f25e59de41bd8738ffe8d72f8974"
    )


def test_a_report_replaces_the_csv_entry_for_the_same_inspection(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    header_line = RATINGS_CSV.read_text(encoding="utf-8").splitlines()[0]
    columns = header_line.split(",")

    def row(**cells: str) -> str:
        return ",".join(cells.get(c, "") for c in columns)

    westmorland = row(
        la_name="Westmorland and Furness",
        **{"score_%": "38.89"},  # 14 of 36
        overall_rating="Requires Improvement",
        publication_date="14/03/25",
        staff="Good",
        outofcourt_disposal_policy_and_provision="",
        resettlement_policy_and_provision="",
    )
    unnamed = row(**{"score_%": "50.00"}, overall_rating="Good", publication_date="01/02/24")
    ratings = tmp_path / "extra-ratings.csv"
    ratings.write_text("\n".join([header_line, westmorland, westmorland, unnamed]) + "\n")

    first = run_cli("benchmark", "import", ratings)
    assert "1 imported into the national benchmark (1 new" in first.stdout
    assert "line 3, Westmorland and Furness:" in first.stdout
    assert "the same inspection as line 2, which is imported" in first.stdout
    assert "line 4:" in first.stdout and "the service is not known" in first.stdout
    assert "2 not imported" in first.stdout
    assert (
        BenchmarkEntry.objects.filter(service="Westmorland and Furness", source="csv").count() == 1
    )

    report = seed_path("000")
    second = run_cli("benchmark", "import", report)
    assert second.exit_code == 0, second.stderr
    assert "1 report read" in second.stdout
    assert (
        f"{report.name}: replaces the extra-ratings.csv entry for Westmorland and Furness "
        "published 2025-03-14"
    ) in second.stdout
    entry = BenchmarkEntry.objects.get(service="Westmorland and Furness")
    assert (entry.source, entry.fieldwork, entry.overall, entry.score) == (
        "report",
        "2024-12",
        "Requires improvement",
        14,
    )
    assert entry.standards["2.1"] == "Good" and entry.standards["3.1"] == "Inadequate"
    assert entry.reference == ""  # the operator's own path is not kept

    third = run_cli("benchmark", "import", ratings)
    assert "already in the benchmark from its published report" in third.stdout
    assert BenchmarkEntry.objects.filter(service="Westmorland and Furness").count() == 1


def test_a_folder_of_reports(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for prefix in ("000", "004"):
        source = seed_path(prefix)
        shutil.copy(source, tmp_path / source.name)
    (tmp_path / "notes.txt").write_text("Minutes of the board meeting.\n")
    result = run_cli("benchmark", "import", tmp_path)
    assert result.exit_code == 0, result.stderr
    assert "3 reports read" in result.stdout
    assert "2 imported into the national benchmark (2 new, 0 updated, 0 unchanged)" in result.stdout
    assert "1 not imported" in result.stdout and "notes.txt:" in result.stdout
    warwickshire = BenchmarkEntry.objects.get(service="Warwickshire")
    assert (warwickshire.framework, warwickshire.period, warwickshire.score) == (
        "hmip-youth-2018",
        "2018-10",
        27,
    )
    assert "not printed" in warwickshire.notes[0]


def test_an_inconsistent_report_is_kept_flagged(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = seed_path("000").read_text(encoding="utf-8")
    assert text.count("Score\t\t14/36") == 1
    report = tmp_path / "westmorland-altered.txt"
    report.write_text(text.replace("Score\t\t14/36", "Score\t\t20/36"), encoding="utf-8")
    result = run_cli("benchmark", "import", report)
    assert "0 imported" in result.stdout
    assert "1 break the rating rules" in result.stdout
    assert "the score is printed as 20/36, but the ratings of the 12 standards" in result.stdout
    entry = BenchmarkEntry.objects.get(service="Westmorland and Furness")
    assert entry.flagged and entry.score == 20


def test_a_report_on_an_unknown_framework_is_kept_flagged(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    report = tmp_path / "eastshire.txt"
    report.write_text(
        "An inspection of youth justice services in Eastshire\n\n"
        "HM Inspectorate of Probation, March 2025\n\n"
        "Overall, Eastshire YJS was rated as Good.\n"
    )
    result = run_cli("benchmark", "import", report)
    assert "eastshire.txt, Eastshire:" in result.stdout
    assert "the framework is not known, so the rating rules could not be applied" in result.stdout
    entry = BenchmarkEntry.objects.get(service="Eastshire")
    assert (entry.framework, entry.period, entry.overall, entry.flagged) == (
        "",
        "2025-03",
        "Good",
        True,
    )


def test_what_cannot_be_read_stops_the_import(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    count = BenchmarkEntry.objects.count()
    missing = run_cli("benchmark", "import", tmp_path / "nothing.csv")
    assert missing.exit_code == 2 and "no such file" in missing.stderr
    damaged = tmp_path / "damaged.csv"
    damaged.write_text("la_name,overall_rating\nNewcastle,Good\n")
    result = run_cli("benchmark", "import", damaged)
    assert result.exit_code == 2 and "missing column 'score_%'" in result.stderr
    assert BenchmarkEntry.objects.count() == count


def test_the_import_is_all_or_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.db import DatabaseError

    from yjqa.web.audit.trail import Actor
    from yjqa.web.benchmark.services import do_import_benchmark, read_benchmark_source

    BenchmarkEntry.objects.all().delete()
    real = BenchmarkEntry.objects.create
    calls = 0

    def failing(**kwargs):  # type: ignore[no-untyped-def]
        nonlocal calls
        calls += 1
        if calls == 40:
            raise DatabaseError("disk full")
        return real(**kwargs)

    monkeypatch.setattr(BenchmarkEntry.objects, "create", failing)
    with pytest.raises(DatabaseError):
        do_import_benchmark(Actor.operator(), read_benchmark_source(RATINGS_CSV))
    assert BenchmarkEntry.objects.count() == 0


# ---- Pages ----


def test_overall_ratings_for_a_year(client_for: ClientFor) -> None:
    rows = [r for r in passing_rows() if published(r).year == 2023]
    expected = Counter(overall(r) for r in rows)
    page = client_for("board@northshire.example").get(url("benchmark"), {"year": "2023"})
    assert page.status_code == 200
    body = page.content.decode()
    assert f"{len(rows)} inspections are counted for the filters chosen" in body
    shown = by_column(body, "by-year", "by-year-2023")
    for rating in RATINGS:
        assert shown[rating] == f"{expected[rating]} ({share(expected[rating], len(rows))})"
    assert shown["Inspections"] == str(len(rows))
    assert "4 flagged entries, which break the framework's rating rules, are left out" in body
    assert body.count('role="img"') == 2  # by year, by framework


def test_overall_ratings_by_framework(client_for: ClientFor) -> None:
    rows = [r for r in passing_rows() if on_2018_framework(r)]
    expected = Counter(overall(r) for r in rows)
    page = client_for("manager@northshire.example").get(
        url("benchmark"), {"framework": "hmip-youth-2018"}
    )
    body = page.content.decode()
    shown = by_column(body, "by-framework", "by-framework-2018-framework")
    assert shown["Inspections"] == str(len(rows)) == "4"
    for rating in RATINGS:
        assert shown[rating].startswith(f"{expected[rating]} (")
    everything = client_for("manager@northshire.example").get(url("benchmark")).content.decode()
    total = by_column(everything, "by-year", "by-year-total")
    assert total["Inspections"] == str(len(passing_rows()))


def test_flagged_entries_can_be_counted_on_request(client_for: ClientFor) -> None:
    client = client_for("board@northshire.example")
    body = client.get(url("benchmark"), {"flagged": "include"}).content.decode()
    total = by_column(body, "by-year", "by-year-total")
    assert total["Inspections"] == str(len(csv_rows()))
    assert total["Not known"].startswith("1 (")  # Portsmouth: a footnote for a rating
    assert "Flagged entries, which break the framework's rating rules, are included" in body


def test_each_standard_court_and_out_of_court_apart(client_for: ClientFor) -> None:
    rows = passing_rows()
    page = client_for("board@northshire.example").get(url("benchmark_standards")).content.decode()
    for domain in ("1", "2", "3", "4"):
        assert f'id="domain-{domain}"' in page
    # 2.4 Reviewing is the CSV's "reviewing" column, for every framework.
    reviewing = Counter(r["reviewing"] for r in rows)
    shown = by_column(page, "standards-2", "standards-2-24-reviewing")
    for rating in ("Outstanding", "Good", "Inadequate"):
        assert shown[rating] == f"{reviewing[rating]} ({share(reviewing[rating], len(rows))})"
    # The CSV never records a standard as Requires improvement: no count of 0 is shown for it.
    assert shown["Requires improvement"] == "not known"
    assert shown["Not known"].startswith(f"{reviewing['']} (")
    # 3.4 differs between the frameworks: two rows, each counting its own framework's entries.
    joint = by_column(page, "standards-3", "standards-3-34-joint-working-2018-framework")
    assert joint["Inspections"] == str(sum(1 for r in rows if on_2018_framework(r)))
    assert joint["Outstanding"].startswith(
        f"{sum(1 for r in rows if r['joint_working'] == 'Outstanding')} ("
    )
    assert "standards-3-34-out-of-court-disposal-policy-and-provision-2021-framework" in page
    assert 'id="csv-caution"' in page and "kept only one-word ratings" in page
    # No court or out-of-court assessment ratings in the CSV (the column mixes the two): the
    # rows are left out with the reason, never shown as counts of 0.
    assert 'id="standards-2-21-assessment"' not in page
    assert 'id="standards-3-31-assessment"' not in page
    left_out = html.unescape(page[page.index('id="standards-2-missing"') :].split("</p>")[0])
    assert "none of the inspections has a rating for them in the source data" in left_out
    assert "2.1 Assessment; 2.2 Planning; 2.3 Implementation and delivery." in left_out


def test_the_services_own_inspection_beside_the_national_figures(client_for: ClientFor) -> None:
    rows = passing_rows()
    page = client_for("board@northshire.example").get(url("benchmark_position")).content.decode()
    inspection = Inspection.objects.get(service__slug="northshire", title=DEMO_INSPECTION_TITLE)
    assert inspection.title in page
    # Northshire's demo judgement for 1.3 is Requires improvement; the CSV never gives that
    # rating to a standard, so only Inadequate is "or lower", and blanks are not known.
    column = Counter(r["partnerships_and_services"] for r in rows)
    lower, unknown = column["Inadequate"], column[""]
    shown = cells(page, "position-13-partnerships-and-services")
    assert shown[1] == "Requires improvement"
    assert shown[5] == (
        f"At least {share(lower, len(rows))} of inspections nationally ({lower} of {len(rows)}) "
        f"were rated Requires improvement or lower: for {unknown} of them the rating is not known."
    )
    # 1.4 is Good: Outstanding is higher.
    info = cells(page, "position-14-information-and-facilities")
    assert info[1] == "Good"
    higher = sum(1 for r in rows if r["information_and_facilities"] == "Outstanding")
    # Some inspections have no rating for 1.4 in the CSV, so "higher" is a least figure.
    assert any(not r["information_and_facilities"] for r in rows)
    assert info[2] == f"at least {higher}"


def test_the_overall_position(client_for: ClientFor) -> None:
    from yjqa.web.inspections.ratings import inspection_rating

    inspection = Inspection.objects.get(service__slug="northshire", title=DEMO_INSPECTION_TITLE)
    mine = inspection_rating(inspection).overall
    page = client_for("manager@northshire.example").get(url("benchmark_position")).content.decode()
    assert mine is not None
    rows = passing_rows()
    rank = RATINGS.index(mine)
    lower = sum(1 for r in rows if RATINGS.index(overall(r)) >= rank)
    what = f"rated {mine}" if mine == "Inadequate" else f"rated {mine} or lower"
    assert (
        f"{share(lower, len(rows))} of inspections nationally ({lower} of {len(rows)}) were {what}."
        in html.unescape(page)
    )


def test_everyone_sees_the_benchmark_but_only_their_own_inspection(client_for: ClientFor) -> None:
    northshire = Inspection.objects.get(service__slug="northshire", title=DEMO_INSPECTION_TITLE)
    southvale = Inspection.objects.get(service__slug="southvale", title=DEMO_INSPECTION_TITLE)
    outsider = client_for("admin@southvale.example")
    national = outsider.get(url("benchmark", "southvale"))
    assert national.status_code == 200
    assert by_column(national.content.decode(), "by-year", "by-year-total")["Inspections"] == str(
        len(passing_rows())
    )
    own = outsider.get(url("benchmark_position", "southvale")).content.decode()
    assert f'<option value="{southvale.pk}" selected>' in own
    assert f'value="{northshire.pk}"' not in own
    # Southvale's 1.4 is Requires improvement, Northshire's Good.
    assert cells(own, "position-14-information-and-facilities")[1] == "Requires improvement"
    foreign = outsider.get(url("benchmark_position", "southvale"), {"inspection": northshire.pk})
    assert foreign.status_code == 404
    for name in ("benchmark", "benchmark_standards", "benchmark_position", "benchmark_flagged"):
        assert outsider.get(url(name)).status_code == 404
    assert outsider.get(url("benchmark_export")).status_code == 404


@pytest.mark.parametrize("role", ["admin", "qa", "manager", "board", "inspector"])
def test_every_role_reads_the_benchmark(client_for: ClientFor, role: str) -> None:
    client = client_for(f"{role}@northshire.example")
    for name in (
        "benchmark",
        "benchmark_standards",
        "benchmark_position",
        "benchmark_flagged",
        "benchmark_export",
    ):
        assert client.get(url(name)).status_code == 200, name
    home = client.get(url("service_home")).content.decode()
    assert f'href="{url("benchmark")}"' in home


def test_flagged_entries_are_listed(client_for: ClientFor) -> None:
    page = client_for("qa@northshire.example").get(url("benchmark_flagged")).content.decode()
    assert "4 flagged entries" in page
    body = html.unescape(page)
    for service, reason in (
        ("Ceredigion", "score_% 4.17 is not a whole score out of 36 (1.50 points)"),
        ("West Sussex", "but a score of 26/36 is in the Good band (19-30)"),
        ("Portsmouth", "is not a rating"),
        ("Bridgend", "score_% 4.56 is not a whole score out of 36 (1.64 points)"),
    ):
        assert service in body and reason in body
    assert "Newcastle" not in body


def test_export_follows_the_filters(client_for: ClientFor) -> None:
    client = client_for("board@northshire.example")
    response = client.get(url("benchmark_export"), {"year": "2024"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="national-benchmark.csv"' in response["Content-Disposition"]
    exported = list(csv.DictReader(io.StringIO(response.content.decode())))
    expected = [r for r in passing_rows() if published(r).year == 2024]
    assert sorted(r["service"] for r in exported) == sorted(map(service, expected))
    assert {r["flagged"] for r in exported} == {"no"}
    by_service = {r["service"]: r for r in exported}
    for row in expected:
        assert by_service[service(row)]["overall"] == overall(row)
        assert by_service[service(row)]["2.4"] == (row["reviewing"] or "not known")
    everything = client.get(url("benchmark_export"), {"year": "2024", "flagged": "include"})
    rows = list(csv.DictReader(io.StringIO(everything.content.decode())))
    assert [r["service"] for r in rows if r["flagged"] == "yes"] == ["Ceredigion"]
    assert "score_% 4.17" in next(r["problems"] for r in rows if r["flagged"] == "yes")


def test_an_unknown_filter_value_is_ignored(client_for: ClientFor) -> None:
    client = client_for("board@northshire.example")
    body = client.get(url("benchmark"), {"year": "1999", "framework": "x"}).content.decode()
    assert f"{len(passing_rows())} inspections are counted." in body


def test_an_empty_benchmark_says_how_to_fill_it(client_for: ClientFor) -> None:
    BenchmarkEntry.objects.all().delete()
    client = client_for("board@northshire.example")
    for name in ("benchmark", "benchmark_standards", "benchmark_position"):
        assert "yjqa benchmark import" in client.get(url(name)).content.decode()


# ---- The 2025 framework, apart; how recent; adding a report on the web ----

EASTMOOR_HTML = PUBLISHED / "005_eastmoor-children-and-victims-2025.html"
WESTHAVEN_TXT = PUBLISHED / "006_westhaven-full-2025.txt"


def import_2025_reports(run_cli) -> None:  # type: ignore[no-untyped-def]
    for path in (EASTMOOR_HTML, WESTHAVEN_TXT):
        result = run_cli("benchmark", "import", path)
        assert result.exit_code == 0, result.stderr
        assert "1 imported into the national benchmark (1 new" in result.stdout


def test_2025_inspections_are_counted_apart_from_the_earlier_ones(  # type: ignore[no-untyped-def]
    run_cli, client_for: ClientFor
) -> None:
    import_2025_reports(run_cli)
    assert BenchmarkEntry.objects.filter(framework="hmip-youth-2025").count() == 2
    body = client_for("board@northshire.example").get(url("benchmark")).content.decode()
    # The earlier tables count the 2018 and 2021 (and unknown-framework) inspections alone.
    assert by_column(body, "by-year", "by-year-total")["Inspections"] == str(len(passing_rows()))
    assert by_column(body, "by-framework", "by-framework-total")["Inspections"] == str(
        len(passing_rows())
    )
    assert "2025 framework" not in " ".join(cells(body, "by-framework-total"))
    kinds = by_column(body, "by-kind-2025", "by-kind-2025-total")
    assert (kinds["Good"], kinds["Inspections"]) == ("2 (100%)", "2")
    full = by_column(body, "by-kind-2025", "by-kind-2025-full-inspections")
    assert full["Inspections"] == "1"
    victims = by_column(body, "areas-2025", "areas-2025-work-with-victims")
    assert (victims["Outstanding"], victims["Requires improvement"]) == ("1 (50%)", "1 (50%)")
    # Organisational delivery counts the full inspection only.
    organisation = by_column(body, "areas-2025", "areas-2025-organisational-delivery")
    assert organisation["Inspections"] == "1"
    # Filtered to the 2021 framework, no 2025 inspection is counted.
    only_2021 = client_for("board@northshire.example").get(
        url("benchmark"), {"framework": "hmip-youth-2021"}
    )
    assert 'id="no-2025"' in only_2021.content.decode()


def test_the_standards_page_has_the_2025_activities_apart(  # type: ignore[no-untyped-def]
    run_cli, client_for: ClientFor
) -> None:
    import_2025_reports(run_cli)
    body = client_for("qa@northshire.example").get(url("benchmark_standards")).content.decode()
    planning = by_column(body, "standards-2025", "standards-2025-22-planning-work-with-children")
    assert (planning["Good"], planning["Requires improvement"]) == ("1 (50%)", "1 (50%)")
    adults = by_column(
        body,
        "standards-2025",
        "standards-2025-14-appropriate-adult-arrangements-organisational-delivery",
    )
    assert (adults["Good"], adults["Inspections"]) == ("1 (100%)", "1")
    # 2018 and 2021's 1.4 is another standard, and counts none of them.
    assert "1.4 Information and facilities" in body


def test_the_export_keeps_the_2025_ratings_in_their_own_columns(  # type: ignore[no-untyped-def]
    run_cli, client_for: ClientFor
) -> None:
    import_2025_reports(run_cli)
    response = client_for("board@northshire.example").get(url("benchmark_export"))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    westhaven = next(r for r in rows if r["service"] == "Westhaven")
    assert (westhaven["inspection_type"], westhaven["work_with_victims"]) == ("full", "Outstanding")
    assert (westhaven["2025:1.4"], westhaven["1.4"]) == ("Good", "")
    newcastle = next(r for r in rows if r["service"] == "Newcastle")
    assert newcastle["2025:2.1"] == "" and newcastle["inspection_type"] == ""


def test_the_benchmark_says_how_recent_it_is_and_how_to_add_reports(  # type: ignore[no-untyped-def]
    run_cli, client_for: ClientFor
) -> None:
    newest = max(csv_rows(), key=lambda item: published(item[1]))[1]
    month = published(newest).strftime("%B %Y")
    body = client_for("board@northshire.example").get(url("benchmark")).content.decode()
    assert f"The newest inspection here was published in {month} ({service(newest)})." in body
    assert "yjqa benchmark import FILE" in body
    assert reverse("benchmark_import") not in body  # not an administrator
    import_2025_reports(run_cli)
    body = client_for("board@northshire.example").get(url("benchmark")).content.decode()
    assert "The newest inspection here was published in March 2026 (Westhaven)." in body


# The upload page


@pytest.fixture
def admin_client(client_for: ClientFor) -> Client:
    from yjqa.web.accounts.models import User

    User.objects.create_superuser("root@example.org", "not used", full_name="Installation Admin")
    return client_for("root@example.org")


def upload(client: Client, name: str, content: bytes) -> str:
    """Upload a report; if it was queued, run the job here and give its progress page as it
    then reads (else the upload page, which refused the file)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(reverse("benchmark_import"), {"file": SimpleUploadedFile(name, content)})
    if response.status_code == 302:
        assert response["Location"].startswith("/benchmark/jobs/"), response["Location"]
        run_jobs_now()
        response = client.get(response["Location"])
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("email", ["admin@northshire.example", "manager@southvale.example"])
def test_the_upload_page_is_not_found_for_a_services_people(
    client_for: ClientFor, email: str
) -> None:
    client = client_for(email)
    assert client.get(reverse("benchmark_import")).status_code == 404
    response = client.post(reverse("benchmark_import"), {"file": io.BytesIO(b"x")})
    assert response.status_code == 404


def test_the_upload_page_needs_signing_in() -> None:
    response = Client().get(reverse("benchmark_import"))
    assert response.status_code == 302 and reverse("sign_in") in response["Location"]


def test_an_administrator_adds_a_report_and_sees_what_was_read(admin_client: Client) -> None:
    page = admin_client.get(reverse("benchmark_import"))
    assert page.status_code == 200
    assert "Add a report to the national benchmark" in page.content.decode()
    body = upload(admin_client, "eastmoor.html", EASTMOOR_HTML.read_bytes())
    # Read and written by the job: its page says so and leads back to the upload page.
    assert "eastmoor.html: added to the national benchmark." in body
    assert 'id="job-state">Done<' in body
    assert f'href="{reverse("benchmark_import")}"' in body
    entry = BenchmarkEntry.objects.get(service="Eastmoor")
    assert (entry.source_file, entry.inspection_type) == ("eastmoor.html", "children_and_victims")
    # What the page used to list as read is what the benchmark now holds.
    assert entry.areas["work_with_victims"] == "Requires improvement"
    assert entry.standards["2.3"] == "Outstanding"
    again = upload(admin_client, "eastmoor.html", EASTMOOR_HTML.read_bytes())
    assert "already in the national benchmark, unchanged" in again
    assert BenchmarkEntry.objects.filter(service="Eastmoor").count() == 1


def test_a_report_cut_short_is_added_with_what_was_not_read(admin_client: Client) -> None:
    body = upload(
        admin_client,
        "eastmoor-cut.txt",
        (PUBLISHED / "007_eastmoor-cut-short-2025.txt").read_bytes(),
    )
    assert "added to the national benchmark" in body
    assert "Not read (the file may be cut short or damaged): " in body
    assert "areas.work_with_victims" in body


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        # Refused by the job: its page lists the problems, naming the file.
        (
            "notes.txt",
            b"Shopping list: milk, bread.\n",
            "notes.txt: does not look like an HMIP youth inspection report",
        ),
        ("broken.pdf", b"%PDF-1.4\n garbage", "broken.pdf: is not a readable PDF"),
        ("fake.pdf", b"not a pdf at all", "is not a PDF"),
        ("binary.txt", b"\xff\xfe\x00\x81 binary", "neither a PDF nor UTF-8 text"),
        ("ratings.csv", b"la_name,overall_rating\n", "the ratings CSV is imported on the command"),
        ("picture.png", b"\x89PNG", "must be a PDF, a web page (.html) or a text file"),
        ("empty.txt", b"", "The selected file is empty"),
    ],
)
def test_a_bad_file_is_a_clear_error_and_nothing_is_added(
    admin_client: Client, name: str, content: bytes, message: str
) -> None:
    entries = BenchmarkEntry.objects.count()
    events = AuditEvent.objects.exclude(action="start_job").count()
    body = upload(admin_client, name, content)
    assert "govuk-error-summary" in body
    assert message in html.unescape(body)
    # The page title says so: the form's own, or the failed job's.
    assert "Error: Add" in body
    if "There is a problem" not in body:  # refused by the job, not the form
        assert Job.objects.get().state == Job.State.FAILED
    assert BenchmarkEntry.objects.count() == entries
    assert AuditEvent.objects.exclude(action="start_job").count() == events


def _queue(client: Client, name: str, content: bytes) -> Job:
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(reverse("benchmark_import"), {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 302
    job = Job.objects.get()
    assert response["Location"] == reverse("installation_job_progress", args=[job.pk])
    return job


def test_the_upload_is_queued_and_the_job_adds_the_report(admin_client: Client) -> None:
    job = _queue(admin_client, "eastmoor.html", EASTMOOR_HTML.read_bytes())
    # Queued, belonging to no service: nothing is read or written until the worker runs it.
    assert (job.service, job.state, job.kind) == (None, Job.State.QUEUED, "benchmark_import")
    assert not BenchmarkEntry.objects.filter(service="Eastmoor").exists()
    status = reverse("installation_job_status", args=[job.pk])
    assert admin_client.get(status).json()["state"] == "queued"
    assert run_jobs_now() == 1
    job.refresh_from_db()
    assert job.state == Job.State.DONE, job.message
    assert job.message == "eastmoor.html: added to the national benchmark."
    assert job.result_url == reverse("benchmark_import")
    assert admin_client.get(status).json() == job.as_json()
    assert BenchmarkEntry.objects.filter(service="Eastmoor", source_file="eastmoor.html").exists()
    assert AuditEvent.objects.filter(action="start_job", service=None).count() == 1


def test_a_file_the_job_cannot_read_fails_it_with_its_problems_writing_nothing(
    admin_client: Client,
) -> None:
    entries = list(BenchmarkEntry.objects.values_list("pk", "imported_at"))
    job = _queue(admin_client, "notes.txt", b"Shopping list: milk, bread.\n")
    events = AuditEvent.objects.count()
    run_jobs_now()
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert job.message.startswith("Nothing has been changed")
    assert job.problems == [
        "notes.txt: does not look like an HMIP youth inspection report: no ratings, standards "
        "or recommendations were found"
    ]
    assert list(BenchmarkEntry.objects.values_list("pk", "imported_at")) == entries
    assert AuditEvent.objects.count() == events
    page = admin_client.get(reverse("installation_job_progress", args=[job.pk])).content.decode()
    assert 'id="import-problems"' in page and "The file was not imported" in page


@pytest.mark.parametrize(
    "email", ["admin@northshire.example", "qa@northshire.example", "manager@southvale.example"]
)
def test_the_job_is_hidden_from_everyone_but_installation_administrators(
    admin_client: Client, client_for: ClientFor, email: str
) -> None:
    from yjqa.web.accounts.models import User
    from yjqa.web.accounts.services import do_create_api_token
    from yjqa.web.audit.trail import Actor

    job = _queue(admin_client, "eastmoor.html", EASTMOOR_HTML.read_bytes())
    run_jobs_now()
    job.refresh_from_db()
    page = reverse("installation_job_progress", args=[job.pk])
    status = reverse("installation_job_status", args=[job.pk])
    assert admin_client.get(page).status_code == 200
    member = client_for(email)
    assert member.get(page).status_code == 404
    assert member.get(status).status_code == 404

    def bearer(address: str) -> dict[str, str]:
        token = do_create_api_token(Actor.operator(), User.objects.get(email=address))
        return {"HTTP_AUTHORIZATION": f"Bearer {token}"}

    api = f"/api/v1/jobs/{job.pk}"
    assert Client().get(api, **bearer(email)).status_code == 404
    allowed = Client().get(api, **bearer("root@example.org"))
    assert allowed.status_code == 200 and allowed.json() == job.as_json()
    # A service's job page does not show it either, under any service.
    assert member.get(f"/services/northshire/jobs/{job.pk}/").status_code in (403, 404)


def test_no_file_chosen_is_a_clear_error(admin_client: Client) -> None:
    response = admin_client.post(reverse("benchmark_import"), {})
    assert response.status_code == 200
    assert "Select a report file" in response.content.decode()


def test_an_administrator_member_sees_the_upload_link_on_the_benchmark(
    client_for: ClientFor,
) -> None:
    from yjqa.web.accounts.models import User

    User.objects.filter(email="board@northshire.example").update(is_superuser=True)
    body = client_for("board@northshire.example").get(url("benchmark")).content.decode()
    assert f'href="{reverse("benchmark_import")}"' in body


# ---- What the source data does not give ----


def _on(framework: str) -> int:
    return BenchmarkEntry.objects.filter(framework=framework, problems=[]).count()


def test_the_standards_page_says_in_plain_words_which_standards_the_source_lacks(
    client_for: ClientFor,
) -> None:
    page = html.unescape(
        client_for("board@northshire.example").get(url("benchmark_standards")).content.decode()
    )
    box = page[page.index('id="missing-standards"') :].split("</div>")[0]
    assert (
        f"6 of 13 standards are missing from the source data for the {_on('hmip-youth-2021')} "
        "inspections on the 2021 framework: 2.1, 2.2, 2.3, 3.1, 3.2 and 3.3." in box
    )
    assert (
        f"6 of 12 standards are missing from the source data for the {_on('hmip-youth-2018')} "
        "inspections on the 2018 framework: 2.1, 2.2, 2.3, 3.1, 3.2 and 3.3." in box
    )
    assert f"for the {_on('')} inspections whose framework is not known" in box
    assert "some of these have no rating in the source data" in box
    # Nor is a missing standard drawn as a bar.
    assert "2.1 Assessment" not in page.split('id="standards-2"')[0].split('id="domain-2"')[1]


def test_a_standard_missing_from_the_source_is_not_compared_and_shows_no_count(
    client_for: ClientFor,
) -> None:
    page = client_for("manager@northshire.example").get(url("benchmark_position")).content.decode()
    row = cells(page, "position-21-assessment")
    assert row[2] == row[3] == "\N{EN DASH}"  # rated higher, rated the same: no figure
    assert row[5].startswith("Missing from the source data for all ")
    assert row[5].endswith("so not compared.")
    assert 'id="missing-standards"' in page


def test_the_export_says_not_known_where_a_standard_applies_but_the_source_has_none(
    client_for: ClientFor,
) -> None:
    response = client_for("board@northshire.example").get(url("benchmark_export"))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    on_2021 = [r for r in rows if r["framework"] == "hmip-youth-2021"]
    on_2018 = [r for r in rows if r["framework"] == "hmip-youth-2018"]
    assert on_2021 and on_2018
    assert {r["2.1"] for r in on_2021} == {"not known"}
    assert {r["4.1"] for r in on_2018} == {""}  # 4.1 is not a 2018 standard
    assert all("records no standard as Requires improvement" in r["notes"] for r in rows)
