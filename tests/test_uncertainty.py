"""Intervals, band probabilities and what would move a rating: groundwork for issue 7."""

from __future__ import annotations

import pytest

from yjqa.core.frameworks import get_framework
from yjqa.core.rating import Tally
from yjqa.core.uncertainty import band_probabilities, wilson_interval, yes_needed_for_next_band

FRAMEWORK = get_framework("hmip-youth-2021")
RULES = FRAMEWORK.rating_rules
assert RULES is not None


@pytest.mark.parametrize(
    ("yes", "n", "low", "high"),
    [
        (7, 8, 52.9, 97.8),  # textbook Wilson 95% interval for 7 of 8
        (0, 10, 0.0, 27.8),  # and for none of 10
        (8, 8, 67.6, 100.0),  # and for all of 8
    ],
)
def test_wilson_interval_matches_published_values(
    yes: int, n: int, low: float, high: float
) -> None:
    interval = wilson_interval(yes, n)
    assert interval is not None
    assert interval.low == pytest.approx(low, abs=0.1)
    assert interval.high == pytest.approx(high, abs=0.1)


def test_wilson_interval_edges() -> None:
    assert wilson_interval(0, 0) is None
    with pytest.raises(ValueError):
        wilson_interval(9, 8)
    narrow, wide = wilson_interval(60, 80), wilson_interval(6, 8)
    assert narrow is not None and wide is not None
    assert narrow.high - narrow.low < wide.high - wide.low


def westmorland_assessment_cases(copies: int = 1) -> list[dict[str, str]]:
    """Eight cases answering 2.1 as printed: 100%, 88% (7/8) and 75% (6/8), repeated."""
    cases = []
    for number in range(8):
        cases.append(
            {
                "2.1.1": "yes",
                "2.1.2": "yes" if number < 7 else "no",
                "2.1.3": "yes" if number < 6 else "no",
            }
        )
    return cases * copies


def test_band_probabilities_are_replayable_and_sum_to_one() -> None:
    assert RULES is not None
    standard = FRAMEWORK.standard("2.1")
    first = band_probabilities(standard, westmorland_assessment_cases(), RULES, seed=4)
    again = band_probabilities(standard, westmorland_assessment_cases(), RULES, seed=4)
    assert first == again
    assert sum(first.values()) == pytest.approx(1.0)
    assert "Good" in first and first["Good"] < 0.8  # 8 cases: the published Good is uncertain


def test_more_cases_make_the_rating_surer() -> None:
    assert RULES is not None
    standard = FRAMEWORK.standard("2.1")
    few = band_probabilities(standard, westmorland_assessment_cases(1), RULES, seed=1)
    many = band_probabilities(standard, westmorland_assessment_cases(10), RULES, seed=1)
    assert many["Good"] > few["Good"]


def test_all_yes_is_certainly_outstanding() -> None:
    assert RULES is not None
    standard = FRAMEWORK.standard("2.1")
    cases = [{"2.1.1": "yes", "2.1.2": "yes", "2.1.3": "yes"}] * 5
    assert band_probabilities(standard, cases, RULES, resamples=200) == {"Outstanding": 1.0}


def test_yes_needed_for_the_next_band() -> None:
    assert RULES is not None
    # Westmorland and Furness 2.2.3: 4 of 8 (50%, Requires improvement); 6 of 8 is 75%.
    assert yes_needed_for_next_band(Tally(yes=4, no=4), RULES) == 2
    assert yes_needed_for_next_band(Tally(yes=8, no=0), RULES) is None  # already Outstanding
    assert yes_needed_for_next_band(Tally(not_applicable=3), RULES) is None
