"""Proportions of cases in words: the shipped table at its boundaries, and its checks."""

from __future__ import annotations

import pytest
import yaml

from yjqa.core.frameworks.model import ProportionWords
from yjqa.core.frameworks.proportions import proportion, proportion_words
from yjqa.core.frameworks.shipped import get_framework, parse_framework
from yjqa.core.validation.problems import InputError

from helpers import ROOT


@pytest.fixture(scope="module")
def table() -> ProportionWords:
    words = get_framework("hmip-sqs-2016").proportion_words
    assert words is not None
    return words


def words(table: ProportionWords, yes: int, answered: int) -> str:
    return proportion_words(table, yes, answered)[0]


def test_exact_three_quarters_and_either_side(table: ProportionWords) -> None:
    assert words(table, 3, 4) == "three-quarters"
    assert words(table, 75, 100) == "three-quarters"
    assert words(table, 74, 100) == "almost three-quarters"  # just under
    assert words(table, 76, 100) == "over three-quarters"  # just over
    assert words(table, 26, 34) == "over three-quarters"  # 76.5%, seed 001's kind of figure


def test_none_and_all(table: ProportionWords) -> None:
    assert words(table, 0, 34) == "none"
    assert words(table, 0, 1) == "none"
    assert words(table, 34, 34) == "all"
    assert words(table, 1, 1) == "all"
    assert proportion_words(table, 0, 5)[1] == "none of the cases"


def test_all_but_one_and_two_where_the_sample_is_big_enough(table: ProportionWords) -> None:
    assert proportion_words(table, 33, 34) == ("all but one", "all but one case")
    assert proportion_words(table, 32, 34) == ("all but two", "all but two cases")  # seed 001
    assert words(table, 7, 8) == "all but one"  # the smallest sample all-but-one is used for
    assert words(table, 6, 7) == "over three-quarters"  # 85.7%: too few cases for all but one
    assert words(table, 3, 4) == "three-quarters"  # n-1 of 4 is not "all but one"
    assert words(table, 14, 16) == "all but two"
    assert words(table, 13, 15) == "over three-quarters"  # n-2 of 15: 86.7%, banded
    assert words(table, 31, 34) == "nearly all"  # n-3 of 34: 91.2%


def test_bands_start_where_the_table_says(table: ProportionWords) -> None:
    assert words(table, 27, 30) == "nearly all"  # at_least 0.9 includes 0.9
    assert words(table, 9, 10) == "all but one"  # the all-but rules come first
    assert words(table, 89, 100) == "over three-quarters"
    assert words(table, 7, 10) == "almost three-quarters"
    assert words(table, 69, 100) == "most"
    assert words(table, 2, 3) == "two-thirds"
    assert words(table, 3, 5) == "almost two-thirds"
    assert words(table, 59, 100) == "just over half"
    assert words(table, 17, 34) == "half"
    assert words(table, 49, 100) == "a minority"
    assert words(table, 1, 4) == "a minority"
    assert words(table, 24, 100) == "few"
    assert words(table, 1, 34) == "few"


def test_every_proportion_of_up_to_forty_cases_has_words(table: ProportionWords) -> None:
    for answered in range(1, 41):
        for yes in range(answered + 1):
            assert words(table, yes, answered)


def test_figures_and_words_together(table: ProportionWords) -> None:
    shown = proportion(table, 26, 34)
    assert shown is not None
    assert shown.figures == "26 of 34 cases, 76%"
    assert shown.text() == "over three-quarters of cases (26 of 34 cases, 76%)"
    plain = proportion(None, 1, 1)
    assert plain is not None and plain.text() == "1 of 1 case, 100%"
    assert proportion(table, 0, 0) is None


def test_no_cases_is_not_a_proportion(table: ProportionWords) -> None:
    with pytest.raises(ValueError):
        proportion_words(table, 0, 0)
    with pytest.raises(ValueError):
        proportion_words(table, 5, 4)


def test_the_national_standards_say_proportions_in_the_same_words(
    table: ProportionWords,
) -> None:
    assert get_framework("yjb-national-standards-2019").proportion_words == table


SQS = (ROOT / "src" / "yjqa" / "frameworks" / "hmip-sqs-2016.yaml").read_text(encoding="utf-8")


def with_table(table: object) -> str:
    data = yaml.safe_load(SQS)
    data["proportion_words"] = table
    return yaml.safe_dump(data)


def problems(table: object) -> str:
    with pytest.raises(InputError) as raised:
        parse_framework(with_table(table), "test.yaml")
    return str(raised.value)


def test_a_table_must_reach_down_to_none() -> None:
    assert "gap: no band covers 0" in problems(
        {"bands": [{"at_least": 1, "words": "all"}, {"above": 0, "words": "some"}]}
    )


def test_bands_must_be_listed_highest_first() -> None:
    text = problems(
        {
            "bands": [
                {"at_least": "1/2", "words": "half"},
                {"at_least": 0.9, "words": "nearly all"},
                {"at_least": 0, "words": "none"},
            ]
        }
    )
    assert "highest first" in text and "proportion_words.bands[1]" in text


def test_a_band_gives_exactly_one_start() -> None:
    assert "one of at_least or above" in problems(
        {"bands": [{"at_least": 0, "above": 0, "words": "none"}]}
    )
    assert "one of at_least or above" in problems({"bands": [{"words": "none"}]})


def test_a_start_is_a_proportion_from_0_to_1() -> None:
    assert "proportion_words" in problems({"bands": [{"at_least": 2, "words": "lots"}]})


def test_all_but_rules_need_more_cases_than_they_leave_out() -> None:
    text = problems(
        {
            "all_but": [{"short": 2, "min_cases": 2, "words": "all but two"}],
            "bands": [{"at_least": 0, "words": "some"}],
        }
    )
    assert "needs more than 2 cases" in text


def test_a_decimal_start_is_exact() -> None:
    framework = parse_framework(
        with_table(
            {"bands": [{"at_least": 0.9, "words": "most"}, {"at_least": 0, "words": "few"}]}
        ),
        "test.yaml",
    )
    assert framework.proportion_words is not None
    assert proportion_words(framework.proportion_words, 9, 10)[0] == "most"
    assert proportion_words(framework.proportion_words, 8999, 10000)[0] == "few"


def test_words_come_from_the_exact_fraction_not_the_rounded_figure(
    table: ProportionWords,
) -> None:
    shown = proportion(table, 47, 63)  # 74.6%, printed as 75%
    assert shown is not None and shown.percent == 75
    assert shown.words == "almost three-quarters"
