"""How sure an inspection's ratings are, in words for its ratings page.

The chances are the core's (yjqa.core.rating.uncertainty), in band order with the most likely
marked (yjqa.core.documents.chances); this module says in plain English what a chance is of
and which caseload it speaks for.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from yjqa.core.documents.chances import Chance, chances, likelier_text
from yjqa.core.frameworks.model import CertaintyRules, Domain, Framework
from yjqa.core.rating.uncertainty import StandardUncertainty

# How each domain population's cases are named in a sentence ("of 39 eligible court cases").
POPULATION_NOUNS = {
    "court": "court cases",
    "out_of_court": "out-of-court cases",
    "resettlement": "resettlement cases",
    "community": "community cases",
    "secure": "cases in secure settings",
    "children": "children's cases",
    "victims": "victims' cases",
}


def borderline_rule(framework: Framework) -> tuple[float, float]:
    """(own chance below, neighbouring band's chance above) that make a rating borderline:
    the framework's rating rules' (`certainty`)."""
    certainty = _certainty_rules(framework)
    return certainty.borderline_if_rating_below, certainty.borderline_if_neighbour_above


def _certainty_rules(framework: Framework) -> CertaintyRules:
    rules = framework.rating_rules
    return rules.certainty if rules is not None else CertaintyRules()


def borderline_rule_text(framework: Framework) -> str:
    own, neighbour = borderline_rule(framework)
    return (
        f"a rating is borderline when its own chance is under {own:.0%}, or a neighbouring "
        f"rating (one band above or below) has a chance over {neighbour:.0%}"
    )


def population_text(domain: Domain | None, size: int | None) -> str:
    """The caseload a standard's chances speak for: "of 39 eligible court cases", or "(population
    of eligible court cases not known: treated as large)"."""
    noun = POPULATION_NOUNS.get((domain.population if domain else None) or "", "cases")
    if size is None:
        return f"(population of eligible {noun} not known: treated as large)"
    return f"of {size:,} eligible {noun}"


def of_what_text(domain: Domain | None, size: int | None) -> str:
    """What a standard's chance is of, in plain words."""
    noun = POPULATION_NOUNS.get((domain.population if domain else None) or "", "cases")
    if size is not None:
        caseload = f"all {size:,} eligible {noun} the sample was drawn from"
    else:
        caseload = (
            f"every eligible case the sample was drawn from (how many {noun} there are is "
            "not known, so the caseload is treated as large)"
        )
    return (
        f"Each chance is the chance that, if {caseload} were read and rated by the same "
        "rules, the standard would get that rating."
    )


@dataclass(frozen=True)
class StandardSure:
    """One case standard's how-sure display."""

    sure: StandardUncertainty
    too_few: bool
    chances: list[Chance]
    likelier: str
    population: str
    of_what: str
    not_borderline: str  # why the rating is not borderline, in words; empty when it is
    min_cases: int  # the fewest cases answering a standard for chances to be given


def standard_sure(
    framework: Framework,
    domain: Domain | None,
    rule_rating: str,
    sure: StandardUncertainty,
    population: Mapping[str, int],
) -> StandardSure:
    """`population`: the caseload size each standard's chances used, by standard id."""
    too_few = sure.too_few_cases or not sure.band_probability
    found = [] if too_few else chances(framework, sure.band_probability, rule_rating)
    size = population.get(sure.standard_id)
    return StandardSure(
        sure=sure,
        too_few=too_few,
        chances=found,
        likelier=likelier_text(found),
        population=population_text(domain, size),
        of_what=of_what_text(domain, size),
        not_borderline="" if too_few or sure.borderline else _not_borderline_text(framework, found),
        min_cases=_certainty_rules(framework).min_cases,
    )


def _not_borderline_text(framework: Framework, found: list[Chance]) -> str:
    """E.g. "Not borderline: Good has a 54% chance, and neither neighbouring rating has over
    30%."."""
    ruled = next((c for c in found if c.rule), None)
    if ruled is None:
        return ""
    own, neighbour = borderline_rule(framework)
    return (
        f"Not borderline: {ruled.rating} has a {ruled.text} chance (at least {own:.0%}), and "
        f"no neighbouring rating has over {neighbour:.0%}."
    )
