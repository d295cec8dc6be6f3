"""The chance of each rating as people read it: in band order, the most likely one marked.

The chances are the core's (yjqa.core.rating.uncertainty); the ratings page and the report's
annexe both show them this way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from yjqa.core.frameworks.model import NOT_RATED, Framework
from yjqa.core.rating.outputs import chance_text


@dataclass(frozen=True)
class Chance:
    rating: str
    probability: float
    text: str  # "44%", "under 1%"
    most_likely: bool
    rule: bool  # the rating the rules give from the sample's figures


def band_order(framework: Framework) -> list[str]:
    """Ratings best first: the framework's bands, then its overall bands, then Not rated."""
    rules = framework.rating_rules
    order: list[str] = []
    if rules is not None:
        for name in [b.rating for b in rules.bands] + [b.rating for b in rules.overall]:
            if name not in order:
                order.append(name)
    return [*order, NOT_RATED]


def chances(
    framework: Framework, probability: Mapping[str, float], rule_rating: str | None
) -> list[Chance]:
    """The chance of each rating in band order (Outstanding to Inadequate), every band shown
    (one never reached at 0%; Not rated only where it has a chance), the most likely marked
    (of equal chances, the better rating)."""
    if not probability:
        return []
    names = [name for name in band_order(framework) if name != NOT_RATED or name in probability]
    names += [name for name in probability if name not in names]
    best = max(probability.values())
    likeliest = next(name for name in names if probability.get(name, 0.0) == best)
    return [
        Chance(
            rating=name,
            probability=probability.get(name, 0.0),
            text=_text(probability.get(name, 0.0)),
            most_likely=name == likeliest,
            rule=name == rule_rating,
        )
        for name in names
    ]


def _text(probability: float) -> str:
    """A chance as people read it; none of the draws is "under 1%", not an impossible 0%."""
    return chance_text(probability) if probability > 0 else "under 1%"


def likelier_text(found: list[Chance]) -> str:
    """Where the rules' rating is not the most likely one, a sentence saying so; else empty."""
    likeliest = next((c for c in found if c.most_likely), None)
    ruled = next((c for c in found if c.rule), None)
    if likeliest is None or ruled is None or likeliest is ruled:
        return ""
    return (
        f"{likeliest.rating} ({likeliest.text}) is more likely than the rules' rating, "
        f"{ruled.rating} ({ruled.text})."
    )
