"""Double marking: which answers count, and which cases are chosen for a second marking."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from yjqa.core.rating.moderation import (
    Ruling,
    cases_to_double_mark,
    disagreements,
    moderated_answers,
)


def test_agreed_answers_stand_and_a_single_marking_is_taken_as_it_is() -> None:
    first = {"2.1.1": "yes", "2.1.2": "no"}
    assert moderated_answers(first, None, {}).answers == first
    result = moderated_answers(first, dict(first), {})
    assert result.answers == first and result.awaiting == ()


def test_a_disagreement_waits_with_the_first_answer_counting_until_it_is_ruled_on() -> None:
    first = {"2.1.1": "yes", "2.1.2": "no", "2.1.3": "yes"}
    second = {"2.1.1": "yes", "2.1.2": "yes", "2.1.3": "n/a"}
    assert disagreements(first, second) == ["2.1.2", "2.1.3"]
    waiting = moderated_answers(first, second, {})
    assert waiting.answers == first
    assert waiting.awaiting == ("2.1.2", "2.1.3")
    ruled = moderated_answers(first, second, {"2.1.2": [Ruling("no", "yes", "yes")]})
    assert ruled.answers == {"2.1.1": "yes", "2.1.2": "yes", "2.1.3": "yes"}
    assert ruled.awaiting == ("2.1.3",)


def test_the_latest_ruling_on_the_same_answers_counts() -> None:
    first, second = {"3.1.1": "yes"}, {"3.1.1": "no"}
    rulings = {"3.1.1": [Ruling("yes", "no", "no"), Ruling("yes", "no", "yes")]}
    assert moderated_answers(first, second, rulings).answers == {"3.1.1": "yes"}


def test_a_ruling_on_answers_since_changed_no_longer_applies() -> None:
    """The second auditor changed their answer after the ruling: it goes back to the queue."""
    rulings = {"3.1.1": [Ruling("yes", "no", "no")]}
    result = moderated_answers({"3.1.1": "yes"}, {"3.1.1": "n/a"}, rulings)
    assert result.answers == {"3.1.1": "yes"}
    assert result.awaiting == ("3.1.1",)


def test_twenty_per_cent_of_twenty_two_cases_is_five_shared_across_domains() -> None:
    cases = {"court": [f"C{i}" for i in range(12)], "oocd": [f"O{i}" for i in range(10)]}
    chosen = cases_to_double_mark(cases, 20, seed=7)
    assert len(chosen) == 5 == math.ceil(22 * 0.2)
    assert len(set(chosen)) == 5
    court = [c for c in chosen if c.startswith("C")]
    assert len(court) == 3 and len(chosen) - len(court) == 2  # 2.73 and 2.27 of the 5
    assert cases_to_double_mark(cases, 20, seed=7) == chosen  # replayable
    assert cases_to_double_mark(cases, 20, already=chosen, seed=7) == []


def test_cases_already_double_marked_count_towards_the_share() -> None:
    cases = {"court": [f"C{i}" for i in range(10)]}
    more = cases_to_double_mark(cases, 50, already=["C0", "C1"], seed=1)
    assert len(more) == 3 and not {"C0", "C1"} & set(more)


@given(
    st.lists(st.integers(min_value=0, max_value=30), min_size=1, max_size=4),
    st.integers(min_value=0, max_value=100),
    st.integers(min_value=0, max_value=2**32),
)
def test_the_share_is_always_met_exactly_without_repeats(
    sizes: list[int], percent: int, seed: int
) -> None:
    cases = {f"d{d}": [f"d{d}-{i}" for i in range(n)] for d, n in enumerate(sizes)}
    chosen = cases_to_double_mark(cases, percent, seed=seed)
    assert len(chosen) == len(set(chosen)) == math.ceil(sum(sizes) * percent / 100)
    every = {ref for refs in cases.values() for ref in refs}
    assert set(chosen) <= every
