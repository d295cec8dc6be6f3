"""Survey link codes: 8 characters without look-alikes, grouped ABCD-EFGH, read in any case."""

from __future__ import annotations

import random
import re

import pytest

from yjqa.core.surveys.codes import ALPHABET, new_code, short_code


def test_the_alphabet_has_no_characters_people_mistake_for_one_another() -> None:
    assert not set("0O1IL") & set(ALPHABET)
    assert len(set(ALPHABET)) == len(ALPHABET) == 31
    assert ALPHABET.isupper() or ALPHABET.upper() == ALPHABET


def test_a_new_code_is_eight_characters_of_the_alphabet_in_two_groups_of_four() -> None:
    for _ in range(200):
        code = new_code()
        assert re.fullmatch(f"[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}", code), code


def test_new_codes_are_random() -> None:
    assert len({new_code() for _ in range(1000)}) == 1000
    chooser = random.Random(7).choice
    assert new_code(chooser) == new_code(random.Random(7).choice)


@pytest.mark.parametrize(
    "typed", ["ABCD-EFGH", "abcd-efgh", "abcdefgh", "AbCd EfGh", " abcd-efgh ", "ab-cd-ef-gh"]
)
def test_a_code_is_read_in_any_case_with_or_without_its_hyphen(typed: str) -> None:
    assert short_code(typed) == "ABCD-EFGH"


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "ABCD-EFG",  # too short
        "ABCD-EFGHJ",  # too long
        "ABCD-EFG0",  # 0 is never in a code
        "OBCD-EFGH",
        "1BCD-EFGH",
        "IBCD-EFGH",
        "LBCD-EFGH",
        "ABCD_EFGH",
        "Xq3Jm9f2Kd8pL0sTzW4yB7nR",  # an older, long code: looked up as it is, not here
    ],
)
def test_anything_else_is_not_a_short_code(typed: str) -> None:
    assert short_code(typed) is None
