"""The field rules every boundary shares: no control characters, lengths as the columns'."""

from __future__ import annotations

from pathlib import Path

import pytest

from yjqa.core.caseload.reader import CASELOAD_COLUMNS, read_caseload
from yjqa.core.validation.fields import field_error, reference_problem, text_problem
from yjqa.core.validation.problems import InputError

ROW = "T-1,female,white,2010-05-14,youth_caution,2025-06-02,low,medium,,,{manager},,,"


def test_text_without_control_characters_and_within_its_length_is_fine() -> None:
    assert text_problem("Zoë Brontë\tand Ünal", 40) is None
    assert text_problem("two\nlines", multiline=True) is None


@pytest.mark.parametrize(
    ("value", "code"), [("a\x00b", "0000"), ("a\nb", "000A"), ("\x85", "0085")]
)
def test_a_control_character_is_named_by_code_and_place_never_shown(value: str, code: str) -> None:
    problem = text_problem(value)
    assert problem is not None and f"(U+{code})" in problem and value not in problem


def test_lengths_are_counted_in_characters_as_both_databases_count_them() -> None:
    assert text_problem("é" * 40, 40) is None
    assert text_problem("é" * 41, 40) == "is 41 characters long: at most 40 are allowed"
    assert (
        field_error("Case reference", "x" * 41, 40)
        == "Case reference must be 40 characters or fewer"
    )
    assert field_error("Case reference", "a\x00") == (
        "Case reference must not contain control characters (such as a NUL)"
    )


@pytest.mark.parametrize("ref", ["NS/2026/0001", "A B", "50%", "x:y@z"])
def test_references_may_hold_slashes_between_parts(ref: str) -> None:
    assert reference_problem(ref) is None


@pytest.mark.parametrize("ref", ["NS//1", "/NS", "NS/", "..", "NS/./1", "a\tb", "a\x00b"])
def test_references_an_address_cannot_carry_are_refused(ref: str) -> None:
    assert reference_problem(ref) is not None


def test_the_caseload_reader_names_file_row_and_column_of_a_nul(tmp_path: Path) -> None:
    path = tmp_path / "caseload.csv"
    path.write_text(",".join(CASELOAD_COLUMNS) + "\n" + ROW.format(manager="A\x00B") + "\n")
    with pytest.raises(InputError) as info:
        read_caseload(path)
    assert info.value.describe() == (
        f"{path}: row 2, column case_manager: has a control character (U+0000) at character 2: "
        "remove it and try again"
    )
