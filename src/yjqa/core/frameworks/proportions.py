"""A proportion of cases in figures ("26 of 34 cases, 76%") and in the words inspectors use
("three-quarters", "all but two"), from the framework's `proportion_words` table.

Pure and exact: the fraction is yes / answered as a Fraction, so 3 of 4 is three-quarters
exactly, never 0.7499...
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from yjqa.core.frameworks.model import ProportionWords


@dataclass(frozen=True)
class Proportion:
    """`yes` of `answered` cases, with the table's words for it ("" without a table)."""

    yes: int
    answered: int
    words: str = ""  # e.g. "three-quarters"
    phrase: str = ""  # e.g. "three-quarters of cases": what follows "in" in a sentence

    @property
    def fraction(self) -> Fraction:
        return Fraction(self.yes, self.answered)

    @property
    def percent(self) -> int:
        """The whole percentage, rounded half up (as the reports print figures)."""
        return math.floor(100 * self.fraction + Fraction(1, 2))

    @property
    def figures(self) -> str:
        """E.g. "26 of 34 cases, 76%"."""
        noun = "case" if self.answered == 1 else "cases"
        return f"{self.yes} of {self.answered} {noun}, {self.percent}%"

    def text(self) -> str:
        """E.g. "three-quarters of cases (26 of 34 cases, 76%)", or the figures alone."""
        return f"{self.phrase} ({self.figures})" if self.phrase else self.figures


def proportion_words(table: ProportionWords, yes: int, answered: int) -> tuple[str, str]:
    """(words, phrase) for `yes` of `answered` cases: an all-but rule where it fits (all
    but `short`, with at least `min_cases` answered), else the band the fraction falls in.

    Raises ValueError for no cases answered, or yes outside 0 to answered.
    """
    if answered <= 0 or not 0 <= yes <= answered:
        raise ValueError(f"{yes} of {answered} is not a proportion of cases")
    for rule in table.all_but:
        if yes == answered - rule.short and answered >= rule.min_cases:
            return rule.words, rule.said()
    fraction = Fraction(yes, answered)
    for band in table.bands:  # highest first: the first band the fraction reaches
        reached = fraction > band.above if band.above is not None else fraction >= band.start
        if reached:
            return band.words, band.said()
    raise ValueError(f"no band covers {fraction}")  # the framework's checks rule this out


def proportion(table: ProportionWords | None, yes: int, answered: int) -> Proportion | None:
    """The proportion with its words (figures only without a table); None for no cases."""
    if answered <= 0:
        return None
    if table is None:
        return Proportion(yes, answered)
    words, phrase = proportion_words(table, yes, answered)
    return Proportion(yes, answered, words, phrase)
