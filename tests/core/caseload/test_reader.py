"""The caseload importer: CSV and XLSX read alike, every problem named by row and column."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import fields
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from yjqa.core.caseload import codes
from yjqa.core.caseload.reader import (
    CASELOAD_COLUMNS,
    MAX_PROBLEMS,
    REQUIRED_COLUMNS,
    CaseloadRow,
    caseload_cells,
    caseload_row,
    caseload_template_csv,
    caseload_template_xlsx,
    parse_caseload_rows,
    read_caseload,
)
from yjqa.core.synthetic.caseload import SyntheticCase, generate_service, generate_services
from yjqa.core.validation.problems import InputError

VALID: dict[str, str] = {
    "case_ref": "T-0001",
    "sex": "female",
    "ethnicity": "white",
    "date_of_birth": "2010-05-14",
    "outcome": "youth_caution",
    "outcome_date": "2025-06-02",
    "rosh": "low",
    "safety_wellbeing": "medium",
    "end_date": "2025-07-01",
    "likelihood_of_reoffending": "low",
    "case_manager": "Alex Ashdown",
    "looked_after": "no",
    "send": "yes",
    "child_ref": "",
}
EXPECTED = CaseloadRow(
    case_ref="T-0001",
    sex="female",
    ethnicity="white",
    date_of_birth=date(2010, 5, 14),
    outcome="youth_caution",
    outcome_date=date(2025, 6, 2),
    rosh="low",
    safety_wellbeing="medium",
    end_date=date(2025, 7, 1),
    likelihood_of_reoffending="low",
    case_manager="Alex Ashdown",
    looked_after=False,
    send=True,
)


def row(columns: Sequence[str] = CASELOAD_COLUMNS, **changes: str) -> list[str]:
    """A valid row (VALID) with some values changed, for the given columns."""
    return [changes.get(name, VALID[name]) for name in columns]


def parse(
    *rows: Sequence[object], header: Sequence[object] = CASELOAD_COLUMNS
) -> list[CaseloadRow]:
    return parse_caseload_rows(header, rows, "caseload.csv")


def problems(
    *rows: Sequence[object], header: Sequence[object] = CASELOAD_COLUMNS
) -> list[tuple[str, str]]:
    with pytest.raises(InputError) as info:
        parse(*rows, header=header)
    assert info.value.source == "caseload.csv"
    return [(p.place, p.message) for p in info.value.problems]


def write_csv(path: Path, rows: Sequence[Sequence[object]], *, encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def write_xlsx(path: Path, rows: Sequence[Sequence[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "My caseload"
    for values in rows:
        sheet.append(list(values))
    book.create_sheet("Notes").append(["anything", "here", "is", "ignored"])
    book.save(path)
    return path


# --- valid files --------------------------------------------------------------------------


def test_a_valid_row_is_read_with_codes_dates_and_booleans() -> None:
    assert parse(row()) == [EXPECTED]


def test_columns_are_the_contract() -> None:
    assert CASELOAD_COLUMNS == (
        "case_ref",
        "sex",
        "ethnicity",
        "date_of_birth",
        "outcome",
        "outcome_date",
        "rosh",
        "safety_wellbeing",
        "end_date",
        "likelihood_of_reoffending",
        "case_manager",
        "looked_after",
        "send",
        "child_ref",
    )
    assert CASELOAD_COLUMNS[:8] == REQUIRED_COLUMNS
    assert tuple(f.name for f in fields(CaseloadRow)) == CASELOAD_COLUMNS


def test_valid_csv_and_xlsx_give_the_same_rows(tmp_path: Path) -> None:
    cases = generate_service("Test YJS", "T", seed=11).cases
    expected = [caseload_row(case) for case in cases]
    csv_path = write_csv(tmp_path / "caseload.csv", [CASELOAD_COLUMNS, *map(caseload_cells, cases)])

    # A workbook holds dates as date cells, yes/no as booleans and empty cells as None.
    xlsx_rows: list[list[object]] = [list(CASELOAD_COLUMNS)]
    for case in cases:
        xlsx_rows.append(
            [
                case.case_ref,
                case.sex,
                case.ethnicity,
                datetime.combine(case.date_of_birth, datetime.min.time()),
                case.outcome,
                case.outcome_date,  # a date cell
                case.rosh,
                case.safety_wellbeing,
                case.end_date,  # None when open
                case.likelihood_of_reoffending,
                case.case_manager,
                case.looked_after,
                case.send,
                case.child_ref or None,  # an empty cell
            ]
        )
    xlsx_path = write_xlsx(tmp_path / "caseload.xlsx", xlsx_rows)

    from_csv = read_caseload(csv_path)
    from_xlsx = read_caseload(xlsx_path)
    assert from_csv == expected
    assert from_xlsx == expected
    assert any(r.end_date is None for r in expected)
    assert any(r.likelihood_of_reoffending == "" for r in expected)
    assert any(r.child_ref for r in expected) and any(not r.child_ref for r in expected)


def test_xlsx_reads_numbers_as_case_references_and_0_or_y_as_yes_no(tmp_path: Path) -> None:
    header = list(CASELOAD_COLUMNS)
    cells: list[object] = row()
    cells[0] = 12345  # a number typed as a case reference
    cells[11] = 0
    cells[12] = "Y"
    other: list[object] = row(case_ref="T-0002")
    other[0] = 678.0
    path = write_xlsx(tmp_path / "caseload.xlsx", [header, cells, other])
    first, second = read_caseload(path)
    assert (first.case_ref, first.looked_after, first.send) == ("12345", False, True)
    assert second.case_ref == "678"
    assert first.date_of_birth == date(2010, 5, 14)


def test_labels_and_odd_spelling_of_codes_are_accepted() -> None:
    [result] = parse(
        row(
            sex="Female",
            ethnicity="Mixed or multiple ethnic groups",
            outcome="Youth caution",
            rosh="Very high",
            safety_wellbeing="VERY-HIGH",
            likelihood_of_reoffending="  High ",
        )
    )
    assert (result.sex, result.ethnicity, result.outcome) == ("female", "mixed", "youth_caution")
    assert (result.rosh, result.safety_wellbeing) == ("very_high", "very_high")
    assert result.likelihood_of_reoffending == "high"


@pytest.mark.parametrize(
    ("column", "mapping"),
    [
        ("sex", codes.SEX),
        ("ethnicity", codes.ETHNICITY),
        ("outcome", codes.OUTCOME),
        ("rosh", codes.RISK_LEVEL),
        ("safety_wellbeing", codes.RISK_LEVEL),
        ("likelihood_of_reoffending", codes.LIKELIHOOD),
    ],
)
def test_every_code_and_label_is_accepted(column: str, mapping: dict[str, str]) -> None:
    for code, label in mapping.items():
        for written in (code, label, label.upper()):
            [result] = parse(row(**{column: written}))
            assert getattr(result, column) == code


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("true", True),
        ("Yes", True),
        ("Y", True),
        ("1", True),
        (" yes ", True),
        ("FALSE", False),
        ("no", False),
        ("n", False),
        ("nO", False),
        ("0", False),
        ("", None),
        ("   ", None),
    ],
)
def test_yes_no_columns_accept_the_usual_words_and_empty_means_not_recorded(
    written: str, expected: bool | None
) -> None:
    [result] = parse(row(looked_after=written, send=written))
    assert result.looked_after is expected
    assert result.send is expected


def test_optional_columns_may_be_left_out_or_empty() -> None:
    [absent] = parse(row(REQUIRED_COLUMNS), header=REQUIRED_COLUMNS)
    [empty] = parse(
        row(end_date="", likelihood_of_reoffending="", case_manager="", looked_after="", send="")
    )
    for result in (absent, empty):
        assert result.child_ref == "" and result.child == "T-0001"
        assert result.end_date is None
        assert result.likelihood_of_reoffending == ""
        assert result.case_manager == ""
        assert result.looked_after is None
        assert result.send is None


def test_header_ignores_case_spaces_and_order() -> None:
    order = list(reversed(CASELOAD_COLUMNS))
    header = [f"  {name.upper()} " for name in order]
    assert parse(row(order), header=header) == [EXPECTED]


def test_values_are_stripped_and_rows_may_be_short() -> None:
    padded = [f" {value} " for value in row(REQUIRED_COLUMNS)]
    [result] = parse(padded, header=CASELOAD_COLUMNS)  # optional cells missing at the end
    assert result.case_ref == "T-0001"
    assert result.end_date is None


def test_blank_rows_are_skipped_but_still_numbered() -> None:
    rows = [row(), [], [""] * 13, ["  ", ""], row(case_ref="T-0002", sex="boy")]
    assert problems(*rows) == [
        ("row 6, column sex", "'boy' is not a known code: use one of male, female, other, unknown")
    ]
    assert len(parse(row(), [], [""] * 13, row(case_ref="T-0002"))) == 2


def test_trailing_empty_cells_beyond_the_header_are_ignored() -> None:
    assert parse([*row(), "", None], header=[*CASELOAD_COLUMNS, None, ""]) == [EXPECTED]


@pytest.mark.parametrize(
    ("boundary", "changes"),
    [
        ("aged 10 on the outcome date", {"date_of_birth": "2015-06-02"}),
        ("a day before the 18th birthday", {"date_of_birth": "2007-06-03"}),
        ("ends on the outcome date", {"end_date": "2025-06-02"}),
        ("a 40-character reference", {"case_ref": "R" * 40}),
        ("a 200-character case manager", {"case_manager": "M" * 200}),
        ("29 February", {"date_of_birth": "2012-02-29", "outcome_date": "2024-02-29"}),
    ],
)
def test_values_on_the_boundaries_are_valid(boundary: str, changes: dict[str, str]) -> None:
    assert len(parse(row(**changes))) == 1, boundary


# --- row problems ---------------------------------------------------------------------------

ERRORS = [
    ("case_ref", {"case_ref": ""}, "row 2, column case_ref", "a value is required"),
    ("sex", {"sex": ""}, "row 2, column sex", "a value is required"),
    ("ethnicity", {"ethnicity": " "}, "row 2, column ethnicity", "a value is required"),
    ("date_of_birth", {"date_of_birth": ""}, "row 2, column date_of_birth", "a value is required"),
    ("outcome", {"outcome": ""}, "row 2, column outcome", "a value is required"),
    ("outcome_date", {"outcome_date": ""}, "row 2, column outcome_date", "a value is required"),
    ("rosh", {"rosh": ""}, "row 2, column rosh", "a value is required"),
    (
        "safety_wellbeing",
        {"safety_wellbeing": ""},
        "row 2, column safety_wellbeing",
        "a value is required",
    ),
    (
        "unknown sex",
        {"sex": "boy"},
        "row 2, column sex",
        "'boy' is not a known code: use one of male, female, other, unknown",
    ),
    (
        "unknown ethnicity",
        {"ethnicity": "green"},
        "row 2, column ethnicity",
        "'green' is not a known code: use one of white, mixed, asian, black, other, unknown",
    ),
    (
        "unknown outcome",
        {"outcome": "caution"},
        "row 2, column outcome",
        "'caution' is not a known code: use one of prevention, community_resolution, outcome_22, "
        "youth_caution, youth_conditional_caution, referral_order, youth_rehabilitation_order, "
        "detention_and_training_order, long_term_detention, bail_supervision, remand_community, "
        "remand_youth_detention",
    ),
    (
        "unknown rosh",
        {"rosh": "extreme"},
        "row 2, column rosh",
        "'extreme' is not a known code: use one of low, medium, high, very_high",
    ),
    (
        "unknown safety",
        {"safety_wellbeing": "none"},
        "row 2, column safety_wellbeing",
        "'none' is not a known code: use one of low, medium, high, very_high",
    ),
    (
        "likelihood has no very_high",
        {"likelihood_of_reoffending": "very_high"},
        "row 2, column likelihood_of_reoffending",
        "'very_high' is not a known code: use one of low, medium, high",
    ),
    (
        "US-style date",
        {"date_of_birth": "05/14/2010"},
        "row 2, column date_of_birth",
        "'05/14/2010' is not a date: use YYYY-MM-DD or DD/MM/YYYY, e.g. 2025-04-01 or 01/04/2025",
    ),
    (
        "no such day",
        {"outcome_date": "2025-02-30"},
        "row 2, column outcome_date",
        "'2025-02-30' is not a date: use YYYY-MM-DD or DD/MM/YYYY, e.g. 2025-04-01 or 01/04/2025",
    ),
    (
        "compact ISO date",
        {"outcome_date": "20250602"},
        "row 2, column outcome_date",
        "'20250602' is not a date: use YYYY-MM-DD or DD/MM/YYYY, e.g. 2025-04-01 or 01/04/2025",
    ),
    (
        "end date without padding",
        {"end_date": "2025-7-1"},
        "row 2, column end_date",
        "'2025-7-1' is not a date: use YYYY-MM-DD or DD/MM/YYYY, e.g. 2025-04-01 or 01/04/2025",
    ),
    (
        "born after the outcome",
        {"date_of_birth": "2025-07-01"},
        "row 2, column date_of_birth",
        "2025-07-01 is after the outcome date 2025-06-02",
    ),
    (
        "ends before the outcome",
        {"end_date": "2025-06-01"},
        "row 2, column end_date",
        "2025-06-01 is before the outcome date 2025-06-02",
    ),
    (
        "aged 9",
        {"date_of_birth": "2015-06-03"},
        "row 2, column date_of_birth",
        "the child was 9 on the outcome date 2025-06-02: children must be aged 10 to 17",
    ),
    (
        "aged 18",
        {"date_of_birth": "2007-06-02"},
        "row 2, column date_of_birth",
        "the child was 18 on the outcome date 2025-06-02: children must be aged 10 to 17",
    ),
    (
        "prevention is 10-17 too",
        {"outcome": "prevention", "date_of_birth": "2017-01-01"},
        "row 2, column date_of_birth",
        "the child was 8 on the outcome date 2025-06-02: children must be aged 10 to 17",
    ),
    (
        "long case_ref",
        {"case_ref": "R" * 41},
        "row 2, column case_ref",
        "is 41 characters long: at most 40 are allowed",
    ),
    (
        "long case_manager",
        {"case_manager": "M" * 201},
        "row 2, column case_manager",
        "is 201 characters long: at most 200 are allowed",
    ),
    (
        "looked_after",
        {"looked_after": "maybe"},
        "row 2, column looked_after",
        "'maybe' is not yes or no: use yes, no, true, false, y, n, 1 or 0, "
        "or leave it empty if not recorded",
    ),
    (
        "send",
        {"send": "2"},
        "row 2, column send",
        "'2' is not yes or no: use yes, no, true, false, y, n, 1 or 0, "
        "or leave it empty if not recorded",
    ),
]


@pytest.mark.parametrize(
    ("changes", "place", "message"),
    [error[1:] for error in ERRORS],
    ids=[error[0] for error in ERRORS],
)
def test_each_row_problem_is_named(changes: dict[str, str], place: str, message: str) -> None:
    assert problems(row(**changes)) == [(place, message)]


def test_a_duplicate_case_ref_names_both_rows() -> None:
    assert problems(row(), row(case_ref="T-0002"), row(case_ref=" t-0001 ")) == [
        ("row 4, column case_ref", "'t-0001' is also on row 2")
    ]


def test_a_value_beyond_the_header_is_a_whole_row_problem() -> None:
    assert problems([*row(), "", "surprise"]) == [
        ("row 2", "has a value in column 16 (P), but the header names only 14 columns")
    ]


# --- child references -----------------------------------------------------------------------


def test_a_child_reference_links_a_child_s_records() -> None:
    remand, sentence, other = parse(
        row(case_ref="T-0001", outcome="remand_youth_detention", child_ref="C-7"),
        row(case_ref="T-0002", outcome="Referral order", child_ref=" C-7 "),
        row(case_ref="T-0003", date_of_birth="2011-01-01"),
    )
    assert (remand.child_ref, sentence.child_ref, other.child_ref) == ("C-7", "C-7", "")
    assert remand.child == sentence.child == "C-7"
    assert other.child == "T-0003"  # a child with one record is known by its case


def test_a_child_reference_with_two_dates_of_birth_is_named_with_both_rows() -> None:
    assert problems(
        row(case_ref="T-0001", child_ref="C-7"),
        row(case_ref="T-0002", child_ref="C-8", date_of_birth="2011-02-02"),
        row(case_ref="T-0003", child_ref="C-7", date_of_birth="2011-01-01"),
    ) == [
        (
            "row 4, column child_ref",
            "'C-7' is also on row 2, with another date of birth (2010-05-14, here 2011-01-01): "
            "one child's records share one child reference and one date of birth",
        )
    ]


def test_a_long_child_reference_is_refused() -> None:
    assert problems(row(child_ref="C" * 41)) == [
        ("row 2, column child_ref", "is 41 characters long: at most 40 are allowed")
    ]


def test_bail_and_remand_outcomes_are_read_by_code_or_label() -> None:
    read = parse(
        row(case_ref="T-1", outcome="Bail supervision and support"),
        row(case_ref="T-2", outcome="remand to local authority accommodation"),
        row(case_ref="T-3", outcome="REMAND_YOUTH_DETENTION"),
    )
    assert [r.outcome for r in read] == [
        "bail_supervision",
        "remand_community",
        "remand_youth_detention",
    ]
    assert {codes.outcome_group(r.outcome) for r in read} == {"bail_remand"}


def test_a_long_value_is_shortened_in_the_message() -> None:
    [(place, message)] = problems(row(sex="x" * 500))
    assert place == "row 2, column sex"
    assert message.startswith("'" + "x" * 57 + "...' is not a known code")


def test_every_problem_in_a_file_is_reported() -> None:
    rows = [
        row(),
        row(case_ref="T-0002", sex="boy", outcome_date="2025-13-01"),
        row(case_ref="T-0003"),
        row(case_ref="T-0001", rosh="", send="perhaps"),
        row(case_ref="T-0005", date_of_birth="2000-01-01", end_date="2020-01-01"),
    ]
    assert problems(*rows) == [
        ("row 3, column sex", "'boy' is not a known code: use one of male, female, other, unknown"),
        (
            "row 3, column outcome_date",
            "'2025-13-01' is not a date: use YYYY-MM-DD or DD/MM/YYYY, e.g. 2025-04-01 or 01/04/2025",
        ),
        ("row 5, column case_ref", "'T-0001' is also on row 2"),
        ("row 5, column rosh", "a value is required"),
        (
            "row 5, column send",
            "'perhaps' is not yes or no: use yes, no, true, false, y, n, 1 or 0, "
            "or leave it empty if not recorded",
        ),
        (
            "row 6, column date_of_birth",
            "the child was 25 on the outcome date 2025-06-02: children must be aged 10 to 17",
        ),
        ("row 6, column end_date", "2020-01-01 is before the outcome date 2025-06-02"),
    ]


def test_the_problem_list_is_capped_with_a_count_of_the_rest() -> None:
    rows = [row(case_ref=f"T-{n:05d}", sex="boy") for n in range(MAX_PROBLEMS + 500)]
    found = problems(*rows)
    assert len(found) == MAX_PROBLEMS + 1
    assert found[0][0] == "row 2, column sex"
    assert found[MAX_PROBLEMS - 1][0] == f"row {MAX_PROBLEMS + 1}, column sex"
    assert MAX_PROBLEMS == 100
    assert found[-1] == ("", "and 500 more problems")


@pytest.fixture(scope="module")
def ten_thousand() -> list[SyntheticCase]:
    # 10,000 disposals and, on top, a few hundred bail and remand records: the first 10,000.
    cases = [
        c for service in generate_services(5, seed=3, outcomes_per_year=2000) for c in service.cases
    ][:10_000]
    assert len(cases) == 10_000
    assert len({c.case_ref for c in cases}) == 10_000
    return cases


def test_one_bad_row_among_ten_thousand_is_found(
    tmp_path: Path, ten_thousand: list[SyntheticCase]
) -> None:
    rows = [caseload_cells(case) for case in ten_thousand]
    rows[4999][CASELOAD_COLUMNS.index("outcome")] = "conditional discharge"  # spreadsheet row 5001
    path = write_csv(tmp_path / "big.csv", [CASELOAD_COLUMNS, *rows])
    with pytest.raises(InputError) as info:
        read_caseload(path)
    assert [(p.place, p.message.split(":")[0]) for p in info.value.problems] == [
        ("row 5001, column outcome", "'conditional discharge' is not a known code")
    ]
    assert info.value.source == str(path)


def test_progress_is_reported_every_thousand_rows_and_at_the_end(
    tmp_path: Path, ten_thousand: list[SyntheticCase]
) -> None:
    path = write_csv(
        tmp_path / "c.csv", [CASELOAD_COLUMNS, *map(caseload_cells, ten_thousand[:2500])]
    )
    seen: list[int] = []
    assert len(read_caseload(path, progress=seen.append)) == 2500
    assert seen == [1000, 2000, 2500]


# --- header and file problems ---------------------------------------------------------------


def test_a_missing_required_column_is_named() -> None:
    header = [c for c in CASELOAD_COLUMNS if c not in ("rosh", "sex")]
    [(place, message)] = problems(row(header), header=header)
    assert place == "row 1"
    assert message.startswith("missing required columns sex, rosh; the first row must name")


def test_unknown_column_is_named_with_a_suggestion() -> None:
    header = [*CASELOAD_COLUMNS, "case_manger", "notes"]
    [(place, message)] = problems([*row(), "x", "y"], header=header)
    assert place == "row 1"
    assert message.startswith(
        "unknown columns case_manger (did you mean case_manager?), notes: the columns are case_ref,"
    )


def test_rows_are_still_checked_when_the_only_header_problem_is_an_unknown_column() -> None:
    header = [*CASELOAD_COLUMNS, "notes"]
    found = problems([*row(), "fine"], [*row(case_ref="T-0002", rosh="severe"), ""], header=header)
    assert [place for place, _ in found] == ["row 1", "row 3, column rosh"]
    assert found[0][1].startswith("unknown column notes: the columns are")


def test_a_misspelt_required_column_is_both_missing_and_unknown() -> None:
    header = ["outcome date" if c == "outcome_date" else c for c in CASELOAD_COLUMNS]
    found = problems(row(), header=header)
    assert [place for place, _ in found] == ["row 1", "row 1"]
    assert found[0][1].startswith("missing required column outcome_date;")
    assert found[1][1].startswith("unknown column outcome date (did you mean outcome_date?)")


def test_repeated_and_unnamed_columns_are_header_problems() -> None:
    header = [*CASELOAD_COLUMNS[:3], "", *CASELOAD_COLUMNS[3:], "SEX"]
    assert problems(header=header) == [
        ("row 1", "column D has no name in the header"),
        ("row 1", "column sex appears more than once"),
    ]


def test_a_file_with_only_a_header_has_no_case_rows(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "c.csv", [CASELOAD_COLUMNS, []])
    with pytest.raises(InputError) as info:
        read_caseload(path)
    assert [(p.place, p.message) for p in info.value.problems] == [
        ("row 2", "there are no case rows below the header")
    ]


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"\r\n\r\n", b",,,\r\n"])
def test_an_empty_csv_file_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        read_caseload(path)
    assert [(p.place, p.message) for p in info.value.problems] == [
        ("row 1", "the file is empty: expected a header row and case rows")
    ]


def test_an_empty_xlsx_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    openpyxl.Workbook().save(path)
    with pytest.raises(InputError) as info:
        read_caseload(path)
    assert info.value.problems[0].message.startswith("the file is empty")


@pytest.mark.parametrize("name", ["caseload.txt", "caseload.xls", "caseload.ods", "caseload"])
def test_a_file_with_an_unknown_suffix_is_refused(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(",".join(CASELOAD_COLUMNS))
    with pytest.raises(InputError) as info:
        read_caseload(path)
    [problem] = info.value.problems
    assert "cannot be imported: use a .csv or .xlsx file" in problem.message
    assert info.value.source == str(path)


def test_upper_case_suffix_is_accepted(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "CASELOAD.CSV", [CASELOAD_COLUMNS, row()])
    assert read_caseload(path) == [EXPECTED]


def test_a_missing_file_is_reported_as_not_found(tmp_path: Path) -> None:
    for name in ("nothing.csv", "nothing.xlsx"):
        with pytest.raises(InputError, match="file not found"):
            read_caseload(tmp_path / name)


def test_a_csv_with_a_byte_order_mark_and_crlf_is_read(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "excel.csv", [CASELOAD_COLUMNS, row()], encoding="utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbfcase_ref,")
    assert read_caseload(path) == [EXPECTED]


def test_a_csv_that_is_not_utf8_is_refused_with_how_to_save_it(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "latin.csv",
        [CASELOAD_COLUMNS, row(case_manager="Zoë Brontë")],
        encoding="latin-1",
    )
    with pytest.raises(InputError) as info:
        read_caseload(path)
    [problem] = info.value.problems
    assert problem.place == ""
    assert problem.message.startswith("is not UTF-8 text: byte ")
    assert "(line 2, character " in problem.message  # where Zoë's ë is
    assert problem.message.endswith("in Excel, save it as 'CSV UTF-8 (Comma delimited)'")


def test_malformed_csv_keeps_the_problems_found_before_it(tmp_path: Path) -> None:
    path = tmp_path / "broken.csv"
    good = ",".join(row())
    bad = ",".join(row(case_ref="T-0002", sex="boy"))
    path.write_text(f'{",".join(CASELOAD_COLUMNS)}\n{good}\n{bad}\n"T-0003,female\n')
    with pytest.raises(InputError) as info:
        read_caseload(path)
    found = [(p.place, p.message) for p in info.value.problems]
    assert found[0][0] == "row 3, column sex"
    assert found[1][0] == "row 4"
    assert found[1][1].startswith("malformed CSV (")
    assert found[1][1].endswith("); the rest of the file was not read")


def test_a_damaged_xlsx_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not really a workbook")
    with pytest.raises(InputError) as info:
        read_caseload(path)
    assert [p.message for p in info.value.problems] == [
        "cannot be read as an Excel workbook (.xlsx): is it damaged?"
    ]


def test_xlsx_problems_are_numbered_as_the_spreadsheet_shows(tmp_path: Path) -> None:
    cells: list[object] = row(case_ref="T-0002")
    cells[CASELOAD_COLUMNS.index("date_of_birth")] = 40000  # a date typed as a number
    path = write_xlsx(tmp_path / "c.xlsx", [list(CASELOAD_COLUMNS), row(), [None] * 13, cells])
    with pytest.raises(InputError) as info:
        read_caseload(path)
    assert [(p.place, p.message) for p in info.value.problems] == [
        (
            "row 4, column date_of_birth",
            "'40000' is not a date: use YYYY-MM-DD or DD/MM/YYYY, e.g. 2025-04-01 or 01/04/2025",
        )
    ]


# --- templates ------------------------------------------------------------------------------


def test_csv_template_round_trips(tmp_path: Path) -> None:
    text = caseload_template_csv()
    assert text.splitlines()[0] == ",".join(CASELOAD_COLUMNS)
    assert "#" not in text
    path = tmp_path / "template.csv"
    path.write_text(text, encoding="utf-8", newline="")
    rows = read_caseload(path)
    assert [r.case_ref for r in rows] == ["EX-0001", "EX-0002"]


def test_xlsx_template_round_trips_and_lists_the_codes(tmp_path: Path) -> None:
    path = tmp_path / "template.xlsx"
    path.write_bytes(caseload_template_xlsx())
    csv_path = tmp_path / "template.csv"
    csv_path.write_text(caseload_template_csv(), encoding="utf-8", newline="")
    assert read_caseload(path) == read_caseload(csv_path)

    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Caseload", "Codes"]
    caseload = book["Caseload"]
    assert [c.value for c in caseload[1]] == list(CASELOAD_COLUMNS)
    assert all(c.font.bold for c in caseload[1])

    listed = [tuple(r) for r in book["Codes"].iter_rows(min_row=2, values_only=True)]
    assert {r[0] for r in listed} == set(CASELOAD_COLUMNS)
    required = {r[0]: r[1] for r in listed}
    assert {name for name, flag in required.items() if flag == "yes"} == set(REQUIRED_COLUMNS)
    for column, mapping in [
        ("sex", codes.SEX),
        ("ethnicity", codes.ETHNICITY),
        ("outcome", codes.OUTCOME),
        ("rosh", codes.RISK_LEVEL),
        ("safety_wellbeing", codes.RISK_LEVEL),
        ("likelihood_of_reoffending", codes.LIKELIHOOD),
    ]:
        assert [(r[2], r[3]) for r in listed if r[0] == column] == list(mapping.items())


def test_template_rows_show_an_open_and_a_closed_case() -> None:
    rows = list(csv.reader(caseload_template_csv().splitlines()))
    first, second = parse(*rows[1:], header=rows[0])
    assert first.end_date is not None
    assert second.end_date is None
    assert {first.outcome, second.outcome} <= set(codes.OUTCOME)
