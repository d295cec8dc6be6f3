"""Rating by areas and kinds of inspection (2025): activities banded as before, each area from
its activities, the overall rating from the areas, no score; older frameworks unchanged."""

from __future__ import annotations

from fractions import Fraction

import pytest

from yjqa.core.frameworks.model import NOT_RATED, CombineRule
from yjqa.core.frameworks.shipped import shipped_frameworks
from yjqa.core.rating.rules import (
    KeyQuestionFigure,
    combine_ratings,
    rate_available,
    rate_framework,
)
from yjqa.core.validation.problems import InputError

FW = shipped_frameworks()["hmip-youth-2025"]
RULES = FW.rating_rules
assert RULES is not None
OUT, G, RI, INAD = "Outstanding", "Good", "Requires improvement", "Inadequate"
# A % Yes that bands to each rating.
PCT = {OUT: 90, G: 70, RI: 55, INAD: 30}
MEDIAN = CombineRule()
CHILDREN_LEAD = CombineRule(method="lead", lead="children", lower_when_behind_by=2)


def figures(**ratings: str) -> dict[str, list[KeyQuestionFigure]]:
    """Figures for 2.1/2.2/2.3 (a, p, d) and V1 (v) giving each standard the rating named."""
    ids = {"a": "2.1", "p": "2.2", "d": "2.3", "v": "V1"}
    out = {}
    for key, rating in ratings.items():
        standard = FW.standard(ids[key])
        out[standard.id] = [
            KeyQuestionFigure(q.id, Fraction(100 if i else PCT[rating]))
            for i, q in enumerate(standard.key_questions)
        ]
    return out


@pytest.mark.parametrize(
    ("members", "expected"),
    [
        ((G, G, G), G),  # "rated Good across assessing, planning and delivery"
        ((G, OUT, OUT), OUT),  # "planning and delivery both rated Outstanding"
        ((OUT, RI, RI), RI),
        ((OUT, G, RI), G),  # all three differ: the middle one
        ((INAD, RI, G), RI),
        ((OUT, INAD, G), G),
        ((RI,), RI),  # one standard: its own rating
        ((OUT, G), G),  # an even split: the lower of the middle two
        ((OUT, OUT, G, G), G),
        ((OUT, OUT, OUT, G), OUT),
        ((OUT, G, RI, INAD), RI),
        ((G, NOT_RATED, OUT), G),  # Not rated is left out
    ],
)
def test_lower_median_takes_the_shared_rating_or_the_lower_middle(
    members: tuple[str, ...], expected: str
) -> None:
    ratings = {f"m{i}": r for i, r in enumerate(members)}
    assert combine_ratings(ratings, MEDIAN, RULES) == expected


@pytest.mark.parametrize(
    ("children", "victims", "expected"),
    [
        (G, G, G),
        (G, RI, G),  # one band lower: the children's rating carries
        (G, INAD, RI),  # two bands lower: one band off
        (OUT, INAD, G),  # three bands lower: still one band off
        (OUT, RI, G),
        (RI, OUT, RI),  # a better victims' rating never raises it
        (INAD, INAD, INAD),  # nothing below Inadequate
    ],
)
def test_the_lead_carries_unless_another_is_two_bands_lower(
    children: str, victims: str, expected: str
) -> None:
    ratings = {"children": children, "victims": victims}
    assert combine_ratings(ratings, CHILDREN_LEAD, RULES) == expected


def test_without_a_threshold_the_lead_alone_decides() -> None:
    rule = CombineRule(method="lead", lead="children")
    assert combine_ratings({"children": OUT, "victims": INAD}, rule, RULES) == OUT
    assert combine_ratings({"children": NOT_RATED, "victims": INAD}, rule, RULES) == NOT_RATED


def test_children_and_victims_rates_two_areas_and_the_overall_without_a_score() -> None:
    rating = rate_framework(FW, figures(a=G, p=OUT, d=G, v=RI), {})
    assert rating.inspection_type == "children_and_victims"
    assert [r.standard_id for r in rating.standards] == ["2.1", "2.2", "2.3", "V1"]
    assert [r.rating for r in rating.standards] == [G, OUT, G, RI]
    assert dict(rating.areas) == {"work_with_children": G, "work_with_victims": RI}
    assert rating.overall == G
    assert rating.score is None and rating.max_score is None


def test_a_victims_rating_two_bands_below_children_lowers_the_overall() -> None:
    rating = rate_framework(FW, figures(a=G, p=G, d=OUT, v=INAD), {}, None, "children_and_victims")
    assert dict(rating.areas) == {"work_with_children": G, "work_with_victims": INAD}
    assert rating.overall == RI


