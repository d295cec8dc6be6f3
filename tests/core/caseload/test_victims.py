"""The victims' caseload reader: every rule checked row by row, nothing returned in part."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from yjqa.core.caseload.victims import (
    VICTIM_COLUMNS,
    read_victims,
    victims_template_csv,
    victims_template_xlsx,
)
from yjqa.core.validation.problems import InputError

TODAY = date(2026, 1, 31)
HEADER = ",".join(VICTIM_COLUMNS)
GOOD = "V-1,C-1,theft,2025-05-20,2025-06-09,yes,yes,no,no,information"


def write(tmp_path: Path, *lines: str, name: str = "victims.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        read_victims(path, today=TODAY)
    return [p.describe(path.name) for p in caught.value.problems]


def test_a_valid_file_is_read_with_codes_for_labels_and_none_where_not_recorded(
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path,
        HEADER,
        GOOD,
        "V-2,C-2,Violence against the person,2025-06-01,,,Yes,,Y,Direct support from the service",
    )
    first, second = read_victims(path, today=TODAY)
    assert (first.victim_ref, first.case_ref, first.offence_category) == ("V-1", "C-1", "theft")
    assert (first.offence_date, first.first_contact_date) == (date(2025, 5, 20), date(2025, 6, 9))
    assert (first.consent_to_contact, first.restorative_justice_took_part) == (True, False)
    assert second.offence_category == "violence_against_the_person"
    assert second.support_given == "direct_support"
    assert (second.first_contact_date, second.consent_to_contact) == (None, None)
    assert (second.restorative_justice_offered, second.safety_planning_needed) == (True, True)


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (",C-1,theft,2025-05-20,,yes,yes,no,no,none", "column victim_ref: a value is"),
        ("V-1,,theft,2025-05-20,,yes,yes,no,no,none", "column case_ref: a value is"),
        ("V-1,C-1,shoplifting,2025-05-20,,yes,yes,no,no,none", "column offence_category: "),
        ("V-1,C-1,theft,,,yes,yes,no,no,none", "column offence_date: a value is"),
        ("V-1,C-1,theft,05/20/2025,,yes,yes,no,no,none", "column offence_date: '05/20/2025' is"),
        ("V-1,C-1,theft,2026-02-01,,yes,yes,no,no,none", "offence_date: 2026-02-01 is in the fut"),
        ("V-1,C-1,theft,2025-05-20,2026-03-01,yes,yes,no,no,none", "first_contact_date: 2026"),
        ("V-1,C-1,theft,2025-05-20,2025-05-19,yes,yes,no,no,none", "is before the offence date"),
        ("V-1,C-1,theft,2025-05-20,,maybe,yes,no,no,none", "consent_to_contact: 'maybe' is not"),
        ("V-1,C-1,theft,2025-05-20,,yes,no,yes,no,none", "restorative_justice_took_part: is yes"),
        ("V-1,C-1,theft,2025-05-20,,yes,,yes,no,none", "only where it was offered"),
        ("V-1,C-1,theft,2025-05-20,,no,yes,yes,no,none", "but consent_to_contact is no"),
        ("V-1,C-1,theft,2025-05-20,,yes,yes,no,perhaps,none", "safety_planning_needed: 'perh"),
        ("V-1,C-1,theft,2025-05-20,,yes,yes,no,no,", "column support_given: a value"),
        ("V-1,C-1,theft,2025-05-20,,yes,yes,no,no,cake", "support_given: 'cake' is not a known"),
        ("V-" + "1" * 41 + ",C-1,theft,2025-05-20,,yes,yes,no,no,none", "at most 40 are"),
        ("V-1,C-1,theft,2025-05-20,,yes,yes,no,no,none,extra", "has a value in column 11 (K)"),
    ],
)
def test_each_rule_names_the_row_and_column_of_a_bad_value(
    tmp_path: Path, row: str, expected: str
) -> None:
    found = problems(write(tmp_path, HEADER, GOOD.replace("V-1", "V-0"), row))
    assert len(found) == 1
    assert expected in found[0]
    assert found[0].startswith("victims.csv: row 3")


def test_a_victim_reference_appears_once_in_the_file_whatever_its_case(tmp_path: Path) -> None:
    found = problems(write(tmp_path, HEADER, GOOD, GOOD.replace("V-1", "v-1")))
    assert found == ["victims.csv: row 3, column victim_ref: 'v-1' is also on row 2"]


def test_every_bad_row_is_reported_and_nothing_is_returned(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEADER,
        GOOD,
        "V-2,C-2,theft,2025-13-01,,yes,yes,no,no,none",
        GOOD.replace("V-1", "V-3"),
        "V-4,C-4,arson,2025-05-01,,yes,no,yes,no,none",
    )
    found = problems(path)
    assert [p.split(": ")[1] for p in found] == [
        "row 3, column offence_date",
        "row 5, column offence_category",
        "row 5, column restorative_justice_took_part",
    ]


def test_a_missing_or_misspelt_column_is_reported_on_the_header_alone(tmp_path: Path) -> None:
    header = HEADER.replace("support_given", "suport_given")
    found = problems(write(tmp_path, header, GOOD))
    assert found[0].startswith("victims.csv: row 1: missing required column support_given")
    assert "suport_given (did you mean support_given?)" in found[1]


def test_an_empty_file_a_header_alone_and_other_extensions_are_refused(tmp_path: Path) -> None:
    assert "the file is empty" in problems(write(tmp_path, ""))[0]
    assert "no victim rows below the header" in problems(write(tmp_path, HEADER))[0]
    assert ".txt file cannot be imported" in problems(write(tmp_path, GOOD, name="v.txt"))[0]


def test_a_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "victims.csv"
    path.write_bytes((HEADER + "\n" + GOOD + ",\xe9\n").encode("latin-1"))
    assert any("is not UTF-8 text" in p for p in problems(path))


def test_a_workbook_is_read_with_date_cells_and_its_rows_named_like_a_csv(
    tmp_path: Path,
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(VICTIM_COLUMNS))
    sheet.append(["V-1", "C-1", "Theft", date(2025, 5, 20), None, True, True, False, 0, "none"])
    sheet.append(["V-2", "C-2", "robbery", date(2025, 5, 20), date(2025, 5, 1), 1, 1, 1, 1, "none"])
    path = tmp_path / "victims.xlsx"
    book.save(path)
    assert problems(path) == [
        "victims.xlsx: row 3, column first_contact_date: 2025-05-01 is before the offence "
        "date 2025-05-20"
    ]
    sheet.delete_rows(3)
    book.save(path)
    (row,) = read_victims(path, today=TODAY)
    assert (row.offence_category, row.consent_to_contact, row.safety_planning_needed) == (
        "theft",
        True,
        False,
    )


def test_both_templates_read_back_as_valid_victims(tmp_path: Path) -> None:
    csv_path = tmp_path / "template.csv"
    csv_path.write_text(victims_template_csv(), encoding="utf-8")
    xlsx_path = tmp_path / "template.xlsx"
    xlsx_path.write_bytes(victims_template_xlsx())
    assert read_victims(csv_path, today=TODAY) == read_victims(xlsx_path, today=TODAY)
    assert len(read_victims(csv_path, today=TODAY)) == 2
    codes_sheet = openpyxl.load_workbook(xlsx_path)["Codes"]
    listed = {row[0] for row in codes_sheet.iter_rows(min_row=2, values_only=True)}
    assert listed == set(VICTIM_COLUMNS)


def test_the_victims_and_caseload_templates_are_laid_out_alike_by_one_writer(
    tmp_path: Path,
) -> None:
    from yjqa.core.caseload.reader import CASELOAD_COLUMNS, caseload_template_xlsx

    for data, title, columns in (
        (victims_template_xlsx(), "Victims", VICTIM_COLUMNS),
        (caseload_template_xlsx(), "Caseload", CASELOAD_COLUMNS),
    ):
        path = tmp_path / f"{title}.xlsx"
        path.write_bytes(data)
        book = openpyxl.load_workbook(path)
        assert book.sheetnames == [title, "Codes"]
        sheet = book[title]
        assert [cell.value for cell in sheet[1]] == list(columns)
        assert all(cell.font.bold for cell in sheet[1])
        assert sheet.freeze_panes == "A2"
        dated = [
            cell.number_format
            for row in sheet.iter_rows(min_row=2)
            for cell in row
            if isinstance(cell.value, date)
        ]
        assert dated and set(dated) == {"yyyy-mm-dd"}
        codes_sheet = book["Codes"]
        assert codes_sheet.column_dimensions["A"].width == max(map(len, columns)) + 1


def test_each_row_knows_its_place_in_the_file_but_is_equal_without_it(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER, GOOD, ",,,,,,,,,", GOOD.replace("V-1", "V-3"))
    first, second = read_victims(path, today=TODAY)
    assert (first.row, second.row) == (2, 4)
    assert dataclasses.replace(second, victim_ref="V-1") == first
    assert list(first.values) == list(VICTIM_COLUMNS)
