"""Double marking: which answers count when two auditors audit the same case.

A second, independent audit checks that auditors apply the framework alike. Where the two
answers to a key question differ, a moderator rules on it; the ruling holds only for the
pair of answers it was made on, so a changed answer goes back to the moderator.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from yjqa.core.rating.rules import Answer


@dataclass(frozen=True)
class Ruling:
    """A moderator's agreed answer, and the two answers it settled."""

    first_answer: Answer
    second_answer: Answer
    agreed_answer: Answer


@dataclass(frozen=True)
class ModeratedCase:
    answers: dict[str, Answer]  # the answers that count, by key question
    awaiting: tuple[str, ...]  # key questions whose disagreement has no ruling yet


def disagreements(first: Mapping[str, Answer], second: Mapping[str, Answer]) -> list[str]:
    """Key questions both auditors answered, differently, in the first audit's order."""
    return [q for q, answer in first.items() if q in second and second[q] != answer]


def moderated_answers(
    first: Mapping[str, Answer],
    second: Mapping[str, Answer] | None,
    rulings: Mapping[str, Sequence[Ruling]],
) -> ModeratedCase:
    """The answers that count for one case.

    Agreed answers stand; a disagreement takes the latest ruling on that same pair of
    answers. Until it has one, the first marking's answer counts (it is the audit the
    sample was drawn for) and the key question is reported as awaiting moderation.
    """
    answers = dict(first)
    awaiting: list[str] = []
    if second is None:
        return ModeratedCase(answers, ())
    for question in disagreements(first, second):
        current = [
            r
            for r in rulings.get(question, ())
            if (r.first_answer, r.second_answer) == (first[question], second[question])
        ]
        if current:
            answers[question] = current[-1].agreed_answer
        else:
            awaiting.append(question)
    return ModeratedCase(answers, tuple(awaiting))


def cases_to_double_mark(
    cases_by_domain: Mapping[str, Sequence[str]],
    percent: int,
    already: Sequence[str] = (),
    seed: int = 0,
) -> list[str]:
    """Which further cases to double mark so that at least `percent` of all are.

    The number wanted is rounded up (20% of 22 cases is 5), shared across domains in
    proportion to their size so each domain's work is checked, and the cases are picked
    by a seeded draw so the choice can be replayed.
    """
    if not 0 <= percent <= 100:
        raise ValueError(f"{percent}% is not a share of cases")
    total = sum(len(refs) for refs in cases_by_domain.values())
    wanted = math.ceil(total * percent / 100) - len(already)
    if wanted <= 0 or total == 0:
        return []
    rng = random.Random(seed)
    marked = set(already)
    chosen: list[str] = []
    # Largest remainder: each domain's share of the cases still to choose.
    quotas = {d: len(refs) * wanted / total for d, refs in cases_by_domain.items()}
    counts = {d: math.floor(q) for d, q in quotas.items()}
    for domain in sorted(quotas, key=lambda d: (counts[d] - quotas[d], d))[
        : wanted - sum(counts.values())
    ]:
        counts[domain] += 1
    spare: list[str] = []
    for domain in sorted(cases_by_domain):
        candidates = [ref for ref in cases_by_domain[domain] if ref not in marked]
        rng.shuffle(candidates)
        chosen += candidates[: counts[domain]]
        spare += candidates[counts[domain] :]
    # A domain with too few unmarked cases left gives its share to the others.
    chosen += spare[: wanted - len(chosen)]
    return chosen