def test_an_activity_is_rated_from_its_lowest_key_question_banded_as_before() -> None:
    given = {
        "2.1": [
            KeyQuestionFigure("2.1.1", Fraction(86)),
            KeyQuestionFigure("2.1.2", Fraction(645, 10)),
        ],
        **figures(p=G, d=G, v=G),
    }
    rating = rate_framework(FW, given, {})
    assessing = rating.standard("2.1")
    assert assessing.lowest == 65 and assessing.rating == G  # 64.5% rounds half up to 65%


def test_a_full_inspection_rates_organisational_delivery_too() -> None:
    judgements = {"1.1": G, "1.2": RI, "1.3": "good", "1.4": RI}
    rating = rate_framework(FW, figures(a=OUT, p=OUT, d=G, v=RI), judgements, None, "full")
    assert rating.inspection_type == "full"
    assert [r.standard_id for r in rating.standards][:4] == ["1.1", "1.2", "1.3", "1.4"]
    assert dict(rating.areas) == {
        "organisational_delivery": RI,  # G, RI, G, RI split evenly: the lower of the middle two
        "work_with_children": OUT,
        "work_with_victims": RI,
    }
    assert rating.overall == RI  # RI, OUT, RI: two of three share Requires improvement
    assert rating.score is None and rating.max_score is None


def test_a_full_inspection_with_three_different_area_ratings_takes_the_middle() -> None:
    judgements = {"1.1": OUT, "1.2": OUT, "1.3": OUT, "1.4": G}
    rating = rate_framework(FW, figures(a=G, p=G, d=G, v=INAD), judgements, None, "full")
    assert list(rating.areas.values()) == [OUT, G, INAD]
    assert rating.overall == G


def test_a_full_inspection_needs_the_organisational_judgements() -> None:
    with pytest.raises(InputError) as caught:
        rate_framework(FW, figures(a=G, p=G, d=G, v=G), {}, None, "full")
    text = caught.value.describe()
    assert 'judgements["1.4"]: missing: no judgement recorded for 1.4' in text


def test_organisational_judgements_are_refused_in_a_children_and_victims_inspection() -> None:
    with pytest.raises(InputError) as caught:
        rate_framework(FW, figures(a=G, p=G, d=G, v=G), {"1.1": G})
    assert (
        'judgements["1.1"]: standard 1.1 is not rated in an inspection of kind '
        "'children_and_victims' (it rates: work_with_children, work_with_victims)"
    ) in caught.value.describe()


def test_an_unknown_kind_of_inspection_is_named() -> None:
    with pytest.raises(InputError) as caught:
        rate_framework(FW, figures(a=G, p=G, d=G, v=G), {}, None, "thematic")
    assert (
        "inspection_type: unknown kind of inspection 'thematic' in hmip-youth-2025 "
        "(use one of: children_and_victims, full)"
    ) in caught.value.describe()


def test_a_kind_of_inspection_is_refused_for_a_framework_without_kinds() -> None:
    fw = shipped_frameworks()["hmip-youth-2021"]
    with pytest.raises(InputError, match="has no kinds of inspection"):
        rate_framework(fw, {}, {}, None, "full")


def test_in_progress_an_area_waits_for_all_its_activities() -> None:
    rating = rate_available(FW, figures(a=G, p=OUT, v=RI), {})
    assert rating.standard("2.3").rating == NOT_RATED
    assert dict(rating.areas) == {"work_with_children": NOT_RATED, "work_with_victims": RI}
    assert rating.overall is None and rating.score is None
    done = rate_available(FW, figures(a=G, p=OUT, d=G, v=RI), {})
    assert done == rate_framework(FW, figures(a=G, p=OUT, d=G, v=RI), {})


def test_older_frameworks_rate_exactly_as_before() -> None:
    fw = shipped_frameworks()["hmip-youth-2021"]
    given = {
        s.id: [KeyQuestionFigure(q.id, Fraction(70)) for q in s.key_questions]
        for s in fw.iter_standards()
        if s.kind == "case"
    }
    judgements = {s.id: G for s in fw.iter_standards() if s.kind == "judgement"}
    rating = rate_framework(fw, given, judgements)
    assert rating.inspection_type is None and dict(rating.areas) == {}
    assert (rating.score, rating.max_score, rating.overall) == (24, 36, G)
    assert [r.standard_id for r in rating.standards] == [s.id for s in fw.iter_standards()]
    assert rate_available(fw, given, judgements) == rating
