"""The ratings page's borderline rule and its "too few cases" minimum are the framework's own
(`rating_rules.certainty`): a framework with other figures is described with those figures.
The shipped framework's figures are the model's defaults, so only a changed framework can show
that they are read rather than assumed."""

from __future__ import annotations

from yjqa.core.frameworks.model import CertaintyRules, Framework
from yjqa.core.frameworks.shipped import get_framework
from yjqa.core.rating.uncertainty import StandardUncertainty
from yjqa.web.inspections.how_sure import borderline_rule, borderline_rule_text, standard_sure

SHIPPED = get_framework("hmip-youth-2021")


def with_certainty(framework: Framework, certainty: CertaintyRules) -> Framework:
    rules = framework.rating_rules
    assert rules is not None
    return framework.model_copy(
        update={"rating_rules": rules.model_copy(update={"certainty": certainty})}
    )


STRICTER = with_certainty(
    SHIPPED,
    CertaintyRules(min_cases=7, borderline_if_rating_below=0.65, borderline_if_neighbour_above=0.2),
)


def test_the_borderline_rule_is_the_frameworks() -> None:
    assert borderline_rule(SHIPPED) == (0.5, 0.3)
    assert borderline_rule(STRICTER) == (0.65, 0.2)
    text = borderline_rule_text(STRICTER)
    assert "its own chance is under 65%" in text and "has a chance over 20%" in text


def test_a_clear_rating_is_explained_and_counted_by_the_frameworks_figures() -> None:
    sure = StandardUncertainty(
        "2.1", (), {"Good": 0.9, "Inadequate": 0.1}, False, None, None, most_likely="Good"
    )
    shown = standard_sure(STRICTER, None, "Good", sure, {})
    assert shown.not_borderline == (
        "Not borderline: Good has a 90% chance (at least 65%), and no neighbouring rating has "
        "over 20%."
    )
    assert shown.min_cases == 7
    assert standard_sure(SHIPPED, None, "Good", sure, {}).min_cases == 5
