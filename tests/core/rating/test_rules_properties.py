"""Properties that must hold for any case answers, not just the published ones."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from yjqa.core.frameworks.shipped import get_framework
from yjqa.core.rating.rules import (
    FrameworkRating,
    Tally,
    figures_from_tallies,
    overall_rating,
    rate_framework,
)

FRAMEWORK = get_framework("hmip-youth-2021")
RULES = FRAMEWORK.rating_rules
assert RULES is not None
ORDER = {band.rating: -i for i, band in enumerate(RULES.bands)}  # higher is better
CASE_QUESTIONS = [
    (s.id, q.id) for s in FRAMEWORK.iter_standards() if s.kind == "case" for q in s.key_questions
]
JUDGEMENT_IDS = [s.id for s in FRAMEWORK.iter_standards() if s.kind == "judgement"]

tallies = (
    st.tuples(st.integers(0, 40), st.integers(0, 40), st.integers(0, 10))
    .filter(lambda t: t[0] + t[1] > 0)
    .map(lambda t: Tally(*t))
)
answer_sets = st.lists(tallies, min_size=len(CASE_QUESTIONS), max_size=len(CASE_QUESTIONS))
judgement_sets = st.lists(
    st.sampled_from([b.rating for b in RULES.bands]),
    min_size=len(JUDGEMENT_IDS),
    max_size=len(JUDGEMENT_IDS),
)


def rate(counts: list[Tally], words: list[str]) -> FrameworkRating:
    by_standard: dict[str, dict[str, Tally]] = {}
    for (standard_id, question_id), tally in zip(CASE_QUESTIONS, counts, strict=True):
        by_standard.setdefault(standard_id, {})[question_id] = tally
    figures = figures_from_tallies(FRAMEWORK, by_standard)
    return rate_framework(FRAMEWORK, figures, dict(zip(JUDGEMENT_IDS, words, strict=True)))


@settings(max_examples=150, deadline=None)
@given(answer_sets, judgement_sets, st.integers(0, len(CASE_QUESTIONS) - 1))
def test_adding_a_yes_never_lowers_a_rating(
    counts: list[Tally], words: list[str], which: int
) -> None:
    before = rate(counts, words)
    more = list(counts)
    more[which] = Tally(more[which].yes + 1, more[which].no, more[which].not_applicable)
    after = rate(more, words)
    for old, new in zip(before.standards, after.standards, strict=True):
        assert ORDER.get(new.rating, 0) >= ORDER.get(old.rating, 0), old.standard_id
    assert (after.score or 0) >= (before.score or 0)


@settings(max_examples=150, deadline=None)
@given(answer_sets, judgement_sets)
def test_the_score_is_in_range_and_the_overall_rating_follows_from_it(
    counts: list[Tally], words: list[str]
) -> None:
    assert RULES is not None
    result = rate(counts, words)
    assert result.score is not None and result.max_score == 36
    assert 0 <= result.score <= result.max_score
    assert result.overall == overall_rating(result.score, RULES)
    counted = [r for r in result.standards if r.counts_towards_overall]
    assert result.score == sum(r.points or 0 for r in counted)


@given(st.integers(0, 36))
def test_every_score_has_exactly_one_overall_band(score: int) -> None:
    assert RULES is not None
    bands = [b for b in RULES.overall if b.min_score <= score <= b.max_score]
    assert len(bands) == 1
