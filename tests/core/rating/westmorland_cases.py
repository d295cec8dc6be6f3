"""The hmip-youth-2021 framework's rating rules (or a variant of them), and Westmorland and
Furness's assessment cases as printed, for the certainty tests and the benchmark baseline's."""

from __future__ import annotations

from yjqa.core.frameworks.model import Band, RatingRules
from yjqa.core.frameworks.shipped import get_framework
from yjqa.core.rating.rules import Answer

FRAMEWORK = get_framework("hmip-youth-2021")
RULES = FRAMEWORK.rating_rules
assert RULES is not None


def rules_with(rounding: str = "half_up", bands: tuple[Band, ...] | None = None) -> RatingRules:
    assert RULES is not None
    return RatingRules.model_validate(
        {
            "rounding": rounding,
            "bands": [b.model_dump() for b in (bands or RULES.bands)],
            "overall": [o.model_dump() for o in RULES.overall],
        }
    )


def westmorland_assessment_cases(copies: int = 1) -> list[dict[str, Answer]]:
    """Eight cases answering 2.1 as printed: 100%, 88% (7/8) and 75% (6/8), repeated."""
    cases: list[dict[str, Answer]] = []
    for number in range(8):
        cases.append(
            {
                "2.1.1": "yes",
                "2.1.2": "yes" if number < 7 else "no",
                "2.1.3": "yes" if number < 6 else "no",
            }
        )
    return cases * copies
